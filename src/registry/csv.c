/* csv.c: the RFC 4180 reader behind both data files (see csv.h). Apart from
 * load.c so the syntax (quotes, doubled quotes, CRLF) is one concern and the
 * meaning of the columns another. Works on a buffer, never reads past len,
 * and unquotes in place: a field's text is never longer than its raw form. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "csv.h"

int csv_read_file(const char *path, char **buf, size_t *len, struct error *err)
{
	FILE *f = fopen(path, "rb");
	char *b;
	size_t n;

	*buf = NULL;
	*len = 0;
	if (!f) {
		error_set(err, "%s: cannot open: %s", path, strerror(errno));
		return -1;
	}
	b = malloc(CSV_MAX_FILE + 1);
	if (!b) {
		fclose(f);
		error_set(err, "%s: out of memory", path);
		return -1;
	}
	n = fread(b, 1, CSV_MAX_FILE + 1, f);
	if (ferror(f)) {
		error_set(err, "%s: cannot read: %s", path, strerror(errno));
		goto fail;
	}
	if (n > CSV_MAX_FILE) {
		error_set(err, "%s: file too large; expected at most %u bytes",
		    path, CSV_MAX_FILE);
		goto fail;
	}
	fclose(f);
	if (n >= 3 && memcmp(b, "\xef\xbb\xbf", 3) == 0) {
		memmove(b, b + 3, n - 3);
		n -= 3;
	}
	b[n] = '\0';
	*buf = b;
	*len = n;
	return 0;
fail:
	fclose(f);
	free(b);
	return -1;
}

void csv_init(struct csv_reader *r, const char *path, char *buf, size_t len)
{
	r->path = path;
	r->buf = buf;
	r->len = len;
	r->pos = 0;
	r->line = 1;
}

/* Length of the line end at pos (1 for LF, 2 for CRLF), 0 if none. */
static size_t line_end(const struct csv_reader *r, size_t pos)
{
	if (pos < r->len && r->buf[pos] == '\n')
		return 1;
	if (pos + 1 < r->len && r->buf[pos] == '\r' && r->buf[pos + 1] == '\n')
		return 2;
	return 0;
}

/* An unquoted field from r->pos to the next comma or line end. */
static int field_plain(struct csv_reader *r, char **text, size_t *n, struct error *err)
{
	size_t start = r->pos;

	while (r->pos < r->len && r->buf[r->pos] != ',' && !line_end(r, r->pos)) {
		if (r->buf[r->pos] == '"') {
			error_set(err, "%s:%u: quote inside an unquoted field; "
			    "expected the whole field in quotes, with \"\" for a quote",
			    r->path, r->line);
			return -1;
		}
		r->pos++;
	}
	*text = r->buf + start;
	*n = r->pos - start;
	return 0;
}

/* A quoted field starting at the opening quote; unquoted in place. */
static int field_quoted(struct csv_reader *r, char **text, size_t *n, struct error *err)
{
	size_t w = r->pos, start = r->pos;
	unsigned first_line = r->line;

	r->pos++;
	for (;;) {
		if (r->pos >= r->len) {
			error_set(err, "%s:%u: quoted field never closed; "
			    "expected a closing quote", r->path, first_line);
			return -1;
		}
		char c = r->buf[r->pos++];
		if (c == '"') {
			if (r->pos < r->len && r->buf[r->pos] == '"') {
				r->pos++;
			} else {
				break;
			}
		} else if (c == '\n') {
			r->line++;
		}
		r->buf[w++] = c;
	}
	if (r->pos < r->len && r->buf[r->pos] != ',' && !line_end(r, r->pos)) {
		error_set(err, "%s:%u: text after a closing quote; "
		    "expected a comma or the end of the line", r->path, r->line);
		return -1;
	}
	*text = r->buf + start;
	*n = w - start;
	return 0;
}

int csv_next(struct csv_reader *r, struct csv_record *rec, struct error *err)
{
	size_t end;

	while ((end = line_end(r, r->pos)) != 0) {   /* skip empty lines */
		r->pos += end;
		r->line++;
	}
	if (r->pos >= r->len)
		return 0;
	rec->line = r->line;
	rec->n = 0;
	for (;;) {
		char *text;
		size_t n;
		int rc = r->buf[r->pos] == '"' ? field_quoted(r, &text, &n, err)
		                               : field_plain(r, &text, &n, err);
		if (rc < 0)
			return -1;
		/* Terminate in place: the delimiter is consumed below. */
		char delim = r->pos < r->len ? r->buf[r->pos] : '\0';
		end = line_end(r, r->pos);
		text[n] = '\0';
		if (rec->n < CSV_MAX_FIELDS) {
			rec->field[rec->n] = text;
			rec->len[rec->n] = n;
		}
		rec->n++;
		if (delim == ',') {
			r->pos++;
			continue;
		}
		r->pos += end;
		if (end)
			r->line++;
		return 1;
	}
}
