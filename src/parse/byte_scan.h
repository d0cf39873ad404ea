/* byte_scan.h: finding one byte in a short field, for the fast path and
 * the request splitter. Log fields are mostly a few bytes long ("-", "200",
 * an address), where a libc memchr call costs more than the search; this
 * looks at 8 bytes per step (SWAR) for the first 32 bytes, then hands long
 * fields to memchr. Never reads outside [p, end). */
#ifndef STATUSMON_BYTE_SCAN_H
#define STATUSMON_BYTE_SCAN_H

#include <stdint.h>
#include <string.h>

#define BYTE_SCAN_ONES 0x0101010101010101ULL

/* First c in [p, end), or NULL. */
static inline const char *byte_find(const char *p, const char *end, char c)
{
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	const uint64_t pat = BYTE_SCAN_ONES * (unsigned char)c;
	const char *stop = end - p > 32 ? p + 32 : end;
	uint64_t w, m;

	while (stop - p >= 8) {
		memcpy(&w, p, 8);
		w ^= pat;
		/* the lowest flagged byte is the first zero byte: exact */
		m = (w - BYTE_SCAN_ONES) & ~w & (BYTE_SCAN_ONES << 7);
		if (m)
			return p + (__builtin_ctzll(m) >> 3);
		p += 8;
	}
	if (stop != end)
		return memchr(p, c, (size_t)(end - p));
#endif
	while (p < end && *p != c)
		p++;
	return p < end ? p : NULL;
}

#endif
