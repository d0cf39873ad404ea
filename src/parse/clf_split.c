/* clf_split.c: a LogFormat / log_format string that is a CLF-family format
 * plus more fields ("combined %D"), parsed at the fast path's speed: the
 * fast path (clf_fast.c) takes the CLF part, a small anchored PCRE2 regex
 * the rest. Kept apart from format.c (which only dispatches) and from
 * clf_fast.c (which knows nothing of PCRE2).
 *
 * Why the verdict is the whole regex's: format_compile_split takes a split
 * only when the whole regex begins with exactly the regex text of a CLF
 * format the fast path reproduces, followed by a literal space, and builds
 * the tail from the same pieces and cut rules as the whole regex. That
 * prefix is deterministic (possessive or space-bounded fields), so when
 * the fast path parses it whole, every match of the whole regex goes
 * through the same fields and reaches the same offset; the tail then
 * decides alone. When the fast path does not parse the prefix whole
 * (malformed, cut short, a port of six digits), the whole regex runs. */
#include <stdlib.h>
#include <string.h>
#include "clf_split.h"
#include "statusmon/xalloc.h"

/* A tail that is a space and one duration (" %D", " $request_time"),
 * checked without PCRE2 when it is that and the end of the line. */
enum number_kind { NUM_NONE, NUM_INT, NUM_INT_DASH, NUM_DEC, NUM_DEC_DASH };

struct clf_split {
	enum clf_variant variant;
	bool nginx;             /* "-" ident (not a field), strict time */
	struct pattern *tail;
	enum number_kind number;
	enum record_dur_group dur;   /* number != NUM_NONE */
};

/* The duration directive's regex "(?<GROUP>BODY)" as the compilers write
 * it (RX_NUMBER, RX_DECIMAL, "|-" when it may be "-"): its kind. */
static enum number_kind number_kind_of(const char *rx, enum record_dur_group *dur)
{
	static const struct {
		const char *body;
		enum number_kind kind;
	} bodies[] = {
		{ RX_NUMBER ")", NUM_INT }, { RX_NUMBER "|-)", NUM_INT_DASH },
		{ RX_DECIMAL ")", NUM_DEC }, { RX_DECIMAL "|-)", NUM_DEC_DASH },
	};
	const char *gt;
	size_t i;
	int g;

	if (!rx || strncmp(rx, "(?<", 3) != 0 || !(gt = strchr(rx, '>')))
		return NUM_NONE;
	g = record_dur_group_parse(rx + 3, (size_t)(gt - rx - 3));
	if (g < 0)
		return NUM_NONE;
	*dur = (enum record_dur_group)g;
	for (i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
		if (strcmp(gt + 1, bodies[i].body) == 0)
			return bodies[i].kind;
	}
	return NUM_NONE;
}

static inline bool is_digit(char c)
{
	return (unsigned char)(c - '0') < 10;
}

static size_t digits_at(const char *p, size_t n)
{
	size_t i = 0;

	while (i < n && is_digit(p[i]))
		i++;
	return i;
}

/* Whether p[0..n) is all of what kind k matches: \d+, \d+(?:\.\d+)?,
 * or "-" where allowed. */
static bool number_whole(enum number_kind k, const char *p, size_t n)
{
	size_t d = digits_at(p, n);

	if ((k == NUM_INT_DASH || k == NUM_DEC_DASH) && n == 1 && p[0] == '-')
		return true;
	if (d == 0)
		return false;
	if (d == n)
		return true;
	if (k == NUM_INT || k == NUM_INT_DASH || p[d] != '.')
		return false;
	return d + 1 < n && digits_at(p + d + 1, n - d - 1) == n - d - 1;
}

/* The usual tail, read in the one pass that checks it: p[0..len) is
 * digits, then (decimal kinds) "." and digits, and short enough for
 * record_decimal_read. False for anything else, which number_tail then
 * judges on the text. */
static bool number_tail_quick(const struct clf_split *s, const char *p, size_t len,
                              struct record *rec)
{
	struct record_decimal d;

	if (!record_decimal_read(p, len, &d) || d.whole == 0 ||
	    (d.dot && (d.frac == 0 || (s->number != NUM_DEC && s->number != NUM_DEC_DASH))))
		return false;
	return record_duration_set_decimal(rec, s->dur, d.mant, d.frac);
}

/* The tail " NUMBER" to the end of the line, as the tail regex's first
 * branch takes it (a value with no space must be followed by the end):
 * true with the duration in rec; false when the line is anything else
 * (then the regex decides). */
static bool number_tail(const struct clf_split *s, const char *line, size_t n,
                        size_t at, struct record *rec)
{
	const char *p = line + at + 1;
	size_t len = n - at - 1;

	if (s->number == NUM_NONE || at >= n || line[at] != ' ')
		return false;
	if (number_tail_quick(s, p, len, rec))
		return true;
	if (memchr(p, ' ', len) || !number_whole(s->number, p, len))
		return false;
	record_duration_set(rec, s->dur, p, len);
	return true;
}

struct clf_split *clf_split_new(const struct rx_split *found, struct error *err)
{
	struct clf_split *s;
	struct pattern *tail;

	if (!found->prefix || !found->tail)
		return NULL;
	tail = pattern_compile_tail("tail", found->tail, err);
	if (!tail)
		return NULL;
	s = xcalloc(1, sizeof *s);
	s->variant = found->prefix->variant;
	s->nginx = found->prefix->nginx;
	s->tail = tail;
	s->number = number_kind_of(found->field, &s->dur);
	return s;
}

void clf_split_free(struct clf_split *s)
{
	if (!s)
		return;
	pattern_free(s->tail);
	free(s);
}

struct pattern_matcher *clf_split_matcher_new(const struct clf_split *s)
{
	return pattern_matcher_new(s->tail);
}

/* nginx's $time_local as its regex (RX_CLF_TIME) takes it:
 * "dd/Mon/yyyy:hh:mm:ss +zzzz", ASCII digits and letters. Straight-line
 * checks: this runs on every line. */
static bool nginx_time_ok(struct sv t)
{
	static const unsigned char digit_at[] = {
		0, 1, 7, 8, 9, 10, 12, 13, 15, 16, 18, 19, 22, 23, 24, 25
	};
	const char *p = t.p;
	size_t i;

	if (t.n != 26 || p[2] != '/' || p[6] != '/' || p[11] != ':' || p[14] != ':' ||
	    p[17] != ':' || p[20] != ' ' || (p[21] != '+' && p[21] != '-'))
		return false;
	for (i = 3; i < 6; i++) {
		if ((unsigned char)((p[i] | 0x20) - 'a') >= 26)
			return false;
	}
	for (i = 0; i < sizeof digit_at; i++) {
		if (!is_digit(p[digit_at[i]]))
			return false;
	}
	return true;
}

enum parse_result clf_split_parse(const struct clf_split *s, struct time_cache *c,
                                  struct pattern_matcher *full,
                                  struct pattern_matcher *tail,
                                  const char *line, size_t n, struct record *rec)
{
	size_t at;

	if (clf_fast_parse_head(s->variant, c, line, n, rec, &at) < 0)
		return pattern_match(full, line, n, rec);
	if (s->nginx) {
		/* a time the head read (time_parse_clf, or its cache) is 26 bytes
		 * of digits and letters where $time_local's regex wants them:
		 * only an unread one needs the check */
		if (rec->field[FIELD_IDENT].n != 1 || rec->field[FIELD_IDENT].p[0] != '-' ||
		    (!rec->has_time && !nginx_time_ok(rec->field[FIELD_TIME])))
			return pattern_match(full, line, n, rec);
		rec->field[FIELD_IDENT] = (struct sv){ NULL, 0 };
	}
	rec->truncated = false;
	rec->has_duration = rec->logs_duration = 0;
	if (number_tail(s, line, n, at, rec))
		return PARSE_OK;
	if (pattern_match_tail(tail, line, n, at, rec) != PARSE_OK) {
		record_clear(rec);
		return PARSE_MALFORMED;
	}
	return PARSE_OK;
}
