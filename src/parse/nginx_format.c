/* nginx_format.c: nginx log_format strings -> a PCRE2 regex with the
 * record field names as groups (then compiled by pattern.c). Kept apart
 * from the Apache compiler: the languages differ ($var / ${var}, one
 * escaping rule), only the builder and field regexes are shared. nginx
 * writes "-" for an empty variable and, with the default escaping, " as
 * \x22, so a quoted value never holds a bare quote. */
#include <stdio.h>
#include <string.h>
#include "format_impl.h"
#include "clf_split.h"
#include "regex_build.h"

#define VAR_NAME_MAX 64

enum var_kind {
	V_TEXT,        /* a string; may hold spaces only when quoted     */
	V_REQUEST,     /* "GET / HTTP/1.1"                              */
	V_NUMBER, V_DECIMAL,
	V_TIME_LOCAL, V_TIME_ISO, V_MSEC,
	V_LIST,        /* $upstream_*: "a, b : c"                        */
	V_FIXED        /* rx as given                                   */
};

struct var {
	const char *name;
	int group;
	enum var_kind kind;
	const char *rx;        /* V_FIXED */
};

static const struct var var_table[] = {
	{ "remote_addr", FIELD_CLIENT, V_TEXT, NULL },
	{ "realip_remote_addr", -1, V_TEXT, NULL },
	{ "remote_port", -1, V_NUMBER, NULL },
	{ "remote_user", FIELD_USER, V_TEXT, NULL },
	{ "time_local", FIELD_TIME, V_TIME_LOCAL, NULL },
	{ "time_iso8601", FIELD_TIME, V_TIME_ISO, NULL },
	{ "msec", FIELD_TIME, V_MSEC, NULL },
	{ "request", GROUP_REQUEST, V_REQUEST, NULL },
	{ "status", FIELD_STATUS, V_TEXT, NULL },
	{ "body_bytes_sent", FIELD_BYTES, V_TEXT, NULL },
	{ "bytes_sent", FIELD_BYTES, V_TEXT, NULL },
	{ "request_length", -1, V_NUMBER, NULL },
	{ "request_time", GROUP_DUR(DG_REQUEST_TIME), V_DECIMAL, NULL },
	/* seconds, a list when several upstreams were tried: summed */
	{ "upstream_response_time", GROUP_DUR(DG_UPSTREAM_TIME), V_LIST, NULL },
	{ "connection", -1, V_NUMBER, NULL },
	{ "connection_requests", -1, V_NUMBER, NULL },
	{ "pipe", -1, V_FIXED, "[p.]" },
	{ "host", FIELD_VHOST, V_TEXT, NULL },
	{ "server_name", FIELD_VHOST, V_TEXT, NULL },
	{ "hostname", -1, V_TEXT, NULL },
	{ "server_addr", -1, V_TEXT, NULL },
	{ "server_port", -1, V_NUMBER, NULL },
	{ "request_method", FIELD_METHOD, V_TEXT, NULL },
	{ "request_uri", FIELD_PATH, V_TEXT, NULL },
	{ "uri", FIELD_PATH, V_TEXT, NULL },
	{ "document_uri", FIELD_PATH, V_TEXT, NULL },
	{ "args", -1, V_TEXT, NULL },
	{ "query_string", -1, V_TEXT, NULL },
	{ "is_args", -1, V_FIXED, "\\??" },
	{ "server_protocol", FIELD_PROTOCOL, V_TEXT, NULL },
	{ "scheme", -1, V_TEXT, NULL },
	{ "https", -1, V_FIXED, "(?:on)?" },
	{ "request_id", -1, V_TEXT, NULL },
	{ "request_body", -1, V_TEXT, NULL },
	{ "gzip_ratio", -1, V_TEXT, NULL },
	{ "content_type", -1, V_TEXT, NULL },
	{ "content_length", -1, V_TEXT, NULL },
	{ "document_root", -1, V_TEXT, NULL },
	{ "realpath_root", -1, V_TEXT, NULL },
	{ "proxy_protocol_addr", -1, V_TEXT, NULL },
	{ "proxy_protocol_port", -1, V_TEXT, NULL },
	{ "proxy_add_x_forwarded_for", -1, V_LIST, NULL },
	{ "limit_req_status", -1, V_TEXT, NULL },
	{ "nginx_version", -1, V_TEXT, NULL },
	{ "pid", -1, V_NUMBER, NULL },
	{ "tcpinfo_rtt", -1, V_NUMBER, NULL },
	{ "tcpinfo_rttvar", -1, V_NUMBER, NULL },
	{ "tcpinfo_snd_cwnd", -1, V_NUMBER, NULL },
	{ "tcpinfo_rcv_space", -1, V_NUMBER, NULL },
	/* request headers with a record field; other $http_* are text */
	{ "http_referer", FIELD_REFERER, V_TEXT, NULL },
	{ "http_user_agent", FIELD_AGENT, V_TEXT, NULL },
	{ "http_host", FIELD_VHOST, V_TEXT, NULL },
	{ "http_x_forwarded_for", -1, V_LIST, NULL },
};

/* Families: any name with one of these prefixes. */
static const struct {
	const char *prefix;
	enum var_kind kind;
} prefix_table[] = {
	{ "http_", V_TEXT }, { "sent_http_", V_TEXT }, { "sent_trailer_", V_TEXT },
	{ "cookie_", V_TEXT }, { "arg_", V_TEXT }, { "upstream_", V_LIST },
	{ "ssl_", V_TEXT }, { "geoip_", V_TEXT }, { "geoip2_", V_TEXT },
};

static const struct var *var_lookup(const char *name, size_t n, struct var *tmp)
{
	size_t i, plen;

	for (i = 0; i < sizeof var_table / sizeof var_table[0]; i++) {
		if (strlen(var_table[i].name) == n && memcmp(var_table[i].name, name, n) == 0)
			return &var_table[i];
	}
	for (i = 0; i < sizeof prefix_table / sizeof prefix_table[0]; i++) {
		plen = strlen(prefix_table[i].prefix);
		if (n > plen && memcmp(prefix_table[i].prefix, name, plen) == 0) {
			tmp->name = prefix_table[i].prefix;
			tmp->group = -1;
			tmp->kind = prefix_table[i].kind;
			tmp->rx = NULL;
			return tmp;
		}
	}
	return NULL;
}

static const char *var_regex(const struct var *v, enum quoting q)
{
	switch (v->kind) {
	case V_TEXT:
		return regex_text(q, false);
	case V_REQUEST:
		return regex_text(q, true);
	case V_NUMBER:
		return "\\d+|-";
	case V_DECIMAL:
		return RX_DECIMAL "|-";
	case V_TIME_LOCAL:
		return RX_CLF_TIME;
	case V_TIME_ISO:
		return "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:Z|[+-]\\d{2}:\\d{2})";
	case V_MSEC:
		return "\\d+\\.\\d+";
	case V_LIST:
		return q == Q_WHOLE ? RX_QUOTED_CUT :
		       "[^\\s,\"]+(?:(?:, | : )[^\\s,\"]+)*";
	case V_FIXED:
		break;
	}
	return v->rx;
}

static enum time_layout var_layout(enum var_kind kind)
{
	return kind == V_TIME_LOCAL ? TIME_CLF :
	       kind == V_TIME_ISO ? TIME_ISO8601 :
	       kind == V_MSEC ? TIME_EPOCH : TIME_NONE;
}

static bool is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

/* The variable at fmt[*i] == '$' ($name or ${name}); *i moves past it. */
static int var_emit(struct format_compile *c, size_t *i, struct error *err)
{
	size_t at = *i, start = at + 1, end;
	bool braced = start < c->len && c->fmt[start] == '{';
	const struct var *v;
	struct var tmp;

	if (braced)
		start++;
	for (end = start; end < c->len && is_name_char(c->fmt[end]); end++)
		;
	if (end == start || end - start > VAR_NAME_MAX ||
	    (braced && (end >= c->len || c->fmt[end] != '}'))) {
		error_set(err, "bad nginx variable at offset %zu", at);
		return -1;
	}
	v = var_lookup(c->fmt + start, end - start, &tmp);
	if (!v) {
		error_set(err, "unknown nginx variable $%.*s at offset %zu",
		          (int)(end - start), c->fmt + start, at);
		return -1;
	}
	*i = end + braced;
	if (rbuf_group(&c->b, &c->groups, v->group,
	               var_regex(v, regex_quoting(c->fmt, c->len, at, *i, c->in_quotes))) &&
	    v->group == FIELD_TIME)
		c->layout = var_layout(v->kind);
	return 0;
}

int nginx_format_to_regex(const char *fmt, char **regex, enum time_layout *layout,
                          struct error *err)
{
	return format_compile_run(fmt, '$', var_emit, "nginx log_format", "$status",
	                          regex, layout, err);
}

/* The CLF family as nginx spells it (its "combined" log_format and that
 * without the two headers). nginx writes a literal "-" for the ident and
 * $time_local's fixed layout: the fast path's line must hold both. */
static const struct rx_prefix nginx_prefixes[] = {
	{ "$remote_addr - $remote_user [$time_local] \"$request\" $status "
	  "$body_bytes_sent \"$http_referer\" \"$http_user_agent\"", CLF_COMBINED, true },
	{ "$remote_addr - $remote_user [$time_local] \"$request\" $status "
	  "$body_bytes_sent", CLF_COMMON, true },
};

int nginx_format_to_regex_split(const char *fmt, char **regex, enum time_layout *layout,
                                struct rx_split *split, struct error *err)
{
	return format_compile_split(fmt, '$', var_emit, "nginx log_format", "$status",
	                            nginx_prefixes,
	                            sizeof nginx_prefixes / sizeof nginx_prefixes[0],
	                            regex, layout, split, err);
}
