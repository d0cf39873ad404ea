/* fuzz_fast_path.c: the CLF fast path must give exactly what the PCRE2
 * pattern gives (patterns/NAME.pattern), for common, combined and
 * vhost_combined. Every line of the input goes through, per variant, the
 * fast-path parser (format_load fast_path true, with its time cache), the
 * PCRE2 parser (fast_path false) and the uncached clf_fast_parse: the same
 * result and, for a parsed line, the same views (address and length) and
 * the same time, or abort with both records printed. */
#include "clf_fast.h"
#include "fuzz_util.h"

static const char *const variant_names[3] = { "common", "combined", "vhost_combined" };

struct pair {
	struct format *fast, *slow;
	struct parser *pfast, *pslow;
};

static void compare_line(const char *line, size_t n, void *arg)
{
	struct pair *pairs = arg;
	struct record a, b, c;
	enum parse_result ra, rb, rc;
	int v;

	for (v = 0; v < 3; v++) {
		ra = parser_parse(pairs[v].pfast, line, n, &a);
		rb = parser_parse(pairs[v].pslow, line, n, &b);
		rc = clf_fast_parse((enum clf_variant)v, line, n, &c);
		if (ra == rb && rb == rc &&
		    (rb != PARSE_OK ||
		     (fuzz_records_same(&a, &b, false) && fuzz_records_same(&c, &b, false))))
			continue;
		fprintf(stderr, "%s: fast path and PCRE2 differ on a %zu-byte line\n",
		        variant_names[v], n);
		fuzz_record_dump("fast (cached)", line, ra, &a);
		fuzz_record_dump("pcre2", line, rb, &b);
		fuzz_record_dump("fast (uncached)", line, rc, &c);
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct pair pairs[3];
	struct error err;
	int v;

	for (v = 0; v < 3 && !pairs[v].fast; v++) {
		pairs[v].fast = format_load(variant_names[v], FUZZ_PATTERNS_DIR, true, &err);
		FUZZ_CHECK(pairs[v].fast && format_is_fast_path(pairs[v].fast), "%s", err.msg);
		pairs[v].slow = format_load(variant_names[v], FUZZ_PATTERNS_DIR, false, &err);
		FUZZ_CHECK(pairs[v].slow && !format_is_fast_path(pairs[v].slow), "%s", err.msg);
	}
	/* fresh parsers (and time caches) per input, so a crasher replays alone */
	for (v = 0; v < 3; v++) {
		pairs[v].pfast = parser_new(pairs[v].fast, &err);
		pairs[v].pslow = parser_new(pairs[v].slow, &err);
		FUZZ_CHECK(pairs[v].pfast && pairs[v].pslow, "parser_new: %s", err.msg);
	}
	fuzz_each_line(data, size, compare_line, pairs);
	for (v = 0; v < 3; v++) {
		parser_free(pairs[v].pfast);
		parser_free(pairs[v].pslow);
	}
	return 0;
}
