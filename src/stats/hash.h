/* hash.h: the one hash the stats use to name a key (a path or a client) by
 * its full bytes, however long. A small wyhash-style function: 16 bytes per
 * round through a 64x64->128 multiply, so a 40-byte path costs a few ns and
 * no allocation. It is not keyed (the Space-Saving slots compare the stored
 * prefix too, so a crafted collision can only merge two keys longer than the
 * prefix, never corrupt memory). Kept apart so topk.c and the tests share it. */
#ifndef STATUSMON_STATS_HASH_H
#define STATUSMON_STATS_HASH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define HASH_P0 0xa0761d6478bd642fULL
#define HASH_P1 0xe7037ed1a0b428dbULL
#define HASH_P2 0x8ebc6af09c88c6e3ULL

static inline uint64_t hash_mum(uint64_t a, uint64_t b)
{
	__extension__ typedef unsigned __int128 u128;
	u128 r = (u128)a * b;

	return (uint64_t)r ^ (uint64_t)(r >> 64);
}

static inline uint64_t hash_read8(const unsigned char *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return v;
}

static inline uint64_t hash_read4(const unsigned char *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

/* Keys of 4 to 16 bytes (most paths' and clients' tails) take no
 * length-dependent branch: four overlapping 4-byte reads cover them, as in
 * wyhash. Longer keys take 16-byte rounds, then the last 16 bytes. */
static inline uint64_t hash_bytes(const void *data, size_t n)
{
	const unsigned char *p = data;
	uint64_t h = HASH_P0 ^ (n * HASH_P1);
	uint64_t a, b;
	size_t i, off;

	if (n > 16) {
		for (i = n; i > 16; i -= 16, p += 16)
			h = hash_mum(hash_read8(p) ^ HASH_P1, hash_read8(p + 8) ^ h);
		p -= 16 - i;     /* the last 16 bytes, overlapping the last round */
		a = hash_read8(p);
		b = hash_read8(p + 8);
	} else if (n >= 4) {
		off = (n >> 3) << 2;
		a = (hash_read4(p) << 32) | hash_read4(p + off);
		b = (hash_read4(p + n - 4) << 32) | hash_read4(p + n - 4 - off);
	} else if (n > 0) {
		a = ((uint64_t)p[0] << 16) | ((uint64_t)p[n >> 1] << 8) | p[n - 1];
		b = 0;
	} else {
		a = b = 0;
	}
	h = hash_mum(a ^ HASH_P1, b ^ h ^ HASH_P2);
	return hash_mum(h ^ HASH_P0, n ^ HASH_P2);
}

#endif
