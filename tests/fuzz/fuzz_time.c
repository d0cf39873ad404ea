/* fuzz_time.c: timestamps, against a second implementation written here
 * from time.c's stated rules (year 1..9999, day within its Gregorian
 * month, hour < 24, minute < 60, second <= 60, zone minutes < 60 and
 * |zone| <= 14:00), with a different day count (days before the year plus
 * days before the month, not days-from-civil). Each input line is:
 *  - a CLF time "10/Oct/2000:13:55:36 -0700": time_parse_clf, the fast
 *    path's cached parser (one cache across the input's lines, as a parser
 *    thread has) and the reference must agree on validity and value;
 *  - an ISO 8601 time: time_parse_iso8601 must not crash, must give a
 *    value inside the valid range, and for the canonical
 *    "YYYY-MM-DDTHH:MM:SSZ" / "+hh:mm" forms must agree with the reference. */
#include "clf_fast.h"
#include "fuzz_util.h"

struct ymdhms {
	int y, mo, d, h, mi, s, zone;   /* zone: minutes east of UTC */
};

static int num(const char *s, int n)
{
	int v = 0;

	for (; n > 0; n--, s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
	}
	return v;
}

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* The reference: 0 and *out, or -1 outside the rules. */
static int ref_epoch(const struct ymdhms *t, long long *out)
{
	static const int before[12] = { 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334 };
	static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	long long y1, days;

	if (t->y < 1 || t->y > 9999 || t->mo < 1 || t->mo > 12 || t->d < 1 ||
	    t->d > mdays[t->mo - 1] + (t->mo == 2 && leap(t->y)) || t->h < 0 || t->h > 23 ||
	    t->mi < 0 || t->mi > 59 || t->s < 0 || t->s > 60 || t->zone < -840 || t->zone > 840)
		return -1;
	y1 = t->y - 1;
	days = 365 * y1 + y1 / 4 - y1 / 100 + y1 / 400 - 719162;   /* 0001-01-01 .. 1970 */
	days += before[t->mo - 1] + (t->mo > 2 && leap(t->y)) + t->d - 1;
	*out = days * 86400 + t->h * 3600 + t->mi * 60 + t->s - t->zone * 60LL;
	return 0;
}

/* "+hh" "mm" at s (sign at s[0], minutes at s + 3 + colon). */
static int ref_zone(const char *s, int colon, int *zone)
{
	int hh = num(s + 1, 2), mm = num(s + 3 + colon, 2);

	if ((s[0] != '+' && s[0] != '-') || hh < 0 || mm < 0 || mm > 59 || (colon && s[3] != ':'))
		return -1;
	*zone = (s[0] == '-' ? -1 : 1) * (hh * 60 + mm);
	return 0;
}

static int ref_clf(const char *s, size_t n, long long *out)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	struct ymdhms t;
	const char *m;

	if (n != 26 || s[2] != '/' || s[6] != '/' || s[11] != ':' || s[14] != ':' ||
	    s[17] != ':' || s[20] != ' ')
		return -1;
	m = s + 3;
	for (t.mo = 12; t.mo > 0 && memcmp(months + 3 * (t.mo - 1), m, 3) != 0; t.mo--)
		;
	t.d = num(s, 2);
	t.y = num(s + 7, 4);
	t.h = num(s + 12, 2);
	t.mi = num(s + 15, 2);
	t.s = num(s + 18, 2);
	if (t.mo == 0 || ref_zone(s + 21, 0, &t.zone) < 0)
		return -1;
	return ref_epoch(&t, out);
}

/* "YYYY-MM-DDTHH:MM:SSZ" (20) or "...SS+hh:mm" (25); -2: another form. */
static int ref_iso(const char *s, size_t n, long long *out)
{
	struct ymdhms t = { .zone = 0 };

	if ((n != 20 || s[19] != 'Z') && (n != 25 || (s[19] != '+' && s[19] != '-')))
		return -2;
	if (s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':')
		return -2;
	t.y = num(s, 4);
	t.mo = num(s + 5, 2);
	t.d = num(s + 8, 2);
	t.h = num(s + 11, 2);
	t.mi = num(s + 14, 2);
	t.s = num(s + 17, 2);
	if (n == 25 && ref_zone(s + 19, 1, &t.zone) < 0)
		return -1;
	return ref_epoch(&t, out);
}

static void check_line(const char *s, size_t n, void *arg)
{
	struct time_cache *cache = arg;
	long long a = 0, b = 0, c = 0;
	int ra = time_parse_clf(s, n, &a), rb = time_parse_clf_cached(cache, s, n, &b);
	int rc = ref_clf(s, n, &c);

	FUZZ_CHECK(ra == rb && (ra < 0 || a == b), "clf: cached %d/%lld, uncached %d/%lld",
	           rb, b, ra, a);
	FUZZ_CHECK(ra == rc && (ra < 0 || a == c), "clf: %d/%lld, reference %d/%lld", ra, a, rc, c);
	ra = time_parse_iso8601(s, n, &a);
	FUZZ_CHECK(ra == 0 || ra == -1, "iso: result %d", ra);
	if (ra == 0)
		FUZZ_CHECK(a >= -62135596800LL - 14 * 3600 && a <= 253402300800LL + 14 * 3600,
		           "iso: %lld out of range", a);
	rc = ref_iso(s, n, &c);
	if (rc != -2)
		FUZZ_CHECK(ra == rc && (ra < 0 || a == c), "iso: %d/%lld, reference %d/%lld",
		           ra, a, rc, c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct time_cache cache;

	memset(&cache, 0, sizeof cache);
	fuzz_each_line(data, size, check_line, &cache);
	return 0;
}
