/* clf_fast.c: the CLF family (common, combined, vhost_combined) without a
 * regex. Kept apart from pattern.c because it is the hot path: byte searches
 * (byte_scan.h) instead of matching, no allocation, the request split in
 * the same pass that finds its closing quote, and a cached timestamp
 * conversion that also stands in for the search of the time's ']'. Its contract
 * is strict: for every line it gives exactly the record (every field view,
 * time, has_time, truncated) that patterns/NAME.pattern gives through PCRE2, or
 * PARSE_MALFORMED exactly when that pattern does not match. Those patterns
 * are deterministic (no field can be matched two ways; see
 * patterns/README.md), which is what makes a single forward scan equal. */
#include <stdbool.h>
#include <string.h>
#include "byte_scan.h"
#include "clf_fast.h"
#include "clf_split.h"
#include "format_impl.h"

/* The scanners below are inlined into both entries (the whole-line parse
 * and clf_fast_parse_head): out of line they cost the hot path about 100
 * instructions a line. */
#define SCAN_INLINE static inline __attribute__((always_inline))

struct scan {
	const char *p;
	const char *end;
	const char *line;     /* the line's first byte: searches may read back to it */
};

static void sv_set(struct sv *v, const char *p, const char *end)
{
	v->p = p;
	v->n = (size_t)(end - p);
}

/* [^ ]++ followed by one space (regex "(?<f>[^ ]++) "); "- " (ident, user)
 * is checked first, being the most common token of all. */
SCAN_INLINE int scan_token(struct scan *s, struct sv *v)
{
	const char *sp;

	if (s->end - s->p >= 2 && s->p[0] == '-' && s->p[1] == ' ') {
		sv_set(v, s->p, s->p + 1);
		s->p += 2;
		return 0;
	}
	sp = byte_find_in(s->line, s->p, s->end, ' ');
	if (!sp || sp == s->p)
		return -1;
	sv_set(v, s->p, sp);
	s->p = sp + 1;
	return 0;
}

SCAN_INLINE int scan_literal(struct scan *s, const char *lit, size_t n)
{
	if ((size_t)(s->end - s->p) < n || memcmp(s->p, lit, n) != 0)
		return -1;
	s->p += n;
	return 0;
}

/* Whether the quote at q closes a field that starts at start: an even
 * number of backslashes precede it. */
SCAN_INLINE bool quote_closes(const char *start, const char *q)
{
	size_t k;

	for (k = 0; q - k > start && q[-1 - (ptrdiff_t)k] == '\\'; k++)
		;
	return k % 2 == 0;
}

/* "(?<f>(?:[^"\\]++|\\[\s\S])*+)": a backslash escapes any byte, so a
 * quote closes the field when an even number of backslashes precede it.
 * cut allows the line to end inside the field ("(?<f>...*+\\?+)\z", a
 * writer cut off): the field is the rest of the line and the result 1. */
SCAN_INLINE int scan_quoted_in(struct scan *s, struct sv *v, bool cut)
{
	const char *start, *q;

	if (s->p == s->end || *s->p != '"')
		return -1;
	start = q = s->p + 1;
	for (;;) {
		q = byte_find_in(s->line, q, s->end, '"');
		if (!q) {
			if (!cut)
				return -1;
			sv_set(v, start, s->end);
			s->p = s->end;
			return 1;
		}
		if (quote_closes(start, q))
			break;
		q++;
	}
	sv_set(v, start, q);
	s->p = q + 1;
	return 0;
}

/* The quoted request, split as record_split_request splits it: one pass
 * finds the closing quote and the spaces before it. */
SCAN_INLINE int scan_request(struct scan *s, struct record *rec)
{
	const char *start, *q, *sp[2] = { NULL, NULL };
	unsigned spaces = 0;

	if (s->p == s->end || *s->p != '"')
		return -1;
	start = q = s->p + 1;
	for (;;) {
		q = byte_find2_in(s->line, q, s->end, '"', ' ');
		if (!q)
			return -1;
		if (*q == ' ') {
			if (spaces < 2)
				sp[spaces] = q;
			spaces++;
		} else if (quote_closes(start, q)) {
			break;
		}
		q++;
	}
	record_split_request_at(rec, start, (size_t)(q - start), sp[0], sp[1], spaces > 2);
	s->p = q + 1;
	return 0;
}

/* "\[(?<time>[^\]]*+)\] ". Most lines carry a time of the minute
 * before: when the 26 bytes after '[' are that (so they hold no ']') and
 * "] " follows, the field and its time are known without a search. Else
 * *pending asks for the time to be parsed once the line is known good. */
SCAN_INLINE int scan_time(struct scan *s, struct time_cache *c, struct record *rec,
                     bool *pending)
{
	const char *close;
	long long t;

	if (s->p == s->end || *s->p != '[')
		return -1;
	if (c && s->end - s->p >= CLF_TIME_LEN + 3 && s->p[CLF_TIME_LEN + 1] == ']' &&
	    s->p[CLF_TIME_LEN + 2] == ' ' && time_clf_cache_hit(c, s->p + 1, &t) == 0) {
		sv_set(&rec->field[FIELD_TIME], s->p + 1, s->p + 1 + CLF_TIME_LEN);
		rec->time = t;
		rec->has_time = true;
		s->p += CLF_TIME_LEN + 3;
		return 0;
	}
	close = byte_find_in(s->line, s->p + 1, s->end, ']');
	if (!close)
		return -1;
	sv_set(&rec->field[FIELD_TIME], s->p + 1, close);
	*pending = true;
	s->p = close + 1;
	return scan_literal(s, " ", 1);
}

/* The status: three bytes then a space, or any token. */
SCAN_INLINE int scan_status(struct scan *s, struct sv *v)
{
	if (s->end - s->p >= 4 && s->p[3] == ' ' && s->p[0] != ' ' &&
	    s->p[1] != ' ' && s->p[2] != ' ') {
		sv_set(v, s->p, s->p + 3);
		s->p += 4;
		return 0;
	}
	return scan_token(s, v);
}

/* "^(?<vhost>[^ ]+):[0-9]{1,5}+ ": the vhost ends at the first token's
 * last ':', and 1 to 5 digits follow it */
SCAN_INLINE int scan_vhost(struct scan *s, struct sv *v)
{
	const char *sp = byte_find_in(s->line, s->p, s->end, ' ');
	const char *colon, *d;

	if (!sp || sp == s->p)
		return -1;
	for (colon = sp - 1; colon > s->p && *colon != ':'; colon--)
		;
	if (colon == s->p || colon + 1 == sp || sp - colon - 1 > 5)
		return -1;
	for (d = colon + 1; d < sp; d++) {
		if (*d < '0' || *d > '9')
			return -1;
	}
	sv_set(v, s->p, colon);
	s->p = sp + 1;
	return 0;
}

/* common: '%h %l %u %t "%r" %>s ' (the part all three variants share,
 * after vhost_combined's "%v:%p ") */
SCAN_INLINE int scan_common_head(struct scan *s, struct time_cache *c,
                            struct record *rec, bool *time_pending)
{
	if (scan_token(s, &rec->field[FIELD_CLIENT]) < 0 ||
	    scan_token(s, &rec->field[FIELD_IDENT]) < 0 ||
	    scan_token(s, &rec->field[FIELD_USER]) < 0 ||
	    scan_time(s, c, rec, time_pending) < 0 ||
	    scan_request(s, rec) < 0 || scan_literal(s, " ", 1) < 0 ||
	    scan_status(s, &rec->field[FIELD_STATUS]) < 0)
		return -1;
	return 0;
}

/* common's "(?<bytes>[^ ]++)\z": the rest of the line, no space */
SCAN_INLINE int scan_last_token(struct scan *s, struct sv *v)
{
	if (s->p == s->end || byte_find_in(s->line, s->p, s->end, ' '))
		return -1;
	sv_set(v, s->p, s->end);
	s->p = s->end;
	return 0;
}

/* ' %b "%{Referer}i" "%{User-Agent}i"' then "(?: [\s\S]*+)?\z": 0. Or
 * the line ends early, after the size (1, see combined.pattern): right
 * after it or its space, inside the referer, after the referer's closing
 * quote or its space, or inside the agent. The fields it did not reach
 * stay absent. */
static int scan_combined_tail(struct scan *s, struct record *rec)
{
	int rc;

	rec->field[FIELD_REFERER] = (struct sv){ NULL, 0 };
	rec->field[FIELD_AGENT] = (struct sv){ NULL, 0 };
	if (scan_token(s, &rec->field[FIELD_BYTES]) < 0)
		return scan_last_token(s, &rec->field[FIELD_BYTES]) < 0 ? -1 : 1;
	if (s->p == s->end)
		return 1;
	rc = scan_quoted_in(s, &rec->field[FIELD_REFERER], true);
	if (rc != 0)
		return rc;
	if (s->p == s->end || (*s->p == ' ' && s->p + 1 == s->end))
		return 1;
	if (scan_literal(s, " ", 1) < 0)
		return -1;
	rc = scan_quoted_in(s, &rec->field[FIELD_AGENT], true);
	if (rc != 0)
		return rc;
	if (s->p != s->end && *s->p != ' ')
		return -1;
	return 0;
}

/* 0: a complete line; 1: cut short after the size (combined family);
 * -1: malformed. */
static int scan_line(enum clf_variant v, struct scan *s, struct time_cache *c,
                     struct record *rec, bool *time_pending)
{
	if (v == CLF_VHOST_COMBINED) {
		if (scan_vhost(s, &rec->field[FIELD_VHOST]) < 0)
			return -1;
	} else {
		rec->field[FIELD_VHOST] = (struct sv){ NULL, 0 };
	}
	if (scan_common_head(s, c, rec, time_pending) < 0)
		return -1;
	if (v != CLF_COMMON)
		return scan_combined_tail(s, rec);
	rec->field[FIELD_REFERER] = (struct sv){ NULL, 0 };
	rec->field[FIELD_AGENT] = (struct sv){ NULL, 0 };
	return scan_last_token(s, &rec->field[FIELD_BYTES]);
}

enum parse_result clf_fast_parse_cached(enum clf_variant v, struct time_cache *c,
                                        const char *line, size_t n,
                                        struct record *rec)
{
	struct scan s = { line ? line : "", line ? line + n : "", line ? line : "" };
	bool time_pending = false;
	long long t;
	int rc;

	/* scan_line writes every field of a parsed line: clearing the record
	 * first costs measurably (a "rep stos" per line) */
	rc = line ? scan_line(v, &s, c, rec, &time_pending) : -1;
	if (rc < 0) {
		record_clear(rec);
		return PARSE_MALFORMED;
	}
	rec->truncated = rc == 1;
	rec->has_duration = rec->logs_duration = 0;   /* no CLF variant logs one */
	if (time_pending) {
		rec->has_time = time_parse_clf_cached(c, rec->field[FIELD_TIME].p,
		                                      rec->field[FIELD_TIME].n, &t) == 0;
		rec->time = rec->has_time ? t : 0;
	}
	return PARSE_OK;
}

enum parse_result clf_fast_parse(enum clf_variant v, const char *line, size_t n,
                                 struct record *rec)
{
	return clf_fast_parse_cached(v, NULL, line, n, rec);
}

/* The size as the prefix of a longer format ends it: "[^ ]+" up to a
 * space or the end (the format goes on with a space, clf_split.c). */
static int scan_size_head(struct scan *s, struct sv *v)
{
	const char *sp = byte_find_in(s->line, s->p, s->end, ' ');
	const char *end = sp ? sp : s->end;

	if (end == s->p)
		return -1;
	sv_set(v, s->p, end);
	s->p = end;
	return 0;
}

/* The fields after the status, through the agent's closing quote, whole:
 * nothing cut. */
static int scan_combined_head(struct scan *s, struct record *rec)
{
	if (scan_token(s, &rec->field[FIELD_BYTES]) < 0 ||
	    scan_quoted_in(s, &rec->field[FIELD_REFERER], false) != 0 ||
	    scan_literal(s, " ", 1) < 0 ||
	    scan_quoted_in(s, &rec->field[FIELD_AGENT], false) != 0)
		return -1;
	return 0;
}

int clf_fast_parse_head(enum clf_variant v, struct time_cache *c, const char *line,
                        size_t n, struct record *rec, size_t *tail_at)
{
	struct scan s = { line, line + n, line };
	bool time_pending = false;
	long long t;

	if (v == CLF_VHOST_COMBINED) {
		if (scan_vhost(&s, &rec->field[FIELD_VHOST]) < 0)
			return -1;
	} else {
		rec->field[FIELD_VHOST] = (struct sv){ NULL, 0 };
	}
	if (scan_common_head(&s, c, rec, &time_pending) < 0)
		return -1;
	if (v == CLF_COMMON) {
		rec->field[FIELD_REFERER] = (struct sv){ NULL, 0 };
		rec->field[FIELD_AGENT] = (struct sv){ NULL, 0 };
		if (scan_size_head(&s, &rec->field[FIELD_BYTES]) < 0)
			return -1;
	} else if (scan_combined_head(&s, rec) < 0) {
		return -1;
	}
	if (time_pending) {
		rec->has_time = time_parse_clf_cached(c, rec->field[FIELD_TIME].p,
		                                      rec->field[FIELD_TIME].n, &t) == 0;
		rec->time = rec->has_time ? t : 0;
	}
	*tail_at = (size_t)(s.p - line);
	return 0;
}
