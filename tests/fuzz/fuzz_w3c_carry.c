/* fuzz_w3c_carry.c: a W3C log cut into ranges, each parsed from the carry
 * of the ranges before it (parse.h: parse_carry_*, parser_resume, as the
 * threaded batch driver does), must give every line exactly the result of
 * one pass: the same verdict, the same field views and the same time. Cut
 * at every line start when the log is short (up to CUTS_ALL lines), and
 * into four ranges at offsets chosen by the input's first bytes. Lines
 * start with '#' or not as the input says, so "#Fields:" and "#Date:" land
 * anywhere: first, last, right at a cut, or nowhere. */
#include "fuzz_util.h"

#define LINES_MAX 2048
#define CUTS_ALL 64
#define RANGES 4

struct fuzz_log {
	char *line[LINES_MAX];
	size_t len[LINES_MAX];
	size_t n;
	struct record one[LINES_MAX];    /* the one-pass records */
	enum parse_result res[LINES_MAX];
};

static void add_line(const char *line, size_t n, void *arg)
{
	struct fuzz_log *log = arg;

	if (log->n == LINES_MAX)
		return;
	log->line[log->n] = fuzz_dup((const uint8_t *)line, n);
	log->len[log->n++] = n;
}

static void check_same(const struct fuzz_log *log, size_t i, enum parse_result r,
                       const struct record *rec)
{
	int f;

	FUZZ_CHECK(r == log->res[i], "line %zu: %d in a range, %d in one pass", i + 1,
	           (int)r, (int)log->res[i]);
	for (f = 0; f < FIELD_COUNT; f++)
		FUZZ_CHECK(rec->field[f].p == log->one[i].field[f].p &&
		           rec->field[f].n == log->one[i].field[f].n,
		           "line %zu: field %s differs from one pass", i + 1,
		           record_field_name((enum record_field)f));
	FUZZ_CHECK(rec->has_time == log->one[i].has_time &&
	           (!rec->has_time || rec->time == log->one[i].time),
	           "line %zu: time differs from one pass", i + 1);
}

/* Lines [cut[k], cut[k+1]) are range k; cut[0] = 0, cut[n] = log->n. */
static void check_ranges(const struct fuzz_log *log, const struct format *fmt,
                         const size_t *cut, int n)
{
	struct parse_carry *own[RANGES + 1];
	struct record rec;
	struct error err;
	int k;
	size_t i;

	for (k = 0; k < n; k++) {
		own[k] = parse_carry_new();
		for (i = cut[k]; i < cut[k + 1]; i++)
			if (log->len[i] > 0 && log->line[i][0] == '#')
				parse_carry_line(own[k], log->line[i], log->len[i]);
	}
	for (k = 0; k < n; k++) {
		struct parser *p = parser_new(fmt, &err);

		FUZZ_CHECK(p != NULL, "parser_new: %s", err.msg);
		if (k > 1)
			parse_carry_chain(own[k - 1], own[k - 2]);
		parser_resume(p, k > 0 ? own[k - 1] : NULL);
		for (i = cut[k]; i < cut[k + 1]; i++)
			check_same(log, i, parser_parse(p, log->line[i], log->len[i], &rec), &rec);
		parser_free(p);
	}
	for (k = 0; k < n; k++)
		parse_carry_free(own[k]);
}

static void check_cuts(const struct fuzz_log *log, const struct format *fmt,
                       const uint8_t *data, size_t size)
{
	size_t cut[RANGES + 1], i;
	int k;

	if (log->n <= CUTS_ALL)
		for (i = 1; i < log->n; i++) {
			cut[0] = 0;
			cut[1] = i;
			cut[2] = log->n;
			check_ranges(log, fmt, cut, 2);
		}
	cut[0] = 0;
	for (k = 1; k < RANGES; k++) {   /* ascending, maybe empty ranges */
		size_t at = size > (size_t)k ? data[k - 1] * log->n / 256 : 0;

		cut[k] = at > cut[k - 1] ? at : cut[k - 1];
	}
	cut[RANGES] = log->n;
	check_ranges(log, fmt, cut, RANGES);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct format *fmt;
	static struct fuzz_log log;
	struct parser *one;
	struct error err;
	size_t i;

	if (!fmt) {
		fmt = format_load("w3c", FUZZ_PATTERNS_DIR, true, &err);
		FUZZ_CHECK(fmt != NULL, "format_load(w3c): %s", err.msg);
		FUZZ_CHECK(format_has_carry(fmt), "%s", "w3c has no carry");
	}
	log.n = 0;
	fuzz_each_line(data, size, add_line, &log);
	one = parser_new(fmt, &err);
	FUZZ_CHECK(one != NULL, "parser_new: %s", err.msg);
	for (i = 0; i < log.n; i++)
		log.res[i] = parser_parse(one, log.line[i], log.len[i], &log.one[i]);
	parser_free(one);
	check_cuts(&log, fmt, data, size);
	for (i = 0; i < log.n; i++)
		free(log.line[i]);
	return 0;
}
