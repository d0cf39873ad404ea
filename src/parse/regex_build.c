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

	if (group < 0 || group > GROUP_REQUEST || gs->used[group]) {
		rbuf_puts(b, "(?:");
	} else {
		named = true;
		gs->used[group] = true;
		name = group == GROUP_REQUEST ? "request" :
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
		return RX_QUOTED;
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

int format_compile_run(const char *fmt, char sigil,
                       int (*directive)(struct format_compile *c, size_t *i,
                                        struct error *err),
                       const char *what, const char *no_status,
                       char **regex, enum time_layout *layout, struct error *err)
{
	struct format_compile c = { .fmt = fmt, .layout = TIME_NONE };
	size_t i = 0, used;
	char ch;

	*regex = NULL;
	if (!fmt || !*fmt) {
		error_set(err, "empty %s", what);
		return -1;
	}
	c.len = strlen(fmt);
	rbuf_init(&c.b);
	rbuf_puts(&c.b, "^");
	while (i < c.len) {
		if (fmt[i] == sigil) {
			if (directive(&c, &i, err) < 0)
				goto fail;
			continue;
		}
		ch = regex_fmt_char(fmt, c.len, i, &used);
		if (ch == '"')
			c.in_quotes = !c.in_quotes;
		rbuf_put_literal(&c.b, &ch, 1);
		i += used;
	}
	rbuf_puts(&c.b, RX_TAIL);
	if (!c.groups.used[FIELD_STATUS]) {
		error_set(err, "%s has no %s", what, no_status);
		goto fail;
	}
	*regex = rbuf_take(&c.b);
	if (!*regex) {
		error_set(err, "%s too long (its regex exceeds %d bytes)", what, REGEX_BUILD_MAX);
		return -1;
	}
	*layout = c.layout;
	return 0;
fail:
	rbuf_free(&c.b);
	return -1;
}
