/* fuzz_clf_split.c: a format string that is a CLF-family format plus more
 * fields runs split (clf_split.c: the fast path for the CLF part, a tail
 * regex for the rest); the same format loaded with fast_path false runs
 * its whole PCRE2 regex. Every line of the input goes through both, for
 * each format below: the same result and, for a parsed line, the same
 * field views (address and length), time, truncated flag and durations,
 * or abort with both records printed. */
#include "clf_split.h"
#include "fuzz_util.h"

static const char *const formats[] = {
	/* the two, and their relatives */
	"%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-Agent}i\" %D",
	"$remote_addr - $remote_user [$time_local] \"$request\" $status $body_bytes_sent "
	"\"$http_referer\" \"$http_user_agent\" $request_time",
	"$remote_addr - $remote_user [$time_local] \"$request\" $status $body_bytes_sent "
	"\"$http_referer\" \"$http_user_agent\" $request_time $upstream_response_time",
	"%v:%p %h %l %u %t \"%r\" %>s %O \"%{Referer}i\" \"%{User-Agent}i\" %T",
	"%h %l %u %t \"%r\" %s %B %D",
	"%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-Agent}i\" \"%{X-Forwarded-For}i\" "
	"%{ms}T %v",
	"%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-Agent}i\" %200,304D rt=%{us}T",
	"$remote_addr - $remote_user [$time_local] \"$request\" $status $bytes_sent "
	"$request_time",
	/* combined itself: common plus the two quoted headers */
	"%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-Agent}i\"",
	"$remote_addr - $remote_user [$time_local] \"$request\" $status $body_bytes_sent "
	"\"$http_referer\" \"$http_user_agent\"",
};
#define N_FORMATS (sizeof formats / sizeof formats[0])

struct pair {
	struct format *split, *whole;
	struct parser *psplit, *pwhole;
};

static void compare_line(const char *line, size_t n, void *arg)
{
	struct pair *pairs = arg;
	struct record a, b;
	enum parse_result ra, rb;
	size_t k;

	for (k = 0; k < N_FORMATS; k++) {
		ra = parser_parse(pairs[k].psplit, line, n, &a);
		rb = parser_parse(pairs[k].pwhole, line, n, &b);
		if (ra == rb && (rb != PARSE_OK || fuzz_records_same(&a, &b, true)))
			continue;
		fprintf(stderr, "format %zu (%s): split and whole regex differ on a "
		        "%zu-byte line\n", k, formats[k], n);
		fuzz_record_dump("split", line, ra, &a);
		fuzz_record_dump("whole", line, rb, &b);
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct pair pairs[N_FORMATS];
	struct error err;
	size_t k;

	for (k = 0; k < N_FORMATS && !pairs[k].split; k++) {
		pairs[k].split = format_load(formats[k], FUZZ_PATTERNS_DIR, true, &err);
		FUZZ_CHECK(pairs[k].split && pairs[k].split->split, "%s: %s", formats[k],
		           pairs[k].split ? "no split" : err.msg);
		pairs[k].whole = format_load(formats[k], FUZZ_PATTERNS_DIR, false, &err);
		FUZZ_CHECK(pairs[k].whole && !pairs[k].whole->split, "%s: %s", formats[k],
		           err.msg);
	}
	/* fresh parsers (and time caches) per input, so a crasher replays alone */
	for (k = 0; k < N_FORMATS; k++) {
		pairs[k].psplit = parser_new(pairs[k].split, &err);
		pairs[k].pwhole = parser_new(pairs[k].whole, &err);
		FUZZ_CHECK(pairs[k].psplit && pairs[k].pwhole, "parser_new: %s", err.msg);
	}
	fuzz_each_line(data, size, compare_line, pairs);
	for (k = 0; k < N_FORMATS; k++) {
		parser_free(pairs[k].psplit);
		parser_free(pairs[k].pwhole);
	}
	return 0;
}
