/* test_patterns_extra.c: the pattern files beyond the CLF family
 * (patterns/haproxy, aws_alb, envoy, squid) on lines as their products
 * document them, their failure cases, and that every shipped pattern
 * loads. Also checks that Traefik's text access log needs no pattern of
 * its own: combined.pattern reads it. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include "format_impl.h"
#include "parse/record_check.h"

struct loaded {
	struct pattern *pat;
	struct pattern_matcher *m;
};

static struct loaded load(const char *name)
{
	char path[512];
	struct error err = { "" };
	struct loaded l;

	snprintf(path, sizeof path, "%s/patterns/%s.pattern", SM_SOURCE_DIR, name);
	l.pat = pattern_load_file(path, &err);
	if (!l.pat)
		print_error("%s\n", err.msg);
	assert_non_null(l.pat);
	assert_string_equal(pattern_name(l.pat), name);
	l.m = pattern_matcher_new(l.pat);
	assert_non_null(l.m);
	return l;
}

static void unload(struct loaded *l)
{
	pattern_matcher_free(l->m);
	pattern_free(l->pat);
}

static enum parse_result parse(struct loaded *l, const char *line, struct record *rec)
{
	return pattern_match(l->m, line, strlen(line), rec);
}

#define HAPROXY_BODY "10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in static/srv1 " \
	"10/0/30/69/109 200 2750 - - ---- 1/1/1/1/0 0/0 {1wt.eu} {} \"GET /index.html HTTP/1.1\""

static void test_haproxy_prefixes(void **state)
{
	static const char *const lines[] = {
		"Feb  6 12:14:14 localhost haproxy[14389]: " HAPROXY_BODY,   /* the manual's */
		HAPROXY_BODY,                                                /* stdout, no syslog */
		"2009-02-06T12:14:14.655612+01:00 lb1 haproxy[14389]: " HAPROXY_BODY,
		"<134>1 2009-02-06T12:14:14.655+01:00 lb1 haproxy 14389 - - " HAPROXY_BODY,
		"Feb 16 12:14:14 lb1 haproxy: " HAPROXY_BODY,
	};
	struct loaded l = load("haproxy");
	struct record rec;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof lines / sizeof lines[0]; i++) {
		assert_int_equal(parse(&l, lines[i], &rec), PARSE_OK);
		assert_field(&rec, FIELD_CLIENT, "10.0.1.2");
		assert_field(&rec, FIELD_STATUS, "200");
		assert_field(&rec, FIELD_BYTES, "2750");
		assert_field(&rec, FIELD_METHOD, "GET");
		assert_field(&rec, FIELD_PATH, "/index.html");
		assert_field(&rec, FIELD_PROTOCOL, "HTTP/1.1");
		assert_field(&rec, FIELD_TIME, "06/Feb/2009:12:14:14.655");
		assert_true(rec.has_time);
		assert_int_equal(rec.time, 1233922454);   /* zone-less: read as UTC */
	}
	unload(&l);
}

static void test_haproxy_outcomes(void **state)
{
	struct loaded l = load("haproxy");
	struct record rec;

	(void)state;
	assert_int_equal(parse(&l, "Feb  6 12:14:14 localhost haproxy[14389]: 10.0.1.2:33317 "
	    "[06/Feb/2009:12:14:14.655] http-in http-in/<NOSRV> -1/-1/-1/-1/5001 408 212 - - "
	    "cR-- 1/1/0/0/0 0/0 \"<BADREQ>\"", &rec), PARSE_OK);
	assert_field(&rec, FIELD_STATUS, "408");
	assert_field(&rec, FIELD_PATH, "<BADREQ>");
	assert_field(&rec, FIELD_METHOD, NULL);
	/* client aborted: HAProxy logs -1 (an invalid status, still counted) */
	assert_int_equal(parse(&l, "Mar 12 09:27:30 lb1 haproxy[2211]: 203.0.113.134:64940 "
	    "[12/Mar/2024:09:27:30.305] https-in~ web/web1 0/0/0/-1/1520 -1 0 - - CD-- "
	    "19/19/17/0/0 0/0 \"GET /videos/intro.mp4 HTTP/1.1\"", &rec), PARSE_OK);
	assert_field(&rec, FIELD_STATUS, "-1");
	/* IPv6 client, logasap "+" sizes, two captured header blocks */
	assert_int_equal(parse(&l, "2001:db8::17:51234 [12/Mar/2024:09:27:30.305] fe be/s1 "
	    "0/0/1/2/+3 503 +210 - - SC-- 1/1/0/0/0 0/0 {example.com|curl/8.5.0} {} "
	    "\"GET / HTTP/1.1\"", &rec), PARSE_OK);
	assert_field(&rec, FIELD_CLIENT, "2001:db8::17");
	assert_field(&rec, FIELD_STATUS, "503");
	assert_field(&rec, FIELD_BYTES, "+210");
	/* HAProxy's other messages are not requests */
	assert_int_equal(parse(&l, "Feb  6 12:14:14 localhost haproxy[14389]: Server static/srv1 "
	    "is DOWN, reason: Layer4 connection problem, info: \"Connection refused\", "
	    "check duration: 0ms. 0 active and 0 backup servers left.", &rec), PARSE_MALFORMED);
	assert_int_equal(parse(&l, "Feb  6 12:14:14 localhost haproxy[14389]: Proxy http-in "
	    "started.", &rec), PARSE_MALFORMED);
	/* a combined line is not an HAProxy line */
	assert_int_equal(parse(&l, "127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\""
	    " 200 2326 \"-\" \"-\"", &rec), PARSE_MALFORMED);
	unload(&l);
}

static void test_aws_alb(void **state)
{
	struct loaded l = load("aws_alb");
	struct record rec;

	(void)state;
	assert_int_equal(parse(&l, "https 2018-07-02T22:23:00.186641Z app/my-loadbalancer/"
	    "50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80 0.086 0.048 0.037 200 200 0 57 "
	    "\"GET https://www.example.com:443/ HTTP/1.1\" \"curl/7.46.0\" "
	    "ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:us-east-2:"
	    "123456789012:targetgroup/my-targets/73e2d6bc24d8a067 \"Root=1-58337281-"
	    "1d84f3d73c47ec4e58577259\" \"www.example.com\" \"arn:aws:acm:us-east-2:"
	    "123456789012:certificate/12345678-1234-1234-1234-123456789012\" 1 "
	    "2018-07-02T22:22:48.364000Z \"authenticate,forward\" \"-\" \"-\" \"10.0.0.1:80\" "
	    "\"200\" \"-\" \"-\"", &rec), PARSE_OK);
	assert_field(&rec, FIELD_CLIENT, "192.168.131.39");
	assert_field(&rec, FIELD_STATUS, "200");
	assert_field(&rec, FIELD_BYTES, "57");
	assert_field(&rec, FIELD_METHOD, "GET");
	assert_field(&rec, FIELD_PATH, "https://www.example.com:443/");
	assert_field(&rec, FIELD_AGENT, "curl/7.46.0");
	assert_field(&rec, FIELD_VHOST, "www.example.com");
	assert_true(rec.has_time);
	assert_int_equal(rec.time, 1530570180);
	/* Lambda target that failed: the load balancer answered 502 */
	assert_int_equal(parse(&l, "http 2018-11-30T22:23:00.186641Z app/my-loadbalancer/"
	    "50dc6c495c0c9188 192.168.131.39:2817 - 0.000 0.001 0.000 502 - 34 366 "
	    "\"GET http://www.example.com:80/ HTTP/1.1\" \"curl/7.46.0\" - - "
	    "arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/"
	    "73e2d6bc24d8a067 \"Root=1-58337364-23a8c76965a2ef7629b185e3\" \"-\" \"-\" 0 "
	    "2018-11-30T22:22:48.364000Z \"forward\" \"-\" \"LambdaInvalidResponse\" \"-\" "
	    "\"-\" \"-\" \"-\"", &rec), PARSE_OK);
	assert_field(&rec, FIELD_STATUS, "502");
	assert_field(&rec, FIELD_VHOST, "-");
	unload(&l);
}

static void test_aws_classic_elb(void **state)
{
	struct loaded l = load("aws_alb");
	struct record rec;

	(void)state;
	assert_int_equal(parse(&l, "2015-05-13T23:39:43.945958Z my-loadbalancer "
	    "192.168.131.39:2817 10.0.0.1:80 0.000073 0.001048 0.000057 200 200 0 29 "
	    "\"GET http://www.example.com:80/ HTTP/1.1\" \"curl/7.38.0\" - -", &rec), PARSE_OK);
	assert_field(&rec, FIELD_STATUS, "200");
	assert_field(&rec, FIELD_BYTES, "29");
	assert_field(&rec, FIELD_VHOST, NULL);
	assert_int_equal(rec.time, 1431560383);
	/* back end down: ELB answers 503, processing times -1 */
	assert_int_equal(parse(&l, "2015-05-13T23:39:43.945958Z my-loadbalancer "
	    "192.168.131.39:2817 - -1 -1 -1 503 0 0 0 \"GET http://www.example.com:80/ "
	    "HTTP/1.1\" \"curl/7.38.0\" - -", &rec), PARSE_OK);
	assert_field(&rec, FIELD_STATUS, "503");
	/* TCP listener: no HTTP status at all */
	assert_int_equal(parse(&l, "2015-05-13T23:39:43.945958Z my-loadbalancer "
	    "192.168.131.39:2817 10.0.0.1:80 0.001069 0.000028 0.000041 - - 82 305 "
	    "\"- - - \" \"-\" - -", &rec), PARSE_OK);
	assert_field(&rec, FIELD_STATUS, "-");
	/* cut short after the status */
	assert_int_equal(parse(&l, "2015-05-13T23:39:43.945958Z my-loadbalancer "
	    "192.168.131.39:2817 10.0.0.1:80 0.000073 0.001048 0.000057 200 200 0 29 "
	    "\"GET http://www.exa", &rec), PARSE_MALFORMED);
	unload(&l);
}

static void test_envoy(void **state)
{
	struct loaded l = load("envoy");
	struct record rec;

	(void)state;
	assert_int_equal(parse(&l, "[2016-04-15T20:17:00.310Z] \"POST /api/v1/locations HTTP/2\" "
	    "204 - 154 0 226 100 \"10.0.35.28\" \"nsq2http\" "
	    "\"cc21d9b0-cf5c-432b-8c7e-98aeb7988cd2\" \"locations\" \"tcp://10.0.2.1:80\"",
	    &rec), PARSE_OK);
	assert_field(&rec, FIELD_STATUS, "204");
	assert_field(&rec, FIELD_METHOD, "POST");
	assert_field(&rec, FIELD_PATH, "/api/v1/locations");
	assert_field(&rec, FIELD_BYTES, "0");
	assert_field(&rec, FIELD_CLIENT, "10.0.35.28");
	assert_field(&rec, FIELD_AGENT, "nsq2http");
	assert_field(&rec, FIELD_VHOST, "locations");
	assert_int_equal(rec.time, 1460751420);
	/* Istio's longer default */
	assert_int_equal(parse(&l, "[2020-11-25T21:26:18.409Z] \"GET /status/418 HTTP/1.1\" 418 - "
	    "via_upstream - \"-\" 0 135 4 4 \"-\" \"curl/7.73.0-DEV\" "
	    "\"84961386-6d84-929d-98bd-c5aee93b5c88\" \"httpbin:8000\" \"10.44.1.27:80\" "
	    "outbound|8000||httpbin.foo.svc.cluster.local 10.44.1.23:37652 10.0.45.184:8000 "
	    "10.44.1.23:46520 - default", &rec), PARSE_OK);
	assert_field(&rec, FIELD_STATUS, "418");
	assert_field(&rec, FIELD_BYTES, "135");
	assert_field(&rec, FIELD_CLIENT, "-");
	assert_field(&rec, FIELD_VHOST, "httpbin:8000");
	assert_int_equal(rec.time, 1606339578);
	/* downstream went away (status 0), X-Forwarded-For with two hops */
	assert_int_equal(parse(&l, "[2016-04-15T20:17:00.310Z] \"GET /stream HTTP/1.1\" 0 DC 0 0 "
	    "5003 - \"203.0.113.9, 10.0.0.2\" \"curl/7.68.0\" \"abc\" \"example.com\" \"-\"",
	    &rec), PARSE_OK);
	assert_field(&rec, FIELD_STATUS, "0");
	assert_field(&rec, FIELD_CLIENT, "203.0.113.9");
	assert_int_equal(parse(&l, "[2016-04-15T20:17:00.310Z] \"GET / HTTP/1.1\" 200 - 0 0",
	                       &rec), PARSE_MALFORMED);
	unload(&l);
}

static void test_squid(void **state)
{
	struct loaded l = load("squid");
	struct record rec;

	(void)state;
	assert_int_equal(parse(&l, "1286536309.450    128 192.168.0.1 TCP_MISS/200 1386 GET "
	    "http://www.example.com/ - DIRECT/203.0.113.5 text/html", &rec), PARSE_OK);
	assert_field(&rec, FIELD_STATUS, "200");
	assert_field(&rec, FIELD_CLIENT, "192.168.0.1");
	assert_field(&rec, FIELD_METHOD, "GET");
	assert_field(&rec, FIELD_PATH, "http://www.example.com/");
	assert_field(&rec, FIELD_BYTES, "1386");
	assert_field(&rec, FIELD_USER, "-");
	assert_true(rec.has_time);
	assert_int_equal(rec.time, 1286536309);
	assert_int_equal(parse(&l, "1286536309.586      0 192.168.0.1 TCP_DENIED/403 3985 "
	    "CONNECT example.com:443 - HIER_NONE/- text/html", &rec), PARSE_OK);
	assert_field(&rec, FIELD_STATUS, "403");
	assert_int_equal(parse(&l, "1710237600.010      0 192.0.2.55 NONE_NONE/000 0 - "
	    "error:transaction-end-before-headers - HIER_NONE/- -", &rec), PARSE_OK);
	assert_field(&rec, FIELD_STATUS, "000");
	assert_int_equal(parse(&l, "1286536309.450 garbage", &rec), PARSE_MALFORMED);
	unload(&l);
}

/* Traefik's "common" text format is combined plus extra fields, which
 * combined.pattern allows: no traefik.pattern is needed. */
static void test_traefik_text_is_combined(void **state)
{
	struct loaded l = load("combined");
	struct record rec;

	(void)state;
	assert_int_equal(parse(&l, "192.168.0.1 - - [29/Sep/2021:13:40:17 +0000] \"GET /ping "
	    "HTTP/1.1\" 200 2 \"-\" \"curl/7.68.0\" 1 \"ping@internal\" \"-\" 0ms", &rec),
	    PARSE_OK);
	assert_field(&rec, FIELD_STATUS, "200");
	assert_field(&rec, FIELD_AGENT, "curl/7.68.0");
	assert_field(&rec, FIELD_PATH, "/ping");
	unload(&l);
}

static void test_every_shipped_pattern_loads(void **state)
{
	DIR *d = opendir(SM_SOURCE_DIR "/patterns");
	struct dirent *e;
	char path[768];
	struct error err;
	struct pattern *pat;
	size_t n, count = 0;

	(void)state;
	assert_non_null(d);
	while ((e = readdir(d))) {
		n = strlen(e->d_name);
		if (n < 9 || strcmp(e->d_name + n - 8, ".pattern") != 0)
			continue;
		snprintf(path, sizeof path, "%s/patterns/%s", SM_SOURCE_DIR, e->d_name);
		pat = pattern_load_file(path, &err);
		if (!pat)
			print_error("%s\n", err.msg);
		assert_non_null(pat);
		assert_int_equal(strncmp(pattern_name(pat), e->d_name, n - 8), 0);
		assert_true(pattern_description(pat)[0] != '\0');
		pattern_free(pat);
		count++;
	}
	closedir(d);
	assert_true(count >= 7);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_haproxy_prefixes),
		cmocka_unit_test(test_haproxy_outcomes),
		cmocka_unit_test(test_aws_alb),
		cmocka_unit_test(test_aws_classic_elb),
		cmocka_unit_test(test_envoy),
		cmocka_unit_test(test_squid),
		cmocka_unit_test(test_traefik_text_is_combined),
		cmocka_unit_test(test_every_shipped_pattern_loads),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
