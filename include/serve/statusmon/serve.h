/* serve.h: the metrics HTTP server of --listen. GET/HEAD /metrics is the
 * Prometheus exposition of the live pipeline's counters (text 0.0.4, or
 * OpenMetrics 1.0 when the Accept header prefers it), / a small landing
 * page; 404 elsewhere, 405 for other methods. libmicrohttpd serves it on
 * its own threads; each scrape takes a snapshot (a copy under the live
 * lock), so the counting threads never wait on a client. Connections,
 * their time, their count per address and the request size are bounded. */
#ifndef STATUSMON_SERVE_H
#define STATUSMON_SERVE_H

#include <stdbool.h>
#include "statusmon/error.h"
#include "statusmon/live.h"

#define SERVE_ADDR_MAX 64
#define SERVE_DEFAULT_ADDR "127.0.0.1"

struct serve_config {
	char addr[SERVE_ADDR_MAX];  /* numeric IPv4 or IPv6 address          */
	unsigned port;              /* 1..65535                              */
	const char *version;        /* build_info labels                     */
	const char *registry;
	long long start_time;       /* UTC seconds                           */
	unsigned max_connections;   /* 0: 64                                 */
	unsigned max_per_address;   /* 0: 8                                  */
	unsigned timeout_seconds;   /* idle or slow connection; 0: 10        */
};

/* --listen=[ADDR:]PORT ("9464", "127.0.0.1:9464", "[::1]:9464",
 * "0.0.0.0:9464") into cfg->addr and cfg->port; ADDR defaults to
 * 127.0.0.1. -1 + err when it is not one. */
int serve_parse_listen(const char *spec, struct serve_config *cfg, struct error *err);

struct serve;

/* Listens and serves lv until serve_stop. NULL + err ("127.0.0.1:9464:
 * Address already in use") when it cannot listen. lv must outlive it. */
struct serve *serve_start(struct live *lv, const struct serve_config *cfg, struct error *err);
void serve_stop(struct serve *sv);

#endif
