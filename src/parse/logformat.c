/* logformat.c: Apache LogFormat strings -> a PCRE2 regex with the record
 * field names as groups (then compiled by pattern.c). Kept apart from the
 * nginx compiler: the two languages share only the builder and the field
 * regexes (regex_build.c). The supported directives and how each maps are
 * listed in patterns/README.md; anything else is an error naming it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "format_impl.h"
#include "logformat_time.h"
#include "clf_split.h"
#include "regex_build.h"

/* One %directive as written: "%!200,304{Referer}i" or "%>s". */
struct directive {
	size_t offset;          /* of the '%' in the format         */
	size_t end;             /* just past the directive          */
	char letter[4];         /* "s", or "^ti" / "^to"            */
	const char *arg;        /* between { and }, or NULL         */
	size_t arg_len;
	bool conditional;       /* a status list: may log "-"       */
	enum quoting quoting;
};

/* The directive's letter for messages: printable, or \xHH. */
static void letter_show(char *dst, size_t cap, const char *s, size_t n)
{
	size_t i, len = 0;

	dst[0] = '\0';
	for (i = 0; i < n && len + 5 < cap; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c > 0x20 && c < 0x7f)
			len += (size_t)snprintf(dst + len, cap - len, "%c", c);
		else
			len += (size_t)snprintf(dst + len, cap - len, "\\x%02x", c);
	}
}

static int unsupported(const struct format_compile *c, const struct directive *d,
                       const char *why, struct error *err)
{
	char show[40];

	letter_show(show, sizeof show, c->fmt + d->offset, d->end - d->offset);
	error_set(err, "%s LogFormat directive %s at offset %zu", why, show, d->offset);
	return -1;
}

/* Reads the directive at fmt[d->offset] == '%': modifiers ! < > and status
 * lists, an optional {arg}, then the letter. */
static int directive_read(struct format_compile *c, struct directive *d, struct error *err)
{
	const char *fmt = c->fmt;
	size_t i = d->offset + 1;
	const char *close;

	for (; i < c->len; i++) {
		if (fmt[i] == '!' || fmt[i] == '<' || fmt[i] == '>' || fmt[i] == ',') {
			continue;
		} else if (fmt[i] >= '0' && fmt[i] <= '9') {
			d->conditional = true;
		} else if (fmt[i] == '{' && !d->arg) {
			close = memchr(fmt + i, '}', c->len - i);
			if (!close) {
				error_set(err, "unterminated %%{ in LogFormat at offset %zu",
				          d->offset);
				return -1;
			}
			d->arg = fmt + i + 1;
			d->arg_len = (size_t)(close - d->arg);
			i = (size_t)(close - fmt);
		} else {
			break;
		}
	}
	if (i >= c->len) {
		error_set(err, "LogFormat ends inside a directive at offset %zu", d->offset);
		return -1;
	}
	d->letter[0] = fmt[i];
	if (fmt[i] == '^' && i + 2 < c->len) {
		memcpy(d->letter + 1, fmt + i + 1, 2);
		i += 2;
	}
	d->end = i + 1;
	d->quoting = regex_quoting(fmt, c->len, d->offset, d->end, c->in_quotes);
	return 0;
}

/* Field group a header / note / env name maps to, or -1. */
static int header_group(const struct directive *d)
{
	static const struct {
		const char *name;
		int group;
	} map[] = {
		{ "Referer", FIELD_REFERER }, { "User-Agent", FIELD_AGENT },
		{ "Host", FIELD_VHOST },
	};
	size_t i;

	if (strcmp(d->letter, "i") != 0)
		return -1;
	for (i = 0; i < sizeof map / sizeof map[0]; i++) {
		if (strlen(map[i].name) == d->arg_len &&
		    strncasecmp(map[i].name, d->arg, d->arg_len) == 0)
			return map[i].group;
	}
	return -1;
}

/* A number, "-" when the directive is conditional. */
static void emit_number(struct format_compile *c, const struct directive *d, int group,
                        const char *rx)
{
	char body[64];

	snprintf(body, sizeof body, "%s%s", rx, d->conditional ? "|-" : "");
	rbuf_group(&c->b, &c->groups, group, body);
}

static void emit_text(struct format_compile *c, const struct directive *d, int group)
{
	rbuf_group(&c->b, &c->groups, group, regex_text(d->quoting, false));
}

/* %{ms}T, %{canonical}p, %{tid}P: the arguments Apache knows. */
static bool arg_ok(char letter, const char *arg, size_t n)
{
	static const char *const ok[] = {
		"Tms", "Tus", "Ts", "pcanonical", "plocal", "premote",
		"Ppid", "Ptid", "Phextid",
	};
	size_t i;

	for (i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		if (ok[i][0] == letter && strlen(ok[i] + 1) == n &&
		    memcmp(ok[i] + 1, arg, n) == 0)
			return true;
	}
	return false;
}

/* %{UNIT}T: the request's duration in that unit (arg_ok checked it). */
static int t_group(const struct directive *d)
{
	if (d->arg_len == 2 && memcmp(d->arg, "ms", 2) == 0)
		return GROUP_DUR(DG_REQUEST_MS);
	if (d->arg_len == 2 && memcmp(d->arg, "us", 2) == 0)
		return GROUP_DUR(DG_REQUEST_US);
	return GROUP_DUR(DG_REQUEST_TIME);
}

/* Directives with a {arg}: headers, notes, env, cookies, ports, ... */
static int emit_with_arg(struct format_compile *c, const struct directive *d, struct error *err)
{
	const char *l = d->letter;

	if (strchr("ioneCx", l[0]) && l[1] == '\0') {
		emit_text(c, d, header_group(d));
	} else if (strcmp(l, "^ti") == 0 || strcmp(l, "^to") == 0) {
		emit_text(c, d, -1);
	} else if (l[0] == 'T' || l[0] == 'p' || l[0] == 'P') {
		if (!arg_ok(l[0], d->arg, d->arg_len))
			return unsupported(c, d, "unsupported argument in", err);
		emit_number(c, d, l[0] == 'T' ? t_group(d) : -1,
		            l[0] == 'P' ? "[0-9A-Fa-f]+" : RX_NUMBER);
	} else if (l[0] == 't') {
		return logformat_time(&c->b, &c->groups, d->arg, d->arg_len,
		                      &c->layout, d->offset, err);
	} else if (l[0] == 'a' || l[0] == 'h') {
		emit_text(c, d, FIELD_CLIENT);
	} else {
		return unsupported(c, d, "unsupported", err);
	}
	return 0;
}

/* %U: the path without the query, so "%U%q" splits at the '?'. */
#define RX_URL_PATH "(?:[^\\s\"\\\\?]|\\\\[\\s\\S])+"

/* Directives without an argument. */
static const struct simple {
	char letter;
	int group;
	const char *rx;         /* NULL: a text value (regex_text) */
} simple_table[] = {
	{ 'h', FIELD_CLIENT, NULL },   { 'a', FIELD_CLIENT, NULL },
	{ 'A', -1, NULL },             { 'l', FIELD_IDENT, NULL },
	{ 'u', FIELD_USER, NULL },     { 'm', FIELD_METHOD, NULL },
	{ 'U', FIELD_PATH, RX_URL_PATH }, { 'q', -1, "[^\\s\"]*" },
	{ 'H', FIELD_PROTOCOL, NULL }, { 's', FIELD_STATUS, NULL },
	{ 'b', FIELD_BYTES, NULL },    { 'B', FIELD_BYTES, NULL },
	{ 'O', FIELD_BYTES, NULL },    { 'I', -1, RX_NUMBER },
	{ 'S', -1, RX_NUMBER },        { 'D', GROUP_DUR(DG_REQUEST_US), RX_NUMBER },
	{ 'T', GROUP_DUR(DG_REQUEST_TIME), RX_NUMBER },        { 'v', FIELD_VHOST, NULL },
	{ 'V', FIELD_VHOST, NULL },    { 'p', -1, RX_NUMBER },
	{ 'P', -1, RX_NUMBER },        { 'f', -1, NULL },
	{ 'k', -1, RX_NUMBER },        { 'L', -1, NULL },
	{ 'X', -1, "[Xx+-]" },         { 'R', -1, NULL },
};

static int emit_simple(struct format_compile *c, const struct directive *d, struct error *err)
{
	const struct simple *s;
	size_t i;

	if (d->letter[0] == 'r') {
		rbuf_group(&c->b, &c->groups, GROUP_REQUEST, regex_text(d->quoting, true));
		return 0;
	}
	if (d->letter[0] == 't') {      /* [10/Oct/2000:13:55:36 -0700] */
		rbuf_puts(&c->b, "\\[");
		if (rbuf_group(&c->b, &c->groups, FIELD_TIME, "[^\\]]*"))
			c->layout = TIME_CLF;
		rbuf_puts(&c->b, "\\]");
		return 0;
	}
	for (i = 0; i < sizeof simple_table / sizeof simple_table[0]; i++) {
		s = &simple_table[i];
		if (s->letter != d->letter[0] || d->letter[1])
			continue;
		if (s->rx)
			emit_number(c, d, s->group, s->rx);
		else
			emit_text(c, d, s->group);
		return 0;
	}
	return unsupported(c, d, "unsupported", err);
}

static int directive_emit(struct format_compile *c, const struct directive *d,
                          struct error *err)
{
	if (d->letter[0] == '%' && d->end == d->offset + 2) {
		rbuf_put_literal(&c->b, "%", 1);
		return 0;
	}
	if (d->arg)
		return emit_with_arg(c, d, err);
	return emit_simple(c, d, err);
}

/* One "%..." directive at fmt[*i]: read it, emit its regex. */
static int directive_run(struct format_compile *c, size_t *i, struct error *err)
{
	struct directive d;

	memset(&d, 0, sizeof d);
	d.offset = *i;
	if (directive_read(c, &d, err) < 0 || directive_emit(c, &d, err) < 0)
		return -1;
	*i = d.end;
	return 0;
}

int logformat_to_regex(const char *fmt, char **regex, enum time_layout *layout,
                       struct error *err)
{
	return format_compile_run(fmt, '%', directive_run, "LogFormat",
	                          "status directive (%s or %>s)", regex, layout, err);
}

/* The CLF family as Apache spells it (its default LogFormats), the most
 * fields first. Any string compiling to the same regex text (%s for %>s,
 * %B or %O for %b, %a for %h, %V for %v: each the same token) is the same
 * prefix. */
static const struct rx_prefix apache_prefixes[] = {
	{ "%v:%p %h %l %u %t \"%r\" %>s %O \"%{Referer}i\" \"%{User-Agent}i\"",
	  CLF_VHOST_COMBINED, false },
	{ "%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-Agent}i\"", CLF_COMBINED, false },
	{ "%h %l %u %t \"%r\" %>s %b", CLF_COMMON, false },
};

int logformat_to_regex_split(const char *fmt, char **regex, enum time_layout *layout,
                             struct rx_split *split, struct error *err)
{
	return format_compile_split(fmt, '%', directive_run, "LogFormat",
	                            "status directive (%s or %>s)", apache_prefixes,
	                            sizeof apache_prefixes / sizeof apache_prefixes[0],
	                            regex, layout, split, err);
}
