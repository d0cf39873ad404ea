/* sample.c: --format=auto needs to look at the first lines before any line
 * is counted, and stdin cannot be read twice. So the first lines are copied
 * here (bounded in count and bytes), the format is detected from them, and
 * the driver then parses the copies before going on with the stream. */
#include <stdlib.h>
#include <string.h>
#include "pipeline.h"

#define SAMPLE_LINES 100
#define SAMPLE_BYTES (8u * 1024u * 1024u)   /* stop sampling past this   */
#define DETECT_LINE_MAX (64u * 1024u)       /* longer lines: not used to detect */

int sample_add(struct sample *s, const struct input_line *line)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 16;
		struct input_line *l = realloc(s->lines, cap * sizeof *l);
		char **c = l ? realloc(s->copies, cap * sizeof *c) : NULL;

		if (!l || !c)
			abort();
		s->lines = l;
		s->copies = c;
		s->cap = cap;
	}
	s->copies[s->n] = malloc(line->n ? line->n : 1);
	if (!s->copies[s->n])
		abort();
	memcpy(s->copies[s->n], line->p, line->n);
	s->lines[s->n] = *line;
	s->lines[s->n].p = s->copies[s->n];
	s->n++;
	s->bytes += line->n;
	return s->n >= SAMPLE_LINES || s->bytes >= SAMPLE_BYTES;
}

int sample_fill(struct sample *s, struct input *in, struct error *err)
{
	struct input_line line;
	int r;

	while ((r = input_next_line(in, &line, err)) == 1)
		if (sample_add(s, &line))
			return 0;
	return r == 0 ? 1 : -1;
}

struct format *sample_detect(const struct sample *s, const struct pipeline_config *cfg,
                             struct error *err)
{
	const char **lines = calloc(s->n ? s->n : 1, sizeof *lines);
	size_t *lens = calloc(s->n ? s->n : 1, sizeof *lens);
	size_t i, k = 0;
	struct format *fmt;

	if (!lines || !lens)
		abort();
	for (i = 0; i < s->n; i++) {
		if (s->lines[i].n == 0 || s->lines[i].n > DETECT_LINE_MAX || s->lines[i].truncated)
			continue;
		lines[k] = s->lines[i].p;
		lens[k++] = s->lines[i].n;
	}
	if (k == 0) {
		error_set(err, "no non-empty line to detect the format from");
		fmt = NULL;
	} else {
		fmt = format_detect(lines, lens, k, cfg->patterns_dir, cfg->fast_path, err);
	}
	free(lines);
	free(lens);
	return fmt;
}

void sample_free(struct sample *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->copies[i]);
	free(s->copies);
	free(s->lines);
	memset(s, 0, sizeof *s);
}
