/* clf_gen.h: a deterministic generator of CLF-family lines for the
 * fast-path equivalence test: valid lines of the three shapes (common,
 * combined, vhost_combined) built from realistic and nasty parts, and the
 * same lines after targeted mutations. Header-only (static functions) so
 * each test stays one source file, as tests/CMakeLists.txt builds them. */
#ifndef STATUSMON_TEST_CLF_GEN_H
#define STATUSMON_TEST_CLF_GEN_H

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define CLF_GEN_MAX 8192
#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

struct clf_gen {
	uint64_t s;
};

struct gbuf {
	char *p;
	size_t n, cap;
};

static void clf_gen_init(struct clf_gen *g, uint64_t seed)
{
	g->s = seed ? seed : 1;
}

static uint32_t gen_below(struct clf_gen *g, uint32_t n)
{
	g->s ^= g->s >> 12;     /* xorshift64* */
	g->s ^= g->s << 25;
	g->s ^= g->s >> 27;
	return (uint32_t)((g->s * 2685821657736338717ULL) >> 33) % n;
}

static const char *gen_pick(struct clf_gen *g, const char *const *a, size_t n)
{
	return a[gen_below(g, (uint32_t)n)];
}

static void gput(struct gbuf *b, const char *s, size_t n)
{
	if (n > b->cap - b->n)
		n = b->cap - b->n;
	memcpy(b->p + b->n, s, n);
	b->n += n;
}

static void gputs(struct gbuf *b, const char *s)
{
	gput(b, s, strlen(s));
}

static void gprintf(struct gbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void gprintf(struct gbuf *b, const char *fmt, ...)
{
	char tmp[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n > 0)
		gput(b, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

static void gen_client(struct clf_gen *g, struct gbuf *b)
{
	static const char *const odd[] = { "-", "unknown", "2001:db8::1",
		"::ffff:192.0.2.7", "198.51.100.7,203.0.113.1", "fe80::1%eth0", "\xff\xfe" };

	switch (gen_below(g, 4)) {
	case 0:
		gprintf(b, "2001:db8:%x::%x", gen_below(g, 65536), gen_below(g, 65536));
		break;
	case 1:
		gputs(b, gen_pick(g, odd, ARRAY_LEN(odd)));
		break;
	default:
		gprintf(b, "%s.%u", gen_below(g, 2) ? "192.0.2" : "203.0.113", gen_below(g, 256));
	}
}

static void gen_time(struct clf_gen *g, struct gbuf *b)
{
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
		"Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	static const char *const zones[] = { "+0000", "-0700", "+0530", "+1345",
		"-1200", "+1400", "-0930", "+0100" };
	static const char *const absurd[] = { "99/Foo/0000:99:99:99 +9999", "",
		"32/Jan/2020:00:00:00 +0000", "10/Oct/2000:13:55:36", "29/Feb/2023:10:00:00 +0000",
		"10/Oct/2000:13:55:36 +1500", "10/Oct/2000:24:00:00 +0000", "-",
		"2000-10-10T13:55:36Z", "10/Oct/2000:13:55:60 +0000", "10/Oct/2000:13:55:36 -0700 x" };

	gputs(b, "[");
	if (gen_below(g, 8) == 0)
		gputs(b, gen_pick(g, absurd, ARRAY_LEN(absurd)));
	else
		gprintf(b, "%02u/%s/%04u:%02u:%02u:%02u %s", 1 + gen_below(g, 28),
		        gen_pick(g, months, 12), 1990 + gen_below(g, 50), gen_below(g, 24),
		        gen_below(g, 60), gen_below(g, 60), gen_pick(g, zones, ARRAY_LEN(zones)));
	gputs(b, "]");
}

/* text for inside a quoted field, as servers escape it, or raw */
static void gen_quoted_body(struct clf_gen *g, struct gbuf *b)
{
	static const char *const parts[] = {
		"-", "", "https://example.com/", "Mozilla/5.0 (X11; Linux x86_64; rv:123.0) Gecko/20100101 Firefox/123.0",
		"curl/8.5.0", "a \\\"quoted\\\" word", "trailing backslash \\\\", "\\\\\\\"",
		"nginx \\x22 escape", "\\x1b]0;pwned\\x07", "\x1b[2J", "caf\xc3\xa9 \xff\xfe",
		"tab\there", "nul\0byte", "\\\\", "x\\\"", "\\x16\\x03\\x01",
	};
	int k = 1 + (int)gen_below(g, 3);
	const char *s;

	while (k-- > 0) {
		s = gen_pick(g, parts, ARRAY_LEN(parts));
		gput(b, s, strcmp(s, "nul") == 0 ? 8 : strlen(s));
	}
}

static void gen_request(struct clf_gen *g, struct gbuf *b)
{
	static const char *const methods[] = { "GET", "POST", "HEAD", "PUT", "OPTIONS", "CONNECT" };
	static const char *const odd[] = { "-", "", "\\x16\\x03\\x01\\x00\\xa5\\x01\\x00\\x00\\xa1\\x03\\x03",
		"\x16\x03\x01\x00\xa5\x01\x00", "GET /", "GET  /x HTTP/1.1", "GET /x HTTP/1.1 ",
		"GET /a\\\"b HTTP/1.1", "GET /a\\\\ HTTP/1.0", "GET /\\x22x HTTP/1.1",
		"SSH-2.0-Go", "GET /x HTTP/2.0\r" };
	size_t i, n;

	gputs(b, "\"");
	if (gen_below(g, 6) == 0) {
		gputs(b, gen_pick(g, odd, ARRAY_LEN(odd)));
	} else if (gen_below(g, 12) == 0) {
		for (i = 0, n = gen_below(g, 40); i < n; i++) {
			char c = (char)gen_below(g, 256);

			if (c != '"' && c != '\\')
				gput(b, &c, 1);
		}
	} else {
		gprintf(b, "%s /%s%u", gen_pick(g, methods, ARRAY_LEN(methods)),
		        gen_below(g, 2) ? "api/v1/items?id=" : "static/img", gen_below(g, 1000));
		if (gen_below(g, 5) == 0)
			gen_quoted_body(g, b);
		gputs(b, gen_below(g, 3) ? " HTTP/1.1" : " HTTP/2.0");
	}
	gputs(b, "\"");
}

static void gen_status_bytes(struct clf_gen *g, struct gbuf *b)
{
	static const char *const statuses[] = { "200", "200", "200", "304", "301", "404",
		"499", "444", "520", "527", "000", "-", "2000000000", "-200", "+200", "20",
		"599", "600", "abc", "\xff" };

	gprintf(b, " %s ", gen_pick(g, statuses, ARRAY_LEN(statuses)));
	if (gen_below(g, 5) == 0)
		gputs(b, "-");
	else
		gprintf(b, "%u", gen_below(g, 100000));
}

static void gen_extras(struct clf_gen *g, struct gbuf *b)
{
	static const char *const extras[] = { " \"203.0.113.9\"", " \"-\"", " 0.123",
		" \"-\" 0.004 \"10.0.0.2:8080\"", " 12 \"router@docker\" \"http://10.0.0.2:80\" 3ms",
		" ", "x", " \"unterminated", "\"", " \"a\\\"b\"", "  two spaces" };

	if (gen_below(g, 3) == 0)
		gputs(b, gen_pick(g, extras, ARRAY_LEN(extras)));
}

static void gen_vhost(struct clf_gen *g, struct gbuf *b)
{
	static const char *const vhosts[] = { "www.example.com:443 ", "[2001:db8::1]:80 ",
		"example.org:8080 ", "a:b:80 ", "host: ", "host:8x ", ":80 ", "nocolon ",
		"example.net:0 ", "x:1:2 ", "example.com:65535 ", "example.com:123456 ",
		"a::80 ", ":: " };

	gputs(b, gen_below(g, 3) ? vhosts[0] : gen_pick(g, vhosts, ARRAY_LEN(vhosts)));
}

/* A line of shape 0 common, 1 combined, 2 vhost_combined, built from the
 * parts above (which include odd but well-formed values). */
static size_t clf_gen_valid(struct clf_gen *g, int shape, char *line, size_t cap)
{
	static const char *const users[] = { "-", "-", "alice", "bob@example.com", "%E2%82%AC" };
	struct gbuf b = { line, 0, cap };

	if (shape == 2)
		gen_vhost(g, &b);
	gen_client(g, &b);
	gprintf(&b, " %s %s ", gen_below(g, 10) ? "-" : "ident", gen_pick(g, users, ARRAY_LEN(users)));
	gen_time(g, &b);
	gputs(&b, " ");
	gen_request(g, &b);
	gen_status_bytes(g, &b);
	if (shape > 0) {
		gputs(&b, " \"");
		gen_quoted_body(g, &b);
		gputs(&b, "\" \"");
		gen_quoted_body(g, &b);
		gputs(&b, "\"");
		gen_extras(g, &b);
	}
	return b.n;
}

static void gen_mutate(struct clf_gen *g, char *line, size_t *n, size_t cap)
{
	static const char nasty[] = " \"\\[]:\r\0\t\xff\x80-x0\n";
	size_t pos = *n ? gen_below(g, (uint32_t)*n) : 0;
	char c = nasty[gen_below(g, sizeof nasty - 1)];

	switch (gen_below(g, 6)) {
	case 0:         /* replace a byte */
		if (*n)
			line[pos] = c;
		break;
	case 1:         /* insert a byte */
		if (*n < cap) {
			memmove(line + pos + 1, line + pos, *n - pos);
			line[pos] = c;
			++*n;
		}
		break;
	case 2:         /* delete a byte */
		if (*n) {
			memmove(line + pos, line + pos + 1, *n - pos - 1);
			--*n;
		}
		break;
	case 3:         /* truncate */
		*n = pos;
		break;
	case 4:         /* put a backslash before a quote, or drop a quote */
		for (; pos < *n && line[pos] != '"'; pos++)
			;
		if (pos < *n && gen_below(g, 2) && *n < cap) {
			memmove(line + pos + 1, line + pos, *n - pos);
			line[pos] = '\\';
			++*n;
		} else if (pos < *n) {
			memmove(line + pos, line + pos + 1, *n - pos - 1);
			--*n;
		}
		break;
	default:        /* double a space */
		for (; pos < *n && line[pos] != ' '; pos++)
			;
		if (pos < *n && *n < cap) {
			memmove(line + pos + 1, line + pos, *n - pos);
			++*n;
		}
	}
}

/* A random line: any shape, mutated more often than not. */
static size_t clf_gen_line(struct clf_gen *g, char *line, size_t cap)
{
	size_t n = clf_gen_valid(g, (int)gen_below(g, 3), line, cap);
	int k;

	if (gen_below(g, 5) < 3) {
		for (k = 1 + (int)gen_below(g, 3); k > 0; k--)
			gen_mutate(g, line, &n, cap);
	}
	return n;
}

#endif
