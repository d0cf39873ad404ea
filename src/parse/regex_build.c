/* regex_build.c: a bounded string builder for the regexes that Apache
 * LogFormat and nginx log_format strings compile to. Kept apart so the two
 * compilers share one escaper and one way of naming groups. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "regex_build.h"

void rbuf_init(struct rbuf *b)
{
	b->p = NULL;
	b->len = b->cap = 0;
	b->failed = false;
}

void rbuf_free(struct rbuf *b)
{
	free(b->p);
	rbuf_init(b);
}

static bool rbuf_reserve(struct rbuf *b, size_t extra)
{
	size_t want, cap;
	char *p;

	if (b->failed)
		return false;
	if (extra > REGEX_BUILD_MAX - b->len) {
		b->failed = true;
		return false;
	}
	want = b->len + extra + 1;
	if (want <= b->cap)
		return true;
	cap = b->cap ? b->cap : 256;
	while (cap < want)
		cap *= 2;
	p = realloc(b->p, cap);
	if (!p) {
		b->failed = true;
		return false;
	}
	b->p = p;
	b->cap = cap;
	return true;
}

static void rbuf_putn(struct rbuf *b, const char *s, size_t n)
{
	if (!rbuf_reserve(b, n))
		return;
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void rbuf_puts(struct rbuf *b, const char *s)
{
	rbuf_putn(b, s, strlen(s));
}

void rbuf_put_literal(struct rbuf *b, const char *s, size_t n)
{
	char hex[8];
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c >= 0x7f) {
			snprintf(hex, sizeof hex, "\\x%02x", c);
			rbuf_puts(b, hex);
			continue;
		}
		if (strchr("\\^$.|?*+()[]{}", c))
			rbuf_putn(b, "\\", 1);
		rbuf_putn(b, (const char *)&c, 1);
	}
}

char *rbuf_take(struct rbuf *b)
{
	char *p;

	if (b->failed || !rbuf_reserve(b, 0)) {
		rbuf_free(b);
		return NULL;
	}
	p = b->p;
	rbuf_init(b);
	return p;
}

bool rbuf_group(struct rbuf *b, struct group_set *gs, int group, const char *body)
{
	const char *name;
	bool named = false;

	if (group < 0 || group >= GROUP_COUNT || gs->used[group]) {
		rbuf_puts(b, "(?:");
	} else {
		named = true;
		gs->used[group] = true;
		name = group == GROUP_REQUEST ? "request" :
		       group > GROUP_REQUEST ?
		       record_dur_group_name((enum record_dur_group)(group - GROUP_DUR(0))) :
		       record_field_name((enum record_field)group);
		rbuf_puts(b, "(?<");
		rbuf_puts(b, name);
		rbuf_puts(b, ">");
	}
	rbuf_puts(b, body);
	rbuf_puts(b, ")");
	return named;
}

const char *regex_text(enum quoting q, bool spaces)
{
	if (q == Q_WHOLE)
		return RX_QUOTED_CUT;
	if (q == Q_PART)
		return spaces ? RX_QUOTED_SPACE : RX_QUOTED_PART;
	return spaces ? ".+?" : RX_TOKEN;
}

char regex_fmt_char(const char *fmt, size_t len, size_t i, size_t *used)
{
	*used = 1;
	if (fmt[i] != '\\' || i + 1 >= len)
		return fmt[i];
	*used = 2;
	switch (fmt[i + 1]) {
	case 'n':
		return '\n';
	case 't':
		return '\t';
	default:
		return fmt[i + 1];
	}
}

enum quoting regex_quoting(const char *fmt, size_t len, size_t start, size_t end,
                           bool in_quotes)
{
	size_t used;

	if (!in_quotes)
		return Q_NONE;
	if (start >= 1 && fmt[start - 1] == '"' && end < len &&
	    regex_fmt_char(fmt, len, end, &used) == '"')
		return Q_WHOLE;
	return Q_PART;
}

/* The regex text of pieces [from, to) (copied out of b, which grows). */
static void put_pieces(struct format_compile *c, struct rbuf *out, size_t from, size_t to)
{
	size_t start = c->piece[from].start, end = c->piece[to - 1].end;

	if (!c->b.failed && from < to)
		rbuf_putn(out, c->b.p + start, end - start);
}

/* A run of literal pieces [i, j) cut at the end of the line: "|p1|p1p2..."
 * for every proper prefix, when the run is short enough. */
static void put_literal_cuts(struct format_compile *c, struct rbuf *out,
                             size_t i, size_t j)
{
	size_t k;

	if (j - i > CUT_LITERAL_MAX)
		return;
	for (k = i + 1; k < j; k++) {
		rbuf_puts(out, "|");
		put_pieces(c, out, i, k);
	}
}

/* The end of piece run starting at i: a run of literals, or one directive. */
static size_t run_end(const struct format_compile *c, size_t i)
{
	size_t j = i + 1;

	while (c->piece[i].literal && j < c->n_pieces && c->piece[j].literal)
		j++;
	return j;
}

/* "(?:R1(?:R2(?:...)?|cuts of R2)?|cuts of R1)?": every prefix of the
 * pieces at a run's edge, or inside a literal run. false when there are
 * too many runs. */
static bool put_cut_chain(struct format_compile *c, struct rbuf *out)
{
	size_t run[CUT_PIECES_MAX + 1], n = 0, i, k;

	for (i = 0; i < c->n_pieces; i = run[n++]) {
		if (n == CUT_PIECES_MAX)
			return false;
		run[n] = run_end(c, i);
	}
	for (k = 0; k < n; k++) {
		rbuf_puts(out, "(?:");
		put_pieces(c, out, k ? run[k - 1] : 0, run[k]);
	}
	while (k-- > 0) {
		if (c->piece[k ? run[k - 1] : 0].literal)
			put_literal_cuts(c, out, k ? run[k - 1] : 0, run[k]);
		rbuf_puts(out, ")?");
	}
	return true;
}

/* The whole regex: the head, then the rest whole or cut (see the header). */
static void finish_regex(struct format_compile *c)
{
	struct rbuf out;

	if (c->n_pieces == 0 || c->b.failed) {
		rbuf_puts(&c->b, RX_TAIL);
		return;
	}
	rbuf_init(&out);
	rbuf_putn(&out, c->b.p, c->cut_at);
	rbuf_puts(&out, "(?|");
	rbuf_putn(&out, c->b.p + c->cut_at, c->b.len - c->cut_at);
	rbuf_puts(&out, RX_EXTRA "|");
	if (!put_cut_chain(c, &out)) {
		rbuf_free(&out);
		rbuf_puts(&c->b, RX_TAIL);
		return;
	}
	rbuf_puts(&out, "(?<truncated>))\\z");
	if (out.failed) {       /* over REGEX_BUILD_MAX: no cut allowed */
		rbuf_free(&out);
		rbuf_puts(&c->b, RX_TAIL);
		return;
	}
	rbuf_free(&c->b);
	c->b = out;
}

/* Notes where the regex stands after the piece that began at start: the
 * status or size just captured moves the cut point, later pieces are
 * recorded for finish_regex. */
static void note_piece(struct format_compile *c, size_t start, bool literal,
                       bool had_status, bool had_bytes)
{
	if ((!had_status && c->groups.used[FIELD_STATUS]) ||
	    (!had_bytes && c->groups.used[FIELD_BYTES])) {
		c->cut_at = c->b.len;
		c->n_pieces = 0;
	} else if (c->groups.used[FIELD_STATUS] && c->piece) {
		c->piece[c->n_pieces++] = (struct rx_piece){ start, c->b.len, literal };
	}
}

int format_compile_run(const char *fmt, char sigil,
                       int (*directive)(struct format_compile *c, size_t *i,
                                        struct error *err),
                       const char *what, const char *no_status,
                       char **regex, enum time_layout *layout, struct error *err)
{
	struct format_compile c = { .fmt = fmt, .layout = TIME_NONE };
	size_t i = 0, used, start;
	bool had_status, had_bytes;
	char ch;

	*regex = NULL;
	if (!fmt || !*fmt) {
		error_set(err, "empty %s", what);
		return -1;
	}
	c.len = strlen(fmt);
	c.piece = calloc(c.len, sizeof *c.piece);   /* at most one per byte */
	rbuf_init(&c.b);
	rbuf_puts(&c.b, "^");
	while (i < c.len) {
		start = c.b.len;
		had_status = c.groups.used[FIELD_STATUS];
		had_bytes = c.groups.used[FIELD_BYTES];
		if (fmt[i] == sigil) {
			if (directive(&c, &i, err) < 0)
				goto fail;
			note_piece(&c, start, false, had_status, had_bytes);
			continue;
		}
		ch = regex_fmt_char(fmt, c.len, i, &used);
		if (ch == '"')
			c.in_quotes = !c.in_quotes;
		rbuf_put_literal(&c.b, &ch, 1);
		note_piece(&c, start, true, had_status, had_bytes);
		i += used;
	}
	if (!c.groups.used[FIELD_STATUS]) {
		error_set(err, "%s has no %s", what, no_status);
		goto fail;
	}
	if (!c.piece)
		c.n_pieces = 0;       /* no memory for pieces: no cut allowed */
	finish_regex(&c);
	free(c.piece);
	*regex = rbuf_take(&c.b);
	if (!*regex) {
		error_set(err, "%s too long (its regex exceeds %d bytes)", what, REGEX_BUILD_MAX);
		return -1;
	}
	*layout = c.layout;
	return 0;
fail:
	free(c.piece);
	rbuf_free(&c.b);
	return -1;
}
