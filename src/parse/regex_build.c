/* regex_build.c: a bounded string builder for the regexes that Apache
 * LogFormat and nginx log_format strings compile to. Kept apart so the two
 * compilers share one escaper and one way of naming groups. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "regex_build.h"
#include "statusmon/xalloc.h"

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
 * for every proper prefix, when the run is short enough. from > i: the
 * pieces before from are known matched, so only the longer prefixes, less
 * those pieces, remain. */
static void put_literal_cuts(struct format_compile *c, struct rbuf *out,
                             size_t i, size_t j, size_t from)
{
	size_t k, s = from > i ? from : i;

	if (j - i > CUT_LITERAL_MAX)
		return;
	for (k = s + 1; k < j; k++) {
		rbuf_puts(out, "|");
		put_pieces(c, out, s, k);
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
 * too many runs. from: the pieces before it are known matched (a tail
 * regex, see format_compile_split): the chain as the whole regex has it,
 * from that piece on, ending there allowed only where the whole allows a
 * cut there. */
static bool put_cut_chain(struct format_compile *c, struct rbuf *out, size_t from)
{
	size_t run[CUT_PIECES_MAX + 1], n = 0, i, j, k, s;

	for (i = 0; i < c->n_pieces; i = run[n++]) {
		if (n == CUT_PIECES_MAX)
			return false;
		run[n] = run_end(c, i);
	}
	for (j = 0; j < n && run[j] <= from; j++)
		;
	for (k = j; k < n; k++) {
		s = k ? run[k - 1] : 0;
		rbuf_puts(out, "(?:");
		put_pieces(c, out, k == j && from > s ? from : s, run[k]);
	}
	while (k-- > j) {
		s = k ? run[k - 1] : 0;
		if (c->piece[s].literal)
			put_literal_cuts(c, out, s, run[k], k == j ? from : s);
		/* inside a run too long to cut: the line may not end there */
		rbuf_puts(out, k == j && from > s && run[k] - s > CUT_LITERAL_MAX ? ")" : ")?");
	}
	return true;
}

/* The whole regex into *full: the head, then the rest whole or cut (see
 * the header). c->b (the flat regex) stays; c->chained says which form. */
static void finish_regex(struct format_compile *c, struct rbuf *full)
{
	struct rbuf out;

	rbuf_init(full);
	c->chained = false;
	if (c->b.failed) {
		full->failed = true;
		return;
	}
	rbuf_putn(full, c->b.p, c->b.len);
	if (c->n_pieces == 0) {
		rbuf_puts(full, RX_TAIL);
		return;
	}
	rbuf_init(&out);
	rbuf_putn(&out, c->b.p, c->cut_at);
	rbuf_puts(&out, "(?|");
	rbuf_putn(&out, c->b.p + c->cut_at, c->b.len - c->cut_at);
	rbuf_puts(&out, RX_EXTRA "|");
	if (!put_cut_chain(c, &out, 0)) {
		rbuf_free(&out);
		rbuf_puts(full, RX_TAIL);
		return;
	}
	rbuf_puts(&out, "(?<truncated>))\\z");
	if (out.failed) {       /* over REGEX_BUILD_MAX: no cut allowed */
		rbuf_free(&out);
		rbuf_puts(full, RX_TAIL);
		return;
	}
	rbuf_free(full);
	*full = out;
	c->chained = true;
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

/* The format string into c (the flat regex "^" + every piece, the cut
 * point and the pieces after it): 0, or -1 + err. */
static int compile_flat(struct format_compile *c, const char *fmt, char sigil,
                        int (*directive)(struct format_compile *c, size_t *i,
                                         struct error *err),
                        const char *what, const char *no_status, struct error *err)
{
	size_t i = 0, used, start;
	bool had_status, had_bytes;
	char ch;

	*c = (struct format_compile){ .fmt = fmt, .layout = TIME_NONE };
	rbuf_init(&c->b);
	if (!fmt || !*fmt) {
		error_set(err, "empty %s", what);
		return -1;
	}
	c->len = strlen(fmt);
	c->piece = calloc(c->len, sizeof *c->piece);   /* at most one per byte */
	rbuf_puts(&c->b, "^");
	while (i < c->len) {
		start = c->b.len;
		had_status = c->groups.used[FIELD_STATUS];
		had_bytes = c->groups.used[FIELD_BYTES];
		if (fmt[i] == sigil) {
			if (directive(c, &i, err) < 0)
				return -1;
			note_piece(c, start, false, had_status, had_bytes);
			continue;
		}
		ch = regex_fmt_char(fmt, c->len, i, &used);
		if (ch == '"')
			c->in_quotes = !c->in_quotes;
		rbuf_put_literal(&c->b, &ch, 1);
		note_piece(c, start, true, had_status, had_bytes);
		i += used;
	}
	if (!c->groups.used[FIELD_STATUS]) {
		error_set(err, "%s has no %s", what, no_status);
		return -1;
	}
	if (!c->piece)
		c->n_pieces = 0;       /* no memory for pieces: no cut allowed */
	return 0;
}

static void compile_free(struct format_compile *c)
{
	free(c->piece);
	rbuf_free(&c->b);
}

/* Whether prefix p (compiled into c2) is how c begins: the same regex text
 * to the end of p, the same cut point and pieces, and then a literal space
 * (so the last field of p ends where a token or a quote ends, not where a
 * later regex decides). The index of that space's piece, or SIZE_MAX. */
static size_t prefix_end(const struct format_compile *c, const struct format_compile *c2)
{
	size_t i, k = c2->n_pieces;

	if (c->b.failed || c2->b.failed || !c->piece || !c2->piece ||
	    c2->layout != c->layout || c2->cut_at != c->cut_at ||
	    c2->b.len > c->b.len || memcmp(c->b.p, c2->b.p, c2->b.len) != 0 ||
	    k >= c->n_pieces || (k ? c2->piece[k - 1].end : c2->cut_at) != c2->b.len)
		return SIZE_MAX;
	for (i = 0; i < k; i++) {
		if (c->piece[i].start != c2->piece[i].start ||
		    c->piece[i].end != c2->piece[i].end ||
		    c->piece[i].literal != c2->piece[i].literal)
			return SIZE_MAX;
	}
	if (!c->piece[k].literal || c->piece[k].end - c->piece[k].start != 1 ||
	    c->b.p[c->piece[k].start] != ' ')
		return SIZE_MAX;
	return k;
}

/* The regex for the line from piece from on, matched where the prefix
 * ended: what the whole regex (finish_regex) asks of that part, whole or
 * cut, no "^". NULL when over the limit. */
static char *tail_regex(struct format_compile *c, size_t from)
{
	struct rbuf out;
	size_t at = c->piece[from].start;

	rbuf_init(&out);
	if (!c->chained) {
		rbuf_putn(&out, c->b.p + at, c->b.len - at);
		rbuf_puts(&out, RX_TAIL);
		return rbuf_take(&out);
	}
	rbuf_puts(&out, "(?|");
	rbuf_putn(&out, c->b.p + at, c->b.len - at);
	rbuf_puts(&out, RX_EXTRA "|");
	put_cut_chain(c, &out, from);
	rbuf_puts(&out, "(?<truncated>))\\z");
	return rbuf_take(&out);
}

/* The first of the prefixes c begins with: split->prefix and its tail. */
static void find_split(struct format_compile *c, char sigil,
                       int (*directive)(struct format_compile *c, size_t *i,
                                        struct error *err),
                       const struct rx_prefix *prefixes, size_t n_prefixes,
                       struct rx_split *split)
{
	struct format_compile c2;
	struct error ignored;
	size_t i, from;
	int rc;

	for (i = 0; i < n_prefixes && !split->prefix; i++) {
		rc = compile_flat(&c2, prefixes[i].fmt, sigil, directive, "", "", &ignored);
		from = rc == 0 ? prefix_end(c, &c2) : SIZE_MAX;
		compile_free(&c2);
		if (from == SIZE_MAX)
			continue;
		split->tail = tail_regex(c, from);
		if (split->tail)
			split->prefix = &prefixes[i];
		if (split->tail && c->n_pieces == from + 2 && !c->piece[from + 1].literal)
			split->field = xstrndup(c->b.p + c->piece[from + 1].start,
			                       c->piece[from + 1].end - c->piece[from + 1].start);
	}
}

int format_compile_split(const char *fmt, char sigil,
                         int (*directive)(struct format_compile *c, size_t *i,
                                          struct error *err),
                         const char *what, const char *no_status,
                         const struct rx_prefix *prefixes, size_t n_prefixes,
                         char **regex, enum time_layout *layout,
                         struct rx_split *split, struct error *err)
{
	struct format_compile c;
	struct rbuf full;

	*regex = NULL;
	if (split)
		*split = (struct rx_split){ NULL, NULL, NULL };
	if (compile_flat(&c, fmt, sigil, directive, what, no_status, err) < 0) {
		compile_free(&c);
		return -1;
	}
	finish_regex(&c, &full);
	if (split && !full.failed)
		find_split(&c, sigil, directive, prefixes, n_prefixes, split);
	compile_free(&c);
	*regex = rbuf_take(&full);
	if (!*regex) {
		if (split) {
			free(split->tail);
			free(split->field);
			*split = (struct rx_split){ NULL, NULL, NULL };
		}
		error_set(err, "%s too long (its regex exceeds %d bytes)", what, REGEX_BUILD_MAX);
		return -1;
	}
	*layout = c.layout;
	return 0;
}

int format_compile_run(const char *fmt, char sigil,
                       int (*directive)(struct format_compile *c, size_t *i,
                                        struct error *err),
                       const char *what, const char *no_status,
                       char **regex, enum time_layout *layout, struct error *err)
{
	return format_compile_split(fmt, sigil, directive, what, no_status, NULL, 0,
	                            regex, layout, NULL, err);
}
