/* hash.h: the one hash the stats use to name a key (a path or a client) by
 * its full bytes, however long. Keyed, because the keys are untrusted log
 * bytes and they pick the summaries' index buckets: with a public function,
 * a log writer can craft any number of colliding paths and make every add
 * walk one long probe chain (a 2M-line flood took 50-160x longer). The key
 * (three 64-bit secrets) is derived from the run's seed (struct
 * stats_config: hash_seed, drawn from getrandom once per process), so a
 * collision set built offline is worth nothing against a run.
 *
 * The construction is wyhash's with per-run secrets in place of its public
 * constants, as Go's runtime memhash (also seeded once per process): 16
 * bytes per round through a 64x64->128 multiply, so a 40-byte path costs a
 * few ns and no allocation. A round is h = mum(A ^ k1, B ^ h): it collapses
 * only when B equals the running state or A equals k1, and both are secret
 * (the old function used public constants, so anyone could aim at them).
 * Like every hash this fast it is not collision-resistant for someone who
 * knows the key; the key never leaves the process. Kept apart so topk.c and
 * the tests share it. */
#ifndef STATUSMON_STATS_HASH_H
#define STATUSMON_STATS_HASH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct hash_key {
	uint64_t k0, k1, k2;
};

/* splitmix64: a bijective mixer, so distinct seeds give distinct keys. */
static inline uint64_t hash_splitmix(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* The secrets of a seed. Each is forced odd with both halves non-zero, so
 * no multiply by a secret-derived operand is degenerate by construction. */
static inline void hash_key_init(struct hash_key *k, uint64_t seed)
{
	uint64_t x = seed, *out[3] = { &k->k0, &k->k1, &k->k2 };

	for (int i = 0; i < 3; i++) {
		uint64_t v;

		do
			v = hash_splitmix(&x) | 1;
		while ((v >> 32) == 0 || (uint32_t)v == 1);
		*out[i] = v;
	}
}

/* The 128-bit product folded to 64 bits. */
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
static inline uint64_t hash_bytes(const struct hash_key *k, const void *data, size_t n)
{
	const unsigned char *p = data;
	uint64_t h = k->k0 ^ n;
	uint64_t a, b;
	size_t i, off;

	if (n > 16) {
		for (i = n; i > 16; i -= 16, p += 16)
			h = hash_mum(hash_read8(p) ^ k->k1, hash_read8(p + 8) ^ h);
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
	h = hash_mum(a ^ k->k1, b ^ h ^ k->k2);
	return hash_mum(h ^ k->k0, n ^ k->k2);
}

#endif
