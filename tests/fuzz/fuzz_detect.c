/* fuzz_detect.c: --format=auto on hostile first lines. The input's lines
 * (at most 100, as src/run/settle.c keeps) go to format_detect with the real
 * patterns directory, then every line is parsed with the format it chose.
 * Checked: no crash, no hang, a failure has a message, the chosen format
 * has a name, and a parsed line has a status and readable views. */
#include "fuzz_util.h"

#define DETECT_MAX_LINES 100

struct sample {
	const char *lines[DETECT_MAX_LINES];
	size_t lens[DETECT_MAX_LINES];
	char *copies[DETECT_MAX_LINES];
	size_t n;
};

static void sample_line(const char *line, size_t n, void *arg)
{
	struct sample *s = arg;

	if (s->n == DETECT_MAX_LINES)
		return;
	s->copies[s->n] = fuzz_dup((const uint8_t *)line, n);
	s->lines[s->n] = s->copies[s->n];
	s->lens[s->n] = n;
	s->n++;
}

static void parse_all(const struct format *fmt, const struct sample *s)
{
	struct error err;
	struct parser *p = parser_new(fmt, &err);
	struct record rec;
	size_t i;

	FUZZ_CHECK(p != NULL, "parser_new: %s", err.msg);
	for (i = 0; i < s->n; i++) {
		if (parser_parse(p, s->lines[i], s->lens[i], &rec) != PARSE_OK)
			continue;
		FUZZ_CHECK(rec.field[FIELD_STATUS].p != NULL, "%s", "PARSE_OK without a status");
		fuzz_check_record(&rec, NULL, 0);
	}
	parser_free(p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sample s = { .n = 0 };
	struct format *fmt;
	struct error err;
	size_t i;

	fuzz_each_line(data, size, sample_line, &s);
	err.msg[0] = '\0';
	fmt = format_detect(s.lines, s.lens, s.n, FUZZ_PATTERNS_DIR, true, &err);
	if (fmt) {
		FUZZ_CHECK(format_name(fmt)[0] != '\0', "%s", "a format without a name");
		parse_all(fmt, &s);
		format_free(fmt);
	} else {
		FUZZ_CHECK(err.msg[0] != '\0', "%s", "format_detect failed without a message");
	}
	for (i = 0; i < s.n; i++)
		free(s.copies[i]);
	return 0;
}
