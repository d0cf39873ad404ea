/* duration.c: how a logged duration becomes integer microseconds. One
 * place for every parser (compiled formats, pattern files, W3C, JSON
 * lines), so "0.010" means 10000 us whichever format it came from, an
 * nginx upstream list is summed the same way, and "-" is absent everywhere.
 * No floating point: a decimal string is read exactly and cut at the
 * microsecond. */
#include <string.h>
#include "statusmon/record.h"

#define MANTISSA_DIGITS 18       /* fits an int64 with room to scale */

static const struct {
	const char *name;
	enum record_duration kind;
	int exp10;                /* value * 10^exp10 = microseconds */
} dur_groups[DG_COUNT] = {
	[DG_REQUEST_TIME] = { "request_time", DUR_REQUEST, 6 },
	[DG_REQUEST_MS] = { "request_ms", DUR_REQUEST, 3 },
	[DG_REQUEST_US] = { "request_us", DUR_REQUEST, 0 },
	[DG_REQUEST_NS] = { "request_ns", DUR_REQUEST, -3 },
	[DG_UPSTREAM_TIME] = { "upstream_time", DUR_UPSTREAM, 6 },
	[DG_UPSTREAM_MS] = { "upstream_ms", DUR_UPSTREAM, 3 },
	[DG_UPSTREAM_US] = { "upstream_us", DUR_UPSTREAM, 0 },
	[DG_UPSTREAM_NS] = { "upstream_ns", DUR_UPSTREAM, -3 },
};

int record_dur_group_parse(const char *name, size_t n)
{
	if (!name)
		return -1;
	for (int g = 0; g < DG_COUNT; g++)
		if (strlen(dur_groups[g].name) == n && memcmp(dur_groups[g].name, name, n) == 0)
			return g;
	return -1;
}

const char *record_dur_group_name(enum record_dur_group g)
{
	return (unsigned)g < DG_COUNT ? dur_groups[g].name : NULL;
}

enum record_duration record_dur_group_kind(enum record_dur_group g)
{
	return (unsigned)g < DG_COUNT ? dur_groups[g].kind : DUR_REQUEST;
}

static const uint64_t pow10_table[] = {
	1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL,
	10000000ULL, 100000000ULL, 1000000000ULL, 10000000000ULL,
	100000000000ULL, 1000000000000ULL, 10000000000000ULL,
	100000000000000ULL, 1000000000000000ULL, 10000000000000000ULL,
	100000000000000000ULL, 1000000000000000000ULL,
};

/* One number "D[.D]" at p[0..n) in units of 10^exp10 us -> *us; 0 or -1. */
static int number_read(const char *p, size_t n, int exp10, uint64_t *us)
{
	uint64_t mant = 0;
	int digits = 0, frac = 0, scale;
	size_t i = 0;
	bool dot = false, any = false;

	for (; i < n; i++) {
		if (p[i] == '.' && !dot) {
			dot = true;
			continue;
		}
		if (p[i] < '0' || p[i] > '9')
			return -1;
		any = true;
		if (mant == 0 && p[i] == '0' && !dot)
			continue;            /* leading zeros */
		if (digits >= MANTISSA_DIGITS) {
			if (!dot)
				return -1;   /* an integer part this long: too large */
			continue;            /* further fraction digits: cut */
		}
		mant = mant * 10 + (uint64_t)(p[i] - '0');
		digits += mant != 0;
		frac += dot;
	}
	if (!any)
		return -1;
	scale = exp10 - frac;
	if (scale >= 0) {
		if (scale > MANTISSA_DIGITS || (mant && mant > RECORD_DURATION_MAX_US / pow10_table[scale]))
			return -1;
		*us = mant * pow10_table[scale];
	} else {
		*us = -scale > MANTISSA_DIGITS ? 0 : mant / pow10_table[-scale];
	}
	return *us <= RECORD_DURATION_MAX_US ? 0 : -1;
}

/* The next list element of p[*i..n): up to ", " or " : " or the end. */
static size_t element_end(const char *p, size_t n, size_t i)
{
	while (i < n && p[i] != ',' && p[i] != ' ')
		i++;
	return i;
}

/* The largest mantissa that scales to at most RECORD_DURATION_MAX_US,
 * per power of ten: a table, so the per-line check divides nothing. */
#define MAX_AT(k) (RECORD_DURATION_MAX_US / k##ULL)
static const uint64_t mant_max[] = {
	MAX_AT(1), MAX_AT(10), MAX_AT(100), MAX_AT(1000), MAX_AT(10000),
	MAX_AT(100000), MAX_AT(1000000), MAX_AT(10000000), MAX_AT(100000000),
	MAX_AT(1000000000), MAX_AT(10000000000), MAX_AT(100000000000),
	MAX_AT(1000000000000), MAX_AT(10000000000000), MAX_AT(100000000000000),
	MAX_AT(1000000000000000), MAX_AT(10000000000000000),
	MAX_AT(100000000000000000), MAX_AT(1000000000000000000),
};
#undef MAX_AT
_Static_assert(sizeof mant_max == sizeof pow10_table, "one bound per power of ten");

/* mant * 10^(exp10 - frac) microseconds -> *us, cut below the
 * microsecond; false when that passes RECORD_DURATION_MAX_US. frac is at
 * most 15 (the fast readers' limit), so every power is in the table. */
static bool decimal_scale(uint64_t mant, unsigned frac, int exp10, uint64_t *us)
{
	int scale = exp10 - (int)frac;

	if (scale >= 0) {
		if (mant > mant_max[scale])
			return false;
		*us = mant * pow10_table[scale];
	} else {
		*us = mant / pow10_table[-scale];
	}
	return *us <= RECORD_DURATION_MAX_US;
}

/* The common case, one plain number ("1234", "0.012", "5.", ".5") of at
 * most RECORD_DECIMAL_FAST_MAX characters, in one pass; false sends
 * anything else (lists, "-", signs, "." alone, a value out of range) to
 * the general reader, which decides it. */
static bool number_fast(const char *p, size_t n, int exp10, uint64_t *us)
{
	struct record_decimal d;

	if (!record_decimal_read(p, n, &d) || (n == 1 && d.dot))
		return false;
	return decimal_scale(d.mant, d.frac, exp10, us);
}

bool record_duration_set_decimal(struct record *rec, enum record_dur_group g,
                                 uint64_t mant, unsigned frac)
{
	enum record_duration kind;
	uint64_t v;

	if ((unsigned)g >= DG_COUNT || frac > RECORD_DECIMAL_FAST_MAX ||
	    !decimal_scale(mant, frac, dur_groups[g].exp10, &v))
		return false;
	kind = dur_groups[g].kind;
	rec->logs_duration |= (uint8_t)(1u << kind);
	rec->duration_us[kind] = v;
	rec->has_duration |= (uint8_t)(1u << kind);
	return true;
}

void record_duration_set(struct record *rec, enum record_dur_group g,
                         const char *p, size_t n)
{
	enum record_duration kind;
	uint64_t sum = 0, v;
	bool found = false;
	size_t i = 0, end;

	if ((unsigned)g >= DG_COUNT)
		return;
	kind = dur_groups[g].kind;
	rec->logs_duration |= (uint8_t)(1u << kind);
	if (number_fast(p, n, dur_groups[g].exp10, &v)) {
		rec->duration_us[kind] = v;
		rec->has_duration |= (uint8_t)(1u << kind);
		return;
	}
	while (p && i < n) {
		while (i < n && (p[i] == ' ' || p[i] == ',' || p[i] == ':'))
			i++;
		end = element_end(p, n, i);
		if (end > i && !(end - i == 1 && p[i] == '-')) {
			if (number_read(p + i, end - i, dur_groups[g].exp10, &v) < 0)
				return;      /* unreadable: absent, whatever else it holds */
			sum += v;
			found = true;
		}
		i = end;
	}
	if (!found || sum > RECORD_DURATION_MAX_US)
		return;
	rec->duration_us[kind] = sum;
	rec->has_duration |= (uint8_t)(1u << kind);
}
