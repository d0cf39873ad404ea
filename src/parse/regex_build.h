/* regex_build.h: the small string builder and the field regexes that the
 * LogFormat and log_format compilers (logformat.c, nginx_format.c) share,
 * so both write the same regex for the same kind of field, and the named
 * groups they emit are the record field names pattern.c maps. */
#ifndef STATUSMON_REGEX_BUILD_H
#define STATUSMON_REGEX_BUILD_H

#include <stdbool.h>
#include <stddef.h>
#include "format_impl.h"
#include "statusmon/record.h"

/* The longest regex a format string may compile to; bounds the builder. */
#define REGEX_BUILD_MAX (256 * 1024)

/* Field regexes, with the semantics of patterns/combined.pattern so a
 * compiled LogFormat "combined" gives exactly its records. A token is a
 * run of non-space bytes (status and size too: "-" or "+200" is an
 * invalid status to count, not a malformed line). A quoted value allows
 * backslash escapes: Apache writes " as \" and nginx as \x22
 * (escape=default) or \" (escape=json). Whole quoted fields are
 * possessive (no backtracking, and PCRE2's JIT runs them without counting
 * against the match limit per escape); values sharing their quotes with
 * others may backtrack, one byte per step, never nested. */
#define RX_QUOTED       "(?:[^\"\\\\]++|\\\\[\\s\\S])*+"
/* A whole quoted field as written into a format's regex: RX_QUOTED, then
 * a lone backslash only a line cut inside an escape can leave (nothing
 * else: every other backslash is taken with the byte after it), so the
 * line may end inside the field (see format_compile_run). */
#define RX_QUOTED_CUT   RX_QUOTED "\\\\?+"
#define RX_QUOTED_PART  "(?:[^\"\\\\\\s]|\\\\[\\s\\S])*"
#define RX_QUOTED_SPACE "(?:[^\"\\\\]|\\\\[\\s\\S])*"
#define RX_TOKEN   "[^ ]+"
#define RX_NUMBER  "\\d+"
#define RX_DECIMAL "\\d+(?:\\.\\d+)?"
#define RX_CLF_TIME "\\d{2}/[A-Za-z]{3}/\\d{4}:\\d{2}:\\d{2}:\\d{2} [+-]\\d{4}"
/* After the last field: the end, or a space and anything (extra trailing
 * fields, as combined.pattern allows). */
#define RX_TAIL    "(?: [\\s\\S]*+)?\\z"
#define RX_EXTRA   "(?: [\\s\\S]*+)?"

/* A regex under construction. Any failure (no memory, over
 * REGEX_BUILD_MAX) sets failed; the later calls do nothing. */
struct rbuf {
	char *p;
	size_t len, cap;
	bool failed;
};

void rbuf_init(struct rbuf *b);
void rbuf_free(struct rbuf *b);
void rbuf_puts(struct rbuf *b, const char *s);
/* s[0..n) matched literally: metacharacters escaped, bytes outside
 * printable ASCII written as \xHH. */
void rbuf_put_literal(struct rbuf *b, const char *s, size_t n);
/* Hands the NUL-terminated regex to the caller (who frees it), or NULL
 * when building failed; b is empty afterwards. */
char *rbuf_take(struct rbuf *b);

/* Named groups a compiled format already holds: each record field (and
 * "request") is captured at most once; later directives for the same
 * field become unnamed. */
#define GROUP_REQUEST FIELD_COUNT
#define GROUP_DUR(g) (FIELD_COUNT + 1 + (g))   /* enum record_dur_group g */
#define GROUP_COUNT GROUP_DUR(DG_COUNT)
struct group_set {
	bool used[GROUP_COUNT];
};

/* Appends "(?<name>body)" when group (a record field, GROUP_REQUEST or
 * GROUP_DUR(g);
 * -1 for none) is still free and returns true; else "(?:body)", false. */
bool rbuf_group(struct rbuf *b, struct group_set *gs, int group, const char *body);

/* The regex for a text value by where it sits in the format: alone
 * between two quotes (the whole quoted field), elsewhere inside quotes (no
 * spaces, escapes allowed), or outside quotes (a token); spaces is whether
 * the value may hold spaces (a request line) when not a whole field. */
enum quoting { Q_NONE, Q_PART, Q_WHOLE };
const char *regex_text(enum quoting q, bool spaces);

/* The format string's character at fmt[i] after the config file's
 * backslash escapes (\" \\ \t \n), and how many bytes it took. */
char regex_fmt_char(const char *fmt, size_t len, size_t i, size_t *used);
/* How a value written at fmt[start..end) is quoted: Q_WHOLE when a '"'
 * sits right before start and right at end. */
enum quoting regex_quoting(const char *fmt, size_t len, size_t start, size_t end,
                           bool in_quotes);

/* A piece of the regex after the status and size (format_compile_run):
 * b.p[start..end) is one literal byte or one directive. */
struct rx_piece {
	size_t start, end;
	bool literal;
};

/* What a format-string compiler (LogFormat, log_format) carries along. */
struct format_compile {
	const char *fmt;
	size_t len;
	struct rbuf b;
	struct group_set groups;
	bool in_quotes;
	enum time_layout layout;
	size_t cut_at;              /* b.len after the status and size      */
	bool chained;               /* the whole regex allows cuts          */
	struct rx_piece *piece;     /* what follows cut_at, piece by piece  */
	size_t n_pieces;
};

/* The compile loop both compilers share: text is matched literally (after
 * the config file's backslash escapes), and at each byte equal to sigil
 * ('%' or '$') directive() emits one directive and moves *i past it; then
 * the regex must hold a status group. what names the format in messages
 * ("LogFormat"); no_status says which directive is missing. 0, or -1 +
 * err.
 * A line cut short is parsed, marked by the group "truncated", when it
 * holds the format up to the status and the size (where the format has
 * one) and then ends: right there, after any later directive, part way
 * through the literal text between them, or inside a whole quoted field
 * (RX_QUOTED_CUT); the regex is "^HEAD(?|REST(?: .*)?|CUT(?<truncated>))\z"
 * with CUT the nested prefixes of REST. A format with more than
 * CUT_PIECES_MAX pieces after the size allows no cut. */
#define CUT_PIECES_MAX 48
#define CUT_LITERAL_MAX 16  /* longer literal runs may not be cut inside */
int format_compile_run(const char *fmt, char sigil,
                       int (*directive)(struct format_compile *c, size_t *i,
                                        struct error *err),
                       const char *what, const char *no_status,
                       char **regex, enum time_layout *layout, struct error *err);

/* A CLF-family prefix a format string may begin with (clf_split.c): a
 * format string in the same language whose regex the fast path for
 * variant reproduces (nginx: with its literal "-" ident and strict time
 * checked after it). */
struct rx_prefix {
	const char *fmt;
	enum clf_variant variant;
	bool nginx;
};

/* What format_compile_split found: the prefix the format's regex begins
 * with (exactly its regex text, then a literal space), or NULL; and tail,
 * the regex for the rest of the line, to match (anchored) where that
 * prefix ends: with the whole regex's verdict for every line whose prefix
 * the fast path parses whole (the caller frees tail). */
struct rx_split {
	const struct rx_prefix *prefix;
	char *tail;
	char *field;    /* when the tail is a space and one directive: its regex */
};

/* format_compile_run, and the first of prefixes[] the format begins with
 * into *split (split may be NULL: none looked for). */
int format_compile_split(const char *fmt, char sigil,
                         int (*directive)(struct format_compile *c, size_t *i,
                                          struct error *err),
                         const char *what, const char *no_status,
                         const struct rx_prefix *prefixes, size_t n_prefixes,
                         char **regex, enum time_layout *layout,
                         struct rx_split *split, struct error *err);

#endif
