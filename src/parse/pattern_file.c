/* pattern_file.c: reading a pattern file (patterns/README.md, "Pattern file
 * syntax") into a compiled pattern. Kept apart from pattern.c so the file
 * syntax, its headers and the mapping of regex offsets back to file lines
 * for error messages live in one place, away from the matching code.
 *
 * Syntax: the file opens with a header, the "# key: value" lines before
 * any other line ("# name: X", "# description: ...", "# time: LAYOUT";
 * other keys are ignored). Every other line starting with '#' is a
 * comment; blank lines are skipped; every other line is a piece of the
 * regex, trimmed of leading and trailing blanks, and the pieces are joined
 * with nothing in between. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "format_impl.h"
#include "pattern_impl.h"
#include "time_extra.h"

#define PATTERN_FILE_MAX (64 * 1024)

/* One regex line: where its text starts in the joined regex, and where in
 * the file it came from. */
struct piece {
	size_t offset;
	unsigned line, column;
};

struct pattern_src {
	const char *path;
	char name[64];
	char description[PATTERN_DESCRIPTION_MAX];
	int layout;
	bool in_header;         /* no line but "# key: value" seen yet */
	char *regex;            /* joined regex pieces */
	size_t len;
	struct piece *pieces;
	size_t n_pieces;
};

/* Reads the whole file (at most PATTERN_FILE_MAX bytes) NUL-terminated. */
static char *file_read(const char *path, size_t *len, struct error *err)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	size_t n;

	if (!f) {
		error_set(err, "%s: %s", path, strerror(errno));
		return NULL;
	}
	buf = malloc(PATTERN_FILE_MAX + 1);
	if (!buf) {
		fclose(f);
		error_set(err, "%s: out of memory", path);
		return NULL;
	}
	n = fread(buf, 1, PATTERN_FILE_MAX + 1, f);
	if (ferror(f) || n > PATTERN_FILE_MAX) {
		error_set(err, "%s: %s", path, ferror(f) ? strerror(errno) :
		          "pattern file larger than 64 KiB");
		fclose(f);
		free(buf);
		return NULL;
	}
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static bool name_valid(const char *s)
{
	size_t i, n = strlen(s);

	if (n == 0 || n >= 64)
		return false;
	for (i = 0; i < n; i++) {
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		            "0123456789_.-", s[i]))
			return false;
	}
	return true;
}

/* "# key: value" with the value already trimmed; unknown keys are
 * comments. */
static int header_apply(struct pattern_src *src, const char *key, size_t klen,
                        const char *val, unsigned line, struct error *err)
{
	if (klen == 4 && memcmp(key, "name", 4) == 0) {
		if (!name_valid(val)) {
			error_set(err, "%s:%u: bad name (1-63 of A-Z a-z 0-9 _ . -)",
			          src->path, line);
			return -1;
		}
		snprintf(src->name, sizeof src->name, "%s", val);
	} else if (klen == 11 && memcmp(key, "description", 11) == 0) {
		snprintf(src->description, sizeof src->description, "%s", val);
	} else if (klen == 4 && memcmp(key, "time", 4) == 0) {
		src->layout = time_extra_layout_parse(val);
		if (src->layout < 0) {
			error_set(err, "%s:%u: unknown time layout '%.40s' (known: none, "
			          "clf, iso8601, epoch, epoch_ms, clf_nozone)",
			          src->path, line, val);
			return -1;
		}
	}
	return 0;
}

/* A '#' line s (NUL-terminated, trimmed): a header line while the header
 * lasts, else a comment. */
static int comment_line(struct pattern_src *src, char *s, unsigned line,
                        struct error *err)
{
	char *key, *colon;

	if (!src->in_header)
		return 0;
	for (key = s + 1; is_blank(*key); key++)
		;
	colon = key;
	while ((*colon >= 'a' && *colon <= 'z') || *colon == '_')
		colon++;
	if (*colon != ':' || colon == key) {
		src->in_header = false;
		return 0;
	}
	s = colon + 1;
	while (is_blank(*s))
		s++;
	return header_apply(src, key, (size_t)(colon - key), s, line, err);
}

/* Splits buf into lines; headers applied, regex pieces appended. */
static int src_scan(struct pattern_src *src, char *buf, size_t len, struct error *err)
{
	char *s = buf, *end = buf + len, *eol, *b, *e;
	unsigned line = 0;

	while (s < end) {
		line++;
		eol = memchr(s, '\n', (size_t)(end - s));
		if (!eol)
			eol = end;
		for (b = s; b < eol && is_blank(*b); b++)
			;
		for (e = eol; e > b && is_blank(e[-1]); e--)
			;
		*e = '\0';
		if (b < e && *b == '#') {
			if (comment_line(src, b, line, err) < 0)
				return -1;
			s = eol + 1;
			continue;
		}
		src->in_header = false;
		if (b < e) {
			src->pieces[src->n_pieces].offset = src->len;
			src->pieces[src->n_pieces].line = line;
			src->pieces[src->n_pieces].column = (unsigned)(b - s) + 1;
			src->n_pieces++;
			memcpy(src->regex + src->len, b, (size_t)(e - b));
			src->len += (size_t)(e - b);
		}
		s = eol + 1;
	}
	return 0;
}

/* The file line and column of regex offset off. */
static void src_locate(const struct pattern_src *src, size_t off,
                       unsigned *line, unsigned *column)
{
	size_t i = 0;

	while (i + 1 < src->n_pieces && src->pieces[i + 1].offset <= off)
		i++;
	*line = src->pieces[i].line;
	*column = src->pieces[i].column + (unsigned)(off - src->pieces[i].offset);
}

static struct pattern *src_compile(struct pattern_src *src, struct error *err)
{
	struct pattern_errpos pos;
	struct pattern *pat;
	unsigned line, column;

	if (src->n_pieces == 0) {
		error_set(err, "%s: no regex in pattern file", src->path);
		return NULL;
	}
	pat = pattern_compile_n(src->name, src->regex, src->len, src->layout, &pos, err);
	if (pat) {
		pattern_set_description(pat, src->description);
		return pat;
	}
	if (pos.offset == SIZE_MAX) {
		error_prefix(err, "%s:%u", src->path, src->pieces[0].line);
		return NULL;
	}
	src_locate(src, pos.offset, &line, &column);
	if (pos.pcre)
		error_prefix(err, "%s:%u: bad regex at column %u (offset %zu)",
		             src->path, line, column, pos.offset);
	else
		error_prefix(err, "%s:%u", src->path, line);
	return NULL;
}

/* NAME from ".../NAME.pattern" */
static void default_name(char *dst, size_t cap, const char *path)
{
	const char *base = strrchr(path, '/');
	size_t n;

	base = base ? base + 1 : path;
	n = strlen(base);
	if (n > 8 && strcmp(base + n - 8, ".pattern") == 0)
		n -= 8;
	snprintf(dst, cap, "%.*s", (int)(n < cap ? n : cap - 1), base);
}

struct pattern *pattern_load_file(const char *path, struct error *err)
{
	struct pattern_src src = { .path = path, .layout = TIME_NONE, .in_header = true };
	struct pattern *pat = NULL;
	size_t len, lines = 1, i;
	char *buf;

	buf = file_read(path, &len, err);
	if (!buf)
		return NULL;
	for (i = 0; i < len; i++)
		lines += buf[i] == '\n';
	default_name(src.name, sizeof src.name, path);
	src.regex = malloc(len + 1);
	src.pieces = calloc(lines, sizeof *src.pieces);
	if (!src.regex || !src.pieces)
		error_set(err, "%s: out of memory", path);
	else if (src_scan(&src, buf, len, err) == 0)
		pat = src_compile(&src, err);
	free(src.regex);
	free(src.pieces);
	free(buf);
	return pat;
}
