/* xalloc.c: allocators that abort on failure (see xalloc.h for why). The
 * message goes straight to stderr with write(2): nothing else is safe to
 * call when memory is gone. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "statusmon/xalloc.h"

static void out_of_memory(void)
{
	static const char msg[] = "statusmon: out of memory\n";

	if (write(STDERR_FILENO, msg, sizeof msg - 1) < 0) { /* nothing left to try */ }
	abort();
}

void *xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (!p)
		out_of_memory();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		out_of_memory();
	return p;
}

void *xcalloc_lines(size_t n, size_t size)
{
	size_t bytes;
	void *p;

	n = n ? n : 1;
	size = size ? size : 1;
	if (n > (SIZE_MAX - 63) / size)
		out_of_memory();
	bytes = (n * size + 63) / 64 * 64;
	p = aligned_alloc(64, bytes);
	if (!p)
		out_of_memory();
	memset(p, 0, bytes);
	return p;
}

void *xrealloc(void *p, size_t size)
{
	void *q = realloc(p, size ? size : 1);

	if (!q)
		out_of_memory();
	return q;
}

void *xreallocarray(void *p, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		out_of_memory();
	return xrealloc(p, n * size);
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}
