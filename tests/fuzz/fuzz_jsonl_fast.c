/* fuzz_jsonl_fast.c: the JSON-lines fast path (jsonl_fast.c, with its
 * key index and time cache) must give exactly what the reference gives
 * (json_scan.c walked by jsonl_parse_full, keys looked up one by one, no
 * cache). Every line goes through both, each with its own state kept
 * across the input's lines: the same verdict and, for a parsed line, the
 * same fields (a view into the line at the same address, an unescaped
 * one in scratch with the same bytes), time, durations and truncation, or
 * abort with both records printed. */
#include "format_impl.h"
#include "fuzz_util.h"

struct pair {
	struct jsonl_state *fast, *full;
};

/* Views into the line must be the same view; views into each side's
 * scratch the same bytes. */
static bool view_equal(struct sv a, struct sv b, const char *line, size_t n)
{
	bool a_in = a.p >= line && a.p <= line + n, b_in = b.p >= line && b.p <= line + n;

	if (!a.p || !b.p)
		return a.p == b.p && a.n == b.n;
	if (a_in || b_in)
		return a.p == b.p && a.n == b.n;
	return a.n == b.n && memcmp(a.p, b.p, a.n) == 0;
}

static bool records_equal(const struct record *a, const struct record *b, const char *line,
                          size_t n)
{
	int f;

	for (f = 0; f < FIELD_COUNT; f++)
		if (!view_equal(a->field[f], b->field[f], line, n))
			return false;
	return fuzz_record_rest_same(a, b, true);
}

static void compare_line(const char *line, size_t n, void *arg)
{
	struct pair *p = arg;
	struct record a, b;
	enum parse_result ra, rb;

	ra = jsonl_parse(p->fast, line, n, &a);
	rb = jsonl_parse_full(p->full, line, n, &b);
	if (ra == rb && (rb != PARSE_OK || records_equal(&a, &b, line, n)))
		return;
	fprintf(stderr, "jsonl: fast path and reference differ on a %zu-byte line\n", n);
	fuzz_record_dump("fast", line, ra, &a);
	fuzz_record_dump("reference", line, rb, &b);
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* fresh states (and time cache) per input, so a crasher replays alone */
	struct pair p = { jsonl_state_new(), jsonl_state_new() };

	FUZZ_CHECK(p.fast && p.full, "jsonl_state_new failed");
	fuzz_each_line(data, size, compare_line, &p);
	jsonl_state_free(p.fast);
	jsonl_state_free(p.full);
	return 0;
}
