/* fuzz_format_compile.c: the Apache LogFormat and nginx log_format
 * compilers (logformat.c, nginx_format.c -> a PCRE2 pattern). The input's
 * first line is the --format string (cut at a NUL), the other lines a log
 * parsed with what it compiled to. A string without '%' or '$' is not a
 * LogFormat or log_format and is skipped. Checked: no crash, no hang (the
 * pattern's match limits), an error is a non-empty message, a parsed line
 * has a status and views inside the line. */
#include "fuzz_util.h"

static void parse_line(const char *line, size_t n, void *arg)
{
	struct record rec;
	enum parse_result r = parser_parse(arg, line, n, &rec);

	FUZZ_CHECK(r == PARSE_OK || r == PARSE_MALFORMED || r == PARSE_DIRECTIVE,
	           "result %d", (int)r);
	if (r != PARSE_OK)
		return;
	FUZZ_CHECK(rec.field[FIELD_STATUS].p != NULL, "%s", "PARSE_OK without a status");
	fuzz_check_record(&rec, line, n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size);
	size_t spec_len = nl ? (size_t)(nl - data) : size;
	char *spec = fuzz_strdup(data, spec_len);
	struct format *fmt;
	struct parser *parser;
	struct error err;

	if (!strchr(spec, '%') && !strchr(spec, '$')) {
		free(spec);
		return 0;
	}
	err.msg[0] = '\0';
	fmt = format_load(spec, NULL, true, &err);
	free(spec);
	if (!fmt) {
		FUZZ_CHECK(err.msg[0] != '\0' && strnlen(err.msg, sizeof err.msg) < sizeof err.msg,
		           "%s", "a failed format_load must explain itself");
		return 0;
	}
	parser = parser_new(fmt, &err);
	FUZZ_CHECK(parser != NULL, "parser_new: %s", err.msg);
	if (nl)
		fuzz_each_line(nl + 1, size - spec_len - 1, parse_line, parser);
	parser_free(parser);
	format_free(fmt);
	return 0;
}
