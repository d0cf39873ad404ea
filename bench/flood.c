/* bench/flood.c: statusmon-flood, the hash-flooding benchmark's log writer.
 * Writes N combined-format lines, all 404, each with its own 48-byte path:
 * by default paths that all had one 64-bit hash under statusmon's old
 * unkeyed hash (bench/flood_keys.h), with --random paths of the same
 * length and alphabet, every byte after the "/" random. Timing statusmon on both shows whether a
 * crafted collision set still costs anything (it should be within 2x).
 * Apart from statusmon-gen: it writes an attack, not a realistic log. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "flood_keys.h"

static uint64_t rng_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* "/" and 47 bytes of the flood alphabet, 10 per draw. */
static void random_key(unsigned char key[FLOOD_KEY_LEN], uint64_t *rng)
{
	uint64_t r = 0;

	for (int i = 1; i < FLOOD_KEY_LEN; i++) {
		if ((i - 1) % 10 == 0)
			r = rng_next(rng);
		key[i] = (unsigned char)flood_alphabet[r & 63];
		r >>= 6;
	}
}

static int usage(void)
{
	fputs("usage: statusmon-flood [--random] [N]\n"
	      "Writes N (default 2000000) combined lines, status 404, with 48-byte\n"
	      "paths that all collided under statusmon's old path hash, or with\n"
	      "--random random paths of the same length and alphabet.\n", stderr);
	return 2;
}

int main(int argc, char **argv)
{
	unsigned char key[FLOOD_KEY_LEN];
	unsigned long long n = 2000000;
	uint64_t rng = 1;
	int random = 0;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--random") == 0)
			random = 1;
		else if (argv[i][0] >= '0' && argv[i][0] <= '9')
			n = strtoull(argv[i], NULL, 10);
		else
			return usage();
	}
	if (!flood_init(key)) {
		fputs("statusmon-flood: no first block found\n", stderr);
		return 1;
	}
	for (unsigned long long i = 0; i < n; i++) {
		if (random)
			random_key(key, &rng);
		else
			flood_key(key, i);
		printf("192.0.2.%llu - - [10/Oct/2026:13:55:%02llu +0000] \"GET %.*s HTTP/1.1\" "
		       "404 153 \"-\" \"flood\"\n", i % 250 + 1, i % 60, FLOOD_KEY_LEN, (const char *)key);
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		perror("statusmon-flood");
		return 1;
	}
	return 0;
}
