/* serve.c: the --listen HTTP server, on libmicrohttpd (a well-kept,
 * event-driven server library: no hand-written HTTP parsing here). We
 * bind the socket ourselves (so a busy port is a clear error), then MHD
 * runs a small pool of polling threads over it: a slow or idle client
 * costs a connection slot, never a thread, and is dropped after the
 * timeout. Every scrape copies a snapshot under the live lock (counting
 * waits for that copy only, never for a client) and writes it with the
 * report stage's exposition (prometheus.c) into a buffer MHD sends. */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <microhttpd.h>
#include "statusmon/report.h"
#include "statusmon/serve.h"
#include "statusmon/xalloc.h"

#define SERVE_THREADS 2
#define SERVE_MEMORY_LIMIT 8192   /* per connection: a request line or
                                     header block of 8 KiB or more is refused */
#define SERVE_BACKLOG 64

struct serve {
	struct live *lv;
	struct serve_config cfg;
	struct MHD_Daemon *mhd;
	int fd;
};

static const char landing_page[] =
	"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>statusmon</title></head>\n"
	"<body><h1>statusmon</h1><p>HTTP status metrics from access logs: "
	"<a href=\"/metrics\">/metrics</a> (Prometheus text 0.0.4 or OpenMetrics 1.0).</p>"
	"</body></html>\n";

static enum MHD_Result serve_static(struct MHD_Connection *conn, unsigned status,
                                    const char *type, const char *body, const char *allow)
{
	struct MHD_Response *resp = MHD_create_response_from_buffer(strlen(body), (void *)body,
	                                                            MHD_RESPMEM_PERSISTENT);
	enum MHD_Result r;

	if (!resp)
		return MHD_NO;
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	if (allow)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, allow);
	r = MHD_queue_response(conn, status, resp);
	MHD_destroy_response(resp);
	return r;
}

/* Every source's follow health, copied now into src (PROM_INPUTS_MAX),
 * as the exposition's inputs (malloc'd; they point into src). */
static struct prom_input *serve_inputs(struct serve *sv, struct live_source_info *src,
                                       size_t *n)
{
	size_t total = live_get_sources(sv->lv, src, PROM_INPUTS_MAX), i;
	struct prom_input *in;

	*n = total < PROM_INPUTS_MAX ? total : PROM_INPUTS_MAX;
	in = xcalloc(*n ? *n : 1, sizeof *in);
	for (i = 0; i < *n; i++)
		in[i] = (struct prom_input){
			.name = src[i].name, .rotations = src[i].rotations,
			.truncations = src[i].truncations, .open_errors = src[i].open_errors,
			.read_errors = src[i].read_errors, .fault = src[i].fault[0] != '\0',
		};
	return in;
}

/* The exposition of a snapshot taken now, in a malloc'd buffer. */
static char *serve_exposition(struct serve *sv, enum prom_format fmt, size_t *len)
{
	struct snapshot_options so = { .max_buckets = 1, .no_items = true };
	struct live_info info;
	struct prom_live live;
	struct snapshot *snap;
	struct live_source_info *src;
	struct prom_input *inputs;
	char *buf = NULL;
	FILE *f;

	live_get_info(sv->lv, &info);
	snap = live_snapshot(sv->lv, &so);
	live = (struct prom_live){
		.version = sv->cfg.version, .registry = sv->cfg.registry,
		.start_time = sv->cfg.start_time, .bytes = info.bytes,
	};
	src = xcalloc(PROM_INPUTS_MAX, sizeof *src);
	live.inputs = inputs = serve_inputs(sv, src, &live.n_inputs);
	f = open_memstream(&buf, len);
	if (f) {
		prom_write_live(f, fmt, &live, snap);
		if (fclose(f) != 0) {
			free(buf);
			buf = NULL;
		}
	}
	snapshot_free(snap);
	free(inputs);
	free(src);
	return buf;
}

static enum MHD_Result serve_metrics(struct serve *sv, struct MHD_Connection *conn)
{
	const char *accept = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
	                                                 MHD_HTTP_HEADER_ACCEPT);
	enum prom_format fmt = prom_format_accept(accept);
	struct MHD_Response *resp;
	enum MHD_Result r;
	size_t len = 0;
	char *body = serve_exposition(sv, fmt, &len);

	if (!body)
		return serve_static(conn, MHD_HTTP_INTERNAL_SERVER_ERROR, "text/plain; charset=utf-8",
		                    "out of memory\n", NULL);
	resp = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	if (!resp) {
		free(body);
		return MHD_NO;
	}
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, prom_content_type(fmt));
	MHD_add_response_header(resp, MHD_HTTP_HEADER_VARY, MHD_HTTP_HEADER_ACCEPT);
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	r = MHD_queue_response(conn, MHD_HTTP_OK, resp);
	MHD_destroy_response(resp);
	return r;
}

static enum MHD_Result serve_answer(void *cls, struct MHD_Connection *conn, const char *url,
                                    const char *method, const char *version,
                                    const char *upload_data, size_t *upload_size,
                                    void **req_cls)
{
	struct serve *sv = cls;

	(void)version;
	(void)upload_data;
	(void)req_cls;
	if (*upload_size) {            /* a body is never wanted: dropped */
		*upload_size = 0;
		return MHD_YES;
	}
	if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 && strcmp(method, MHD_HTTP_METHOD_HEAD) != 0)
		return serve_static(conn, MHD_HTTP_METHOD_NOT_ALLOWED, "text/plain; charset=utf-8",
		                    "method not allowed: GET or HEAD\n", "GET, HEAD");
	if (strcmp(url, "/metrics") == 0)
		return serve_metrics(sv, conn);
	if (strcmp(url, "/") == 0)
		return serve_static(conn, MHD_HTTP_OK, "text/html; charset=utf-8", landing_page, NULL);
	return serve_static(conn, MHD_HTTP_NOT_FOUND, "text/plain; charset=utf-8",
	                    "not found: try /metrics\n", NULL);
}

/* MHD's own messages are not printed: only main speaks. */
static void serve_quiet(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	(void)fmt;
	(void)ap;
}

int serve_parse_listen(const char *spec, struct serve_config *cfg, struct error *err)
{
	const char *colon = strrchr(spec, ':'), *port = colon ? colon + 1 : spec;
	size_t alen = colon ? (size_t)(colon - spec) : 0;
	char *end;
	long p;

	if (alen >= 2 && spec[0] == '[' && spec[alen - 1] == ']') {
		spec++;
		alen -= 2;
	}
	errno = 0;
	p = *port >= '0' && *port <= '9' ? strtol(port, &end, 10) : -1;
	if (p < 1 || p > 65535 || errno || *end || alen >= sizeof cfg->addr || (colon && alen == 0)) {
		error_set(err, "--listen: '%.200s' is not [ADDR:]PORT (e.g. 9464 or 127.0.0.1:9464, "
		          "PORT 1-65535)", spec);
		return -1;
	}
	if (colon) {
		memcpy(cfg->addr, spec, alen);
		cfg->addr[alen] = '\0';
	} else {
		strcpy(cfg->addr, SERVE_DEFAULT_ADDR);
	}
	cfg->port = (unsigned)p;
	return 0;
}

/* A listening socket on cfg's numeric address, or -1 + err. */
static int serve_listen_socket(const struct serve_config *cfg, struct error *err)
{
	struct addrinfo hints = { .ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE,
	                          .ai_socktype = SOCK_STREAM };
	struct addrinfo *ai = NULL;
	char port[16];
	int fd = -1, one = 1, e;

	snprintf(port, sizeof port, "%u", cfg->port);
	e = getaddrinfo(cfg->addr, port, &hints, &ai);
	if (e != 0) {
		error_set(err, "--listen: '%s' is not a numeric IP address (%s)", cfg->addr,
		          gai_strerror(e));
		return -1;
	}
	fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd >= 0)
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (fd < 0 || bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 || listen(fd, SERVE_BACKLOG) != 0) {
		error_set(err, "--listen: %s port %u: %s", cfg->addr, cfg->port, strerror(errno));
		if (fd >= 0)
			close(fd);
		fd = -1;
	}
	freeaddrinfo(ai);
	return fd;
}

struct serve *serve_start(struct live *lv, const struct serve_config *cfg, struct error *err)
{
	struct serve *sv = xcalloc(1, sizeof *sv);

	sv->lv = lv;
	sv->cfg = *cfg;
	if (!sv->cfg.max_connections)
		sv->cfg.max_connections = 64;
	if (!sv->cfg.max_per_address)
		sv->cfg.max_per_address = 8;
	if (!sv->cfg.timeout_seconds)
		sv->cfg.timeout_seconds = 10;
	sv->fd = serve_listen_socket(&sv->cfg, err);
	if (sv->fd < 0) {
		free(sv);
		return NULL;
	}
	sv->mhd = MHD_start_daemon(MHD_USE_AUTO_INTERNAL_THREAD, 0, NULL, NULL, serve_answer, sv,
		MHD_OPTION_LISTEN_SOCKET, (MHD_socket)sv->fd,
		MHD_OPTION_THREAD_POOL_SIZE, (unsigned)SERVE_THREADS,
		MHD_OPTION_CONNECTION_LIMIT, sv->cfg.max_connections,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, sv->cfg.max_per_address,
		MHD_OPTION_CONNECTION_TIMEOUT, sv->cfg.timeout_seconds,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)SERVE_MEMORY_LIMIT,
		MHD_OPTION_EXTERNAL_LOGGER, serve_quiet, NULL,
		MHD_OPTION_END);
	if (!sv->mhd) {
		error_set(err, "--listen: %s port %u: the HTTP server could not start", sv->cfg.addr,
		          sv->cfg.port);
		close(sv->fd);
		free(sv);
		return NULL;
	}
	return sv;
}

void serve_stop(struct serve *sv)
{
	if (!sv)
		return;
	MHD_stop_daemon(sv->mhd);   /* joins its threads, closes the socket */
	free(sv);
}
