/* fuzz_parse.c: one built-in format's line parser through the public parse.h
 * API, built once per format (FUZZ_FORMAT is "common", "combined",
 * "vhost_combined", "w3c" or "jsonl"). The input is a log: every line goes
 * through one parser in order, so W3C "#Fields:" lines steer the lines
 * after them as in a real file. Checked: no crash, no out-of-bounds read, a
 * parsed line has a status, every view is readable (and, except for JSON
 * lines, whose unescaped strings live in the parser's scratch, lies inside
 * its line), and parsing a line again gives the same record. */
#include "fuzz_util.h"

#ifndef FUZZ_FORMAT
#error "define FUZZ_FORMAT"
#endif

struct parse_ctx {
	struct parser *parser;
	bool views_in_line;
};

static void parse_line(const char *line, size_t n, void *arg)
{
	struct parse_ctx *ctx = arg;
	struct record a, b;
	enum parse_result ra, rb;
	int f;

	ra = parser_parse(ctx->parser, line, n, &a);
	FUZZ_CHECK(ra == PARSE_OK || ra == PARSE_MALFORMED || ra == PARSE_DIRECTIVE,
	           "result %d", (int)ra);
	if (ra != PARSE_OK)
		return;
	FUZZ_CHECK(a.field[FIELD_STATUS].p != NULL, "%s", "PARSE_OK without a status");
	fuzz_check_record(&a, ctx->views_in_line ? line : NULL, n);
	if (!ctx->views_in_line)
		return;
	rb = parser_parse(ctx->parser, line, n, &b);
	FUZZ_CHECK(rb == ra, "second parse gave %d", (int)rb);
	for (f = 0; f < FIELD_COUNT; f++)
		FUZZ_CHECK(a.field[f].p == b.field[f].p && a.field[f].n == b.field[f].n,
		           "field %s differs on a second parse",
		           record_field_name((enum record_field)f));
	FUZZ_CHECK(a.has_time == b.has_time && (!a.has_time || a.time == b.time),
	           "%s", "time differs on a second parse");
	FUZZ_CHECK(a.truncated == b.truncated, "%s", "truncated differs on a second parse");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct format *fmt;
	struct parse_ctx ctx;
	struct error err;

	if (!fmt) {
		fmt = format_load(FUZZ_FORMAT, FUZZ_PATTERNS_DIR, true, &err);
		FUZZ_CHECK(fmt != NULL, "format_load(%s): %s", FUZZ_FORMAT, err.msg);
	}
	/* a fresh parser per input: W3C state must not leak between inputs */
	ctx.parser = parser_new(fmt, &err);
	FUZZ_CHECK(ctx.parser != NULL, "parser_new: %s", err.msg);
	ctx.views_in_line = strcmp(FUZZ_FORMAT, "jsonl") != 0;
	fuzz_each_line(data, size, parse_line, &ctx);
	parser_free(ctx.parser);
	return 0;
}
