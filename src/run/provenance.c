/* provenance.c: who an input was, for the JSON report's provenance (schema
 * 2) and for --merge, which refuses to count one input twice: its device,
 * inode and size, and a fingerprint of its first line. Taken after the
 * input was read, from its name (stdin: its descriptor, no fingerprint),
 * apart from the readers so the per-line path stays as it was. */
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "statusmon/pipeline.h"

#define FINGERPRINT_BYTES 4096   /* a longer first line: its first 4 KiB */

/* FNV-1a 64 of the bytes up to the first newline (at most
 * FINGERPRINT_BYTES), as stored on disk (a .gz: its compressed bytes).
 * false if the file is empty or unreadable. */
static bool first_line_fingerprint(const char *path, char out[PIPELINE_FINGERPRINT_MAX])
{
	char buf[FINGERPRINT_BYTES];
	uint64_t h = 0xcbf29ce484222325ULL;
	ssize_t n, got = 0;
	int fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK);

	if (fd < 0)
		return false;
	while (got < (ssize_t)sizeof buf &&
	       (n = read(fd, buf + got, sizeof buf - (size_t)got)) > 0) {
		got += n;
		if (memchr(buf + got - n, '\n', (size_t)n))
			break;
	}
	close(fd);
	if (got <= 0)
		return false;
	for (ssize_t i = 0; i < got && buf[i] != '\n'; i++) {
		h ^= (unsigned char)buf[i];
		h *= 0x100000001b3ULL;
	}
	snprintf(out, PIPELINE_FINGERPRINT_MAX, "%016" PRIx64, h);
	return true;
}

void pipeline_input_identify(struct pipeline_input *in, const char *path)
{
	struct stat st;
	bool is_stdin = !strcmp(path, "-");

	if ((is_stdin ? fstat(STDIN_FILENO, &st) : stat(path, &st)) == 0) {
		in->has_file_id = true;
		in->device = (uint64_t)st.st_dev;
		in->inode = (uint64_t)st.st_ino;
		in->size = S_ISREG(st.st_mode) ? (uint64_t)st.st_size : in->bytes;
	}
	in->fingerprint[0] = '\0';
	if (!is_stdin && in->has_file_id && S_ISREG(st.st_mode))
		(void)first_line_fingerprint(path, in->fingerprint);
}
