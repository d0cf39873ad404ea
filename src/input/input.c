/* input.c: the life of a struct input: allocation, input_open for a whole
 * file or stdin, the accessors and input_close. Kept apart from the reading
 * code (source.c, lines.c) and the special openers (ranges.c, follow.c),
 * which all start from input_alloc. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "input_impl.h"

struct input *input_alloc(const char *path, struct error *err)
{
	struct input *in = calloc(1, sizeof *in);

	if (!in || !(in->path = strdup(path))) {
		free(in);
		error_set(err, "%s: out of memory", path);
		return NULL;
	}
	source_init(&in->src);
	in->line_max = INPUT_LINE_MAX;
	in->cap = INPUT_BLOCK;
	in->buf = malloc(in->cap);
	in->ino_fd = in->wd_file = in->wd_dir = -1;
	in->quiet_s = -1;           /* read(); input_allow_map opts in */
	if (!in->buf) {
		error_set(err, "%s: out of memory", path);
		input_close(in);
		return NULL;
	}
	return in;
}

int input_set_limits(struct input *in, size_t block, size_t line_max)
{
	char *p;

	if (line_max < 1 || block < 1 || in->end > 0 || in->lines > 0)
		return -1;
	if (block > line_max + 2)
		block = line_max + 2;
	p = realloc(in->buf, block);
	if (!p)
		return -1;
	in->buf = p;
	in->cap = block;
	in->line_max = line_max;
	return 0;
}

struct input *input_open(const char *path, struct error *err)
{
	struct input *in = input_alloc(path, err);

	if (!in)
		return NULL;
	if (source_open(&in->src, path, err) != 0) {
		input_close(in);
		return NULL;
	}
	/* A regular file says at once whether it is compressed; a pipe is sniffed
	 * on the first read so opening never waits for a writer. */
	if (in->src.regular && source_sniff(&in->src, err) < 0) {
		error_prefix(err, "%s", path);
		input_close(in);
		return NULL;
	}
	return in;
}

const char *input_name(const struct input *in)
{
	return strcmp(in->path, "-") == 0 ? "(stdin)" : in->path;
}

uint64_t input_bytes(const struct input *in)
{
	return in->bytes;
}

uint64_t input_lines(const struct input *in)
{
	return in->lines;
}

bool input_ended(const struct input *in)
{
	return in->following && !strcmp(in->path, "-") && in->src.hup && in->start == in->end;
}

bool input_is_gzip(const struct input *in)
{
	return in->src.kind == SOURCE_GZIP;
}

bool input_is_zstd(const struct input *in)
{
	return in->src.kind == SOURCE_ZSTD;
}

bool input_is_compressed(const struct input *in)
{
	return in->src.kind != SOURCE_PLAIN;
}

void input_close(struct input *in)
{
	if (!in)
		return;
	for (size_t i = 0; i < in->nold; i++)
		input_close(in->old[i]);     /* follow mode: rotated files */
	mapped_drop(in);
	source_close(&in->src);
	free(in->src.zbuf);
	if (in->ino_fd >= 0)
		close(in->ino_fd);
	free(in->buf);
	free(in->path);
	free(in);
}
