/* time.c: timestamps -> UTC seconds, for every format and for the filters.
 * Kept apart so that one strict definition of a valid date serves all of
 * them, computed without mktime/timegm (slow, and dependent on TZ and
 * locale): fixed-position parsing and days-from-civil arithmetic.
 * Valid means: year 1..9999, month 1..12, day within its month (leap years
 * Gregorian), hour < 24, minute < 60, second <= 60 (a leap second counts as
 * the next minute's :00), zone offset minutes < 60 and |offset| <= 14:00.
 * Anything else is -1: the caller keeps the line but has no time. */
#include <string.h>
#include "time_cache.h"
#include "format_impl.h"

#define EPOCH_MAX 253402300799LL    /* 9999-12-31T23:59:59Z */

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
static long long days_from_civil(int y, int m, int d)
{
	long long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int days_in_month(int y, int m)
{
	static const unsigned char mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return mdays[m - 1];
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* n fixed digits at s, or -1 */
static int digits(const char *s, int n)
{
	int v = 0;

	while (n-- > 0) {
		if (!is_digit(*s))
			return -1;
		v = v * 10 + (*s++ - '0');
	}
	return v;
}

struct civil {
	int year, month, day, hour, min, sec;
	int zone_min;    /* east of UTC */
};

static int civil_to_epoch(const struct civil *c, long long *out)
{
	if (c->year < 1 || c->year > 9999 || c->month < 1 || c->month > 12 ||
	    c->day < 1 || c->day > days_in_month(c->year, c->month) ||
	    c->hour < 0 || c->hour > 23 || c->min < 0 || c->min > 59 ||
	    c->sec < 0 || c->sec > 60 || c->zone_min < -14 * 60 || c->zone_min > 14 * 60)
		return -1;
	*out = days_from_civil(c->year, c->month, c->day) * 86400LL +
	       c->hour * 3600LL + c->min * 60LL + c->sec - c->zone_min * 60LL;
	return 0;
}

static int month_from_name(const char *s)
{
	static const char names[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	int m;

	for (m = 0; m < 12; m++) {
		if (memcmp(names + 3 * m, s, 3) == 0)
			return m + 1;
	}
	return -1;
}

/* "+hhmm" (colon 0) or "+hh:mm" (colon 1) at s -> minutes east; -1 if bad */
static int zone_hhmm(const char *s, int colon, int *zone_min)
{
	int hh = digits(s + 1, 2), mm = digits(s + 3 + colon, 2);

	if ((s[0] != '+' && s[0] != '-') || hh < 0 || mm < 0 || mm > 59 ||
	    (colon && s[3] != ':'))
		return -1;
	*zone_min = (s[0] == '-' ? -1 : 1) * (hh * 60 + mm);
	return 0;
}

int time_parse_clf(const char *s, size_t n, long long *out)
{
	struct civil c;

	if (n != CLF_TIME_LEN || s[2] != '/' || s[6] != '/' || s[11] != ':' ||
	    s[14] != ':' || s[17] != ':' || s[20] != ' ')
		return -1;
	c.day = digits(s, 2);
	c.month = month_from_name(s + 3);
	c.year = digits(s + 7, 4);
	c.hour = digits(s + 12, 2);
	c.min = digits(s + 15, 2);
	c.sec = digits(s + 18, 2);
	if (zone_hhmm(s + 21, 0, &c.zone_min) < 0)
		return -1;
	return civil_to_epoch(&c, out);
}

int time_parse_clf_cached(struct time_cache *c, const char *s, size_t n,
                          long long *out)
{
	if (!c)
		return time_parse_clf(s, n, out);
	if (n == CLF_TIME_LEN && time_clf_cache_hit(c, s, out) == 0)
		return 0;
	if (time_parse_clf(s, n, out) < 0)
		return -1;
	memcpy(c->minute, s, 17);
	memcpy(c->zone, s + 20, 6);
	c->base = *out - digits(s + 18, 2);
	c->valid = true;
	return 0;
}

/* ISO 8601 zone suffix at s[0..n): "", "Z", "+hh", "+hhmm", "+hh:mm" */
static int iso_zone(const char *s, size_t n, int *zone_min)
{
	*zone_min = 0;
	if (n == 0)
		return 0;
	if (n == 1 && (s[0] == 'Z' || s[0] == 'z'))
		return 0;
	if (n == 3 && (s[0] == '+' || s[0] == '-') && digits(s + 1, 2) >= 0) {
		*zone_min = (s[0] == '-' ? -60 : 60) * digits(s + 1, 2);
		return 0;
	}
	if (n == 5 || n == 6)
		return zone_hhmm(s, n == 6, zone_min);
	return -1;
}

/* "HH:MM[:SS[(.|,)fraction]]" then a zone; the fraction is dropped */
static int iso_clock(const char *s, size_t n, struct civil *c)
{
	size_t i = 5;

	if (n < 5 || s[2] != ':')
		return -1;
	c->hour = digits(s, 2);
	c->min = digits(s + 3, 2);
	if (n >= 8 && s[5] == ':') {
		c->sec = digits(s + 6, 2);
		i = 8;
		if (i < n && (s[i] == '.' || s[i] == ',')) {
			if (++i >= n || !is_digit(s[i]))
				return -1;
			while (i < n && is_digit(s[i]))
				i++;
		}
	}
	return iso_zone(s + i, n - i, &c->zone_min);
}

int time_parse_iso8601(const char *s, size_t n, long long *out)
{
	struct civil c = { 0 };

	if (n < 10 || s[4] != '-' || s[7] != '-')
		return -1;
	c.year = digits(s, 4);
	c.month = digits(s + 5, 2);
	c.day = digits(s + 8, 2);
	if (n > 10) {
		if ((s[10] != 'T' && s[10] != 't' && s[10] != ' ') ||
		    iso_clock(s + 11, n - 11, &c) < 0)
			return -1;
	}
	return civil_to_epoch(&c, out);
}

/* "1431857103" or "1431857103.123" (seconds; ms when scale is 1000) */
static int parse_epoch(const char *s, size_t n, int max_digits, long long scale,
                       long long *out)
{
	long long v = 0;
	size_t i = 0;

	while (i < n && is_digit(s[i])) {
		if ((int)i >= max_digits)
			return -1;
		v = v * 10 + (s[i++] - '0');
	}
	if (i == 0)
		return -1;
	if (i < n) {
		if (s[i] != '.' || i + 1 == n)
			return -1;
		for (i++; i < n; i++) {
			if (!is_digit(s[i]))
				return -1;
		}
	}
	v /= scale;
	if (v > EPOCH_MAX)
		return -1;
	*out = v;
	return 0;
}

int time_layout_parse(const char *name)
{
	static const char *const names[] = {
		[TIME_NONE] = "none", [TIME_CLF] = "clf", [TIME_ISO8601] = "iso8601",
		[TIME_EPOCH] = "epoch", [TIME_EPOCH_MS] = "epoch_ms",
	};
	int i;

	if (!name)
		return -1;
	for (i = 0; i <= TIME_EPOCH_MS; i++) {
		if (strcmp(name, names[i]) == 0)
			return i;
	}
	return -1;
}

int time_parse_layout(enum time_layout layout, const char *s, size_t n, long long *out)
{
	if (!s)
		return -1;
	switch (layout) {
	case TIME_CLF:
		return time_parse_clf(s, n, out);
	case TIME_ISO8601:
		return time_parse_iso8601(s, n, out);
	case TIME_EPOCH:
		return parse_epoch(s, n, 12, 1, out);
	case TIME_EPOCH_MS:
		return parse_epoch(s, n, 15, 1000, out);
	case TIME_NONE:
		break;
	}
	return -1;
}
