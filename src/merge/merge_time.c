/* merge_time.c: the merged timeline. Every report's buckets start on a
 * multiple of their width counted from the epoch, so buckets of different
 * reports line up; reports with different widths are re-bucketed to the
 * least common multiple of the widths (the coarser one when they divide
 * each other, as 1m, 5m, 1h, 1d do), and the merged timeline is coarsened
 * further only if it would exceed MERGE_BUCKETS_MAX buckets. Also the
 * parser of the report's own time format. */
#include <stdlib.h>
#include <string.h>
#include "merge_impl.h"
#include "statusmon/xalloc.h"

#define WIDTH_LIMIT (366LL * 86400)   /* an lcm beyond a year is refused */

static long long days_from_civil(long long y, unsigned m, unsigned d)
{
	long long era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long long)doe - 719468;
}

static bool digits(const char *s, size_t n, unsigned *out)
{
	unsigned v = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	*out = v;
	return true;
}

bool merge_time_parse(const char *s, size_t n, long long *out)
{
	static const unsigned mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	unsigned y, mo, d, h, mi, se;

	if (n != 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' ||
	    s[16] != ':' || s[19] != 'Z')
		return false;
	if (!digits(s, 4, &y) || !digits(s + 5, 2, &mo) || !digits(s + 8, 2, &d) ||
	    !digits(s + 11, 2, &h) || !digits(s + 14, 2, &mi) || !digits(s + 17, 2, &se))
		return false;
	if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] || h > 23 || mi > 59 || se > 60)
		return false;
	*out = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se;
	return true;
}

static long long gcd(long long a, long long b)
{
	while (b) {
		long long t = a % b;

		a = b;
		b = t;
	}
	return a;
}

static long long lcm_of(long long a, long long b)
{
	if (!a)
		return b;
	return a / gcd(a, b) * b;   /* both <= WIDTH_LIMIT: no overflow */
}

bool time_acc_check(const struct time_acc *t, long long width)
{
	return width <= 0 || (width <= WIDTH_LIMIT && lcm_of(t->width, width) <= WIDTH_LIMIT);
}

void time_acc_add(struct time_acc *t, const struct rpt_bucket *b, size_t n, long long width)
{
	if (width <= 0 || !n)
		return;
	if (t->width && t->width != width)
		t->mixed = true;
	if (!t->min_width || width < t->min_width)
		t->min_width = width;
	t->width = lcm_of(t->width, width);
	if (t->n + n > t->cap) {
		t->cap = (t->n + n) * 2;
		t->b = xrealloc(t->b, t->cap * sizeof *t->b);
	}
	for (size_t i = 0; i < n; i++) {
		uint64_t any = 0;

		for (int c = 0; c < CLASS_COUNT; c++)
			any |= b[i].by_class[c];
		if (any || i == 0 || i == n - 1)   /* the ends keep the span */
			t->b[t->n++] = b[i];
	}
}

static long long floor_div(long long a, long long b)
{
	long long q = a / b;

	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

void time_acc_finish(struct time_acc *t, struct snapshot *snap, long long *coarsened_from)
{
	long long w = t->width > 0 ? t->width : 60, lo = 0, hi = 0;
	size_t n;

	*coarsened_from = t->mixed ? t->min_width : 0;
	snap->bucket_seconds = w;
	if (!t->n)
		return;
	for (size_t i = 0; i < t->n; i++) {
		if (!i || t->b[i].start < lo)
			lo = t->b[i].start;
		if (!i || t->b[i].start > hi)
			hi = t->b[i].start;
	}
	while ((unsigned long long)(floor_div(hi, w) - floor_div(lo, w)) >= MERGE_BUCKETS_MAX) {
		if (!*coarsened_from)
			*coarsened_from = w;
		w *= 2;
	}
	n = (size_t)(floor_div(hi, w) - floor_div(lo, w)) + 1;
	snap->buckets = xcalloc(n, sizeof *snap->buckets);
	snap->n_buckets = n;
	snap->bucket_seconds = w;
	for (size_t i = 0; i < n; i++)
		snap->buckets[i].start = (floor_div(lo, w) + (long long)i) * w;
	for (size_t i = 0; i < t->n; i++) {
		struct snapshot_bucket *to = &snap->buckets[floor_div(t->b[i].start, w) - floor_div(lo, w)];

		for (int c = 0; c < CLASS_COUNT; c++)
			to->by_class[c] += t->b[i].by_class[c];
	}
}
