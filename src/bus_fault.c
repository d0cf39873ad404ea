/* bus_fault.c: the message of a SIGBUS on a mapped input, written from the
 * signal handler itself. The file is named from /proc/self/maps (the
 * mapping that holds the faulting address), so no input needs to be
 * recorded in process-wide state for the handler to find. Every byte of
 * the path is written as a printable byte or '?', as print_error would
 * escape it. Kept apart from main.c because parsing maps by hand, without
 * stdio or allocation, is a job of its own. */
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include "bus_fault.h"

#define MAPS_LINE 4096

static void put(const char *s, size_t n)
{
	while (n > 0) {
		ssize_t w = write(STDERR_FILENO, s, n);

		if (w <= 0)
			return;
		s += w;
		n -= (size_t)w;
	}
}

static void put_str(const char *s)
{
	put(s, strlen(s));
}

/* The hexadecimal number at *p, *p moved past it. */
static uintptr_t hex_at(const char **p, const char *end)
{
	uintptr_t v = 0;

	for (; *p < end; (*p)++) {
		char c = **p;
		unsigned d;

		if (c >= '0' && c <= '9')
			d = (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			d = (unsigned)(c - 'a' + 10);
		else
			break;
		v = v * 16 + d;
	}
	return v;
}

/* If the maps line [line, end) ("START-END PERMS OFFSET DEV INODE PATH")
 * covers addr, where its path starts (NULL when not, or it has none). */
static const char *line_path(const char *line, const char *end, uintptr_t addr)
{
	const char *p = line;
	uintptr_t lo = hex_at(&p, end), hi;
	int field;

	if (p == end || *p != '-')
		return NULL;
	p++;
	hi = hex_at(&p, end);
	if (addr < lo || addr >= hi)
		return NULL;
	for (field = 0; field < 4; field++) {      /* perms offset dev inode */
		while (p < end && *p == ' ')
			p++;
		while (p < end && *p != ' ')
			p++;
	}
	while (p < end && *p == ' ')
		p++;
	return p < end && *p == '/' ? p : NULL;
}

static void put_path(const char *p, const char *end)
{
	char out[256];
	size_t n = 0;

	for (; p < end; p++) {
		unsigned char c = (unsigned char)*p;

		out[n++] = c >= 0x20 && c != 0x7f ? (char)c : '?';
		if (n == sizeof out) {
			put(out, n);
			n = 0;
		}
	}
	put(out, n);
}

/* Looks addr up line by line; lines longer than MAPS_LINE are skipped. */
static int find_and_put(uintptr_t addr)
{
	char buf[MAPS_LINE];
	size_t have = 0;
	int fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
	ssize_t r;

	if (fd < 0)
		return -1;
	while ((r = read(fd, buf + have, sizeof buf - have)) > 0) {
		const char *p = buf, *end = buf + have + (size_t)r, *nl;

		while ((nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
			const char *path = line_path(p, nl, addr);

			if (path) {
				put_path(path, nl);
				close(fd);
				return 0;
			}
			p = nl + 1;
		}
		have = (size_t)(end - p);
		if (have == sizeof buf)
			have = 0;          /* a line longer than the buffer */
		else
			memmove(buf, p, have);
	}
	close(fd);
	return -1;
}

void bus_fault_report(const void *addr)
{
	put_str("statusmon: ");
	if (find_and_put((uintptr_t)addr) < 0)
		put_str("an input file");
	put_str(": the file shrank while it was being read (truncated by another "
	        "program, as logrotate's copytruncate does), or a part of it could "
	        "not be read from the disk; no report was written. Run statusmon "
	        "again once the file is settled, or with --no-mmap, which reads "
	        "every file with read() instead of mapping it.\n");
}
