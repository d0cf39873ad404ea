/* seed.c: stats_seed_new, the per-run secret that keys the path/client hash
 * (hash.h). Apart from stats.c because it is the stats' only contact with
 * the OS: getrandom(2) first; /dev/urandom when the call is missing (old
 * kernels, seccomp filters); last, the time, pid and an address (ASLR)
 * through splitmix64, which is weak but still differs per run. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <time.h>
#include <unistd.h>
#include <sys/random.h>
#include "hash.h"
#include "statusmon/stats.h"

static int seed_getrandom(uint64_t *out)
{
	ssize_t r;

	do
		r = getrandom(out, sizeof *out, GRND_NONBLOCK);
	while (r < 0 && errno == EINTR);
	return r == (ssize_t)sizeof *out ? 0 : -1;
}

static int seed_urandom(uint64_t *out)
{
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	ssize_t r;

	if (fd < 0)
		return -1;
	do
		r = read(fd, out, sizeof *out);
	while (r < 0 && errno == EINTR);
	close(fd);
	return r == (ssize_t)sizeof *out ? 0 : -1;
}

static uint64_t seed_weak(void)
{
	struct timespec ts = { 0, 0 };
	uint64_t x;

	clock_gettime(CLOCK_REALTIME, &ts);
	x = (uint64_t)ts.tv_sec * 1000000007u ^ (uint64_t)ts.tv_nsec;
	x ^= (uint64_t)getpid() << 32;
	x ^= (uint64_t)(uintptr_t)&ts;
	return hash_splitmix(&x);
}

uint64_t stats_seed_new(void)
{
	uint64_t seed = 0;

	if (seed_getrandom(&seed) != 0 && seed_urandom(&seed) != 0)
		seed = seed_weak();
	return seed ? seed : 0x5eed5eed5eed5eedULL;
}
