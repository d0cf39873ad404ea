/* settle.c: --format=auto needs to look at an input's first lines before
 * any of them is counted, and stdin or a followed file cannot be read
 * twice. So the first lines are copied here (bounded in count and bytes),
 * the format is detected from them, and the driver then counts the copies
 * before going on with the stream. See settle.h for the policy. */
#include <stdlib.h>
#include <string.h>
#include "statusmon/settle.h"
#include "statusmon/xalloc.h"

#define SETTLE_BYTES (8u * 1024u * 1024u)   /* stop sampling past this   */
#define DETECT_LINE_MAX (64u * 1024u)       /* longer lines: not used to detect */

static bool can_decide(const struct input_line *line)
{
	size_t i;

	if (line->n == 0 || line->n > DETECT_LINE_MAX || line->truncated)
		return false;
	for (i = 0; i < line->n; i++)
		if (line->p[i] != ' ' && line->p[i] != '\t' && line->p[i] != '\r')
			return true;
	return false;
}

bool settle_add(struct settle *s, const struct input_line *line)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 16;
		s->lines = xreallocarray(s->lines, s->cap, sizeof *s->lines);
		s->copies = xreallocarray(s->copies, s->cap, sizeof *s->copies);
	}
	s->copies[s->n] = xmalloc(line->n);
	memcpy(s->copies[s->n], line->p, line->n);
	s->lines[s->n] = *line;
	s->lines[s->n].p = s->copies[s->n];
	s->deciding += can_decide(line);
	s->n++;
	s->bytes += line->n;
	return s->n >= SETTLE_LINES || s->bytes >= SETTLE_BYTES;
}

int settle_fill(struct settle *s, struct input *in, struct error *err)
{
	struct input_line line;
	int r;

	while ((r = input_next_line(in, &line, err)) == 1)
		if (settle_add(s, &line))
			return 0;
	return r == 0 ? 1 : -1;
}

bool settle_can_decide(const struct settle *s)
{
	return s->deciding > 0;
}

struct format *settle_detect(const struct settle *s, const struct format_candidates *fc,
                             struct error *err)
{
	const char **lines;
	size_t *lens, i, k = 0;
	struct format *fmt;

	if (!settle_can_decide(s)) {
		error_set(err, "no non-blank line to detect the format from");
		return NULL;
	}
	lines = xcalloc(s->n, sizeof *lines);
	lens = xcalloc(s->n, sizeof *lens);
	for (i = 0; i < s->n; i++) {
		if (!can_decide(&s->lines[i]))
			continue;
		lines[k] = s->lines[i].p;
		lens[k++] = s->lines[i].n;
	}
	fmt = format_detect_among(fc, lines, lens, k, err);
	free(lines);
	free(lens);
	return fmt;
}

void settle_clear(struct settle *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->copies[i]);
	s->n = s->bytes = s->deciding = 0;
}

void settle_free(struct settle *s)
{
	settle_clear(s);
	free(s->copies);
	free(s->lines);
	memset(s, 0, sizeof *s);
}
