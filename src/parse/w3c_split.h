/* w3c_split.h: internal to the parse module. Splitting a W3C line (or a
 * "#Fields:" list) into its columns at runs of spaces and tabs, 64 bytes a
 * step: w3c.c's hot path, here so test_w3c_split.c can compare it with a
 * byte-at-a-time reference on random and edge inputs. Never reads outside
 * s[0..n). */
#ifndef STATUSMON_W3C_SPLIT_H
#define STATUSMON_W3C_SPLIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "byte_scan.h"
#include "statusmon/record.h"

/* Bit i set where s[base + i] is a space or a tab, or lies past n. */
static inline uint64_t w3c_sep_mask(const char *s, size_t n, size_t base)
{
	size_t rem = n - base;
#if defined(__SSE2__)
	const __m128i sp = _mm_set1_epi8(' '), tab = _mm_set1_epi8('\t');
	char pad[64];

	if (rem >= 64)
		return byte_mask64(s + base, sp, tab);
	if (n >= 64)   /* the line's last 64 bytes, never past its end */
		return (byte_mask64(s + n - 64, sp, tab) >> (64 - rem)) | (~0ULL << rem);
	memset(pad, ' ', sizeof pad);
	memcpy(pad, s + base, rem);
	return byte_mask64(pad, sp, tab);
#else
	uint64_t m = 0;
	size_t i;

	for (i = 0; i < 64; i++)
		if (i >= rem || s[base + i] == ' ' || s[base + i] == '\t')
			m |= 1ULL << i;
	return m;
#endif
}

/* Splits s[0..n) at runs of spaces and tabs into at most max views;
 * returns the count, or max + 1 when there are more (out[] then holds
 * nothing usable: both callers reject such a line). Per block, the
 * separator mask gives the field starts and the field ends as two masks:
 * the starts set out[k].p in order, then the ends set out[k].n (a field's
 * end always follows its start, in this block or an earlier one), with no
 * branch per event on which kind it is. */
static inline size_t w3c_split(const char *s, size_t n, struct sv *out, size_t max)
{
	size_t base, starts_n = 0, ends_n = 0;
	uint64_t word, prev, starts, ends;
	bool in = false;

	for (base = 0; base < n; base += 64) {
		const char *b = s + base;

		word = ~w3c_sep_mask(s, n, base);       /* bit set: inside a field */
		prev = (word << 1) | (in ? 1 : 0);
		starts = word & ~prev;
		ends = ~word & prev;
		for (; starts; starts &= starts - 1) {
			if (starts_n == max)
				return max + 1;
			out[starts_n++].p = b + __builtin_ctzll(starts);
		}
		/* an end is always after its start, so ends_n < starts_n and
		 * out[ends_n].p is set (clang's analyzer cannot follow that) */
		for (; ends; ends &= ends - 1, ends_n++)
			out[ends_n].n = (size_t)(b + __builtin_ctzll(ends) - out[ends_n].p);   /* NOLINT(clang-analyzer-core.UndefinedBinaryOperatorResult) */
		in = word >> 63;
	}
	if (in) {
		out[ends_n].n = (size_t)(s + n - out[ends_n].p);   /* NOLINT(clang-analyzer-core.UndefinedBinaryOperatorResult) */
		ends_n++;
	}
	return ends_n;
}

#endif
