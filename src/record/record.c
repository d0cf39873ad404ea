/* record.c: the names of record fields and the one definition of how a
 * request line splits into method, path and protocol. Kept apart because
 * every parser (fast path, PCRE2 patterns, W3C, JSON lines) must give the
 * same answer for the same request, so the rule lives in exactly one place. */
#include <string.h>
#include "byte_scan.h"
#include "statusmon/record.h"

static const char *const field_names[FIELD_COUNT] = {
	[FIELD_CLIENT] = "client",     [FIELD_IDENT] = "ident",
	[FIELD_USER] = "user",         [FIELD_TIME] = "time",
	[FIELD_METHOD] = "method",     [FIELD_PATH] = "path",
	[FIELD_PROTOCOL] = "protocol", [FIELD_STATUS] = "status",
	[FIELD_BYTES] = "bytes",       [FIELD_REFERER] = "referer",
	[FIELD_AGENT] = "agent",       [FIELD_VHOST] = "vhost",
};

const char *record_field_name(enum record_field f)
{
	if ((unsigned)f >= FIELD_COUNT)
		return NULL;
	return field_names[f];
}

int record_field_parse(const char *name, size_t n)
{
	int f;

	if (!name)
		return -1;
	for (f = 0; f < FIELD_COUNT; f++) {
		if (strlen(field_names[f]) == n && memcmp(field_names[f], name, n) == 0)
			return f;
	}
	return -1;
}

/* RFC 9110 token characters: what an HTTP method may be made of. Binary
 * garbage (TLS handshakes, escaped as \x16\x03 by Apache) never is one.
 * A table: this runs for every request line. */
#define TCHAR_ALNUM \
	['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, \
	['7'] = 1, ['8'] = 1, ['9'] = 1, ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, \
	['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1, ['I'] = 1, ['J'] = 1, ['K'] = 1, \
	['L'] = 1, ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1, \
	['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1, ['Y'] = 1, \
	['Z'] = 1, ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, \
	['g'] = 1, ['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, \
	['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1, \
	['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1, ['y'] = 1, ['z'] = 1
static const unsigned char tchar[256] = {
	TCHAR_ALNUM,
	['!'] = 1, ['#'] = 1, ['$'] = 1, ['%'] = 1, ['&'] = 1, ['\''] = 1, ['*'] = 1,
	['+'] = 1, ['-'] = 1, ['.'] = 1, ['^'] = 1, ['_'] = 1, ['`'] = 1, ['|'] = 1,
	['~'] = 1,
};

static int is_method(const char *s, size_t n)
{
	size_t i;

	if (n == 0)
		return 0;
	for (i = 0; i < n; i++) {
		if (!tchar[(unsigned char)s[i]])
			return 0;
	}
	return 1;
}

static void sv_set(struct sv *v, const char *p, size_t n)
{
	v->p = p;
	v->n = n;
}

/* The rule, for every parser:
 *  - "METHOD PATH HTTP/x": exactly three non-empty tokens separated by
 *    single spaces, METHOD made of token characters, the third starting
 *    with "HTTP/" -> method, path, protocol;
 *  - "METHOD PATH": exactly two such tokens (HTTP/0.9) -> method, path;
 *  - an empty request -> nothing (all three absent);
 *  - anything else ("-", garbage, extra spaces) -> path = whole request. */
void record_split_request_at(struct record *rec, const char *req, size_t n,
                             const char *sp1, const char *sp2, bool more)
{
	const char *end = req + n;

	sv_set(&rec->field[FIELD_METHOD], NULL, 0);
	sv_set(&rec->field[FIELD_PROTOCOL], NULL, 0);
	sv_set(&rec->field[FIELD_PATH], NULL, 0);
	if (n == 0)
		return;
	if (!sp1 || !is_method(req, (size_t)(sp1 - req)) || sp1 + 1 == end ||
	    sp2 == sp1 + 1)
		goto whole;
	if (!sp2) {
		sv_set(&rec->field[FIELD_METHOD], req, (size_t)(sp1 - req));
		sv_set(&rec->field[FIELD_PATH], sp1 + 1, (size_t)(end - sp1 - 1));
		return;
	}
	if (more || (size_t)(end - sp2 - 1) < 5 || memcmp(sp2 + 1, "HTTP/", 5) != 0)
		goto whole;
	sv_set(&rec->field[FIELD_METHOD], req, (size_t)(sp1 - req));
	sv_set(&rec->field[FIELD_PATH], sp1 + 1, (size_t)(sp2 - sp1 - 1));
	sv_set(&rec->field[FIELD_PROTOCOL], sp2 + 1, (size_t)(end - sp2 - 1));
	return;
whole:
	sv_set(&rec->field[FIELD_PATH], req, n);
}

void record_split_request(struct record *rec, const char *req, size_t n)
{
	const char *end = req + n;
	const char *sp1 = byte_find(req, end, ' ');
	const char *sp2 = sp1 ? byte_find(sp1 + 1, end, ' ') : NULL;

	record_split_request_at(rec, req, n, sp1, sp2,
	                        sp2 && byte_find(sp2 + 1, end, ' ') != NULL);
}
