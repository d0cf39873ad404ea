/* text_fit.c: fitting log-derived text into the 80 columns of the text
 * report. Everything here works on terminal-safe text (the output of
 * escape_terminal), whose units are whole escapes (\xHH, \\, <U+202E>) or
 * whole UTF-8 characters, so no cut can split one. Apart from text.c
 * because the column arithmetic is the only tricky part of the layout. */
#include <string.h>
#include "statusmon/escape.h"
#include "text_impl.h"

struct wide_range {
	unsigned long lo, hi;
};

/* East Asian Wide/Fullwidth blocks and emoji: two columns. Anything else
 * counts one (zero-width marks too: that only makes a line look shorter). */
static const struct wide_range wide_ranges[] = {
	{ 0x1100, 0x115F }, { 0x2E80, 0x303E }, { 0x3041, 0x33FF },
	{ 0x3400, 0x4DBF }, { 0x4E00, 0x9FFF }, { 0xA000, 0xA4CF },
	{ 0xAC00, 0xD7A3 }, { 0xF900, 0xFAFF }, { 0xFE30, 0xFE4F },
	{ 0xFF00, 0xFF60 }, { 0xFFE0, 0xFFE6 }, { 0x1F300, 0x1F64F },
	{ 0x1F900, 0x1F9FF }, { 0x20000, 0x2FFFD }, { 0x30000, 0x3FFFD },
};

static size_t char_width(unsigned long cp)
{
	size_t i;

	for (i = 0; i < sizeof wide_ranges / sizeof wide_ranges[0]; i++)
		if (cp >= wide_ranges[i].lo && cp <= wide_ranges[i].hi)
			return 2;
	return 1;
}

/* The unit at s (terminal-safe, s[0] != 0): its byte length; *width gets
 * its display columns. */
static size_t unit_len(const char *s, size_t *width)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned long cp;
	size_t len, i;

	if (u[0] == '\\') {
		len = u[1] == 'x' ? 4 : 2;
		*width = len;
		return len;
	}
	if (u[0] == '<' && u[1] == 'U' && u[2] == '+') {   /* "<U+202E>" */
		*width = 8;
		return 8;
	}
	if (u[0] < 0x80) {
		*width = 1;
		return 1;
	}
	len = u[0] >= 0xF0 ? 4 : u[0] >= 0xE0 ? 3 : 2;
	cp = u[0] & (0x3F >> (len - 1));
	for (i = 1; i < len && u[i]; i++)
		cp = (cp << 6) | (u[i] & 0x3F);
	*width = char_width(cp);
	return i;
}

size_t text_width(const char *s)
{
	size_t total = 0, w;

	while (*s) {
		s += unit_len(s, &w);
		total += w;
	}
	return total;
}

size_t text_fit(char *dst, const char *src, size_t n, size_t cols, bool truncated)
{
	size_t cap, written, pos = 0, width = 0, w, len;
	size_t keep_pos = 0, keep_width = 0, dots;

	if (cols > TEXT_COLS)
		cols = TEXT_COLS;
	cap = 4 * cols + 5;                     /* <= TEXT_FIT_MAX */
	written = escape_terminal(dst, cap, src, n);
	if (!truncated && written == escape_terminal(NULL, 0, src, n) &&
	    text_width(dst) <= cols)
		return text_width(dst);
	dots = cols < 3 ? cols : 3;
	while (pos < written) {
		len = unit_len(dst + pos, &w);
		if (width + w > cols - dots)
			break;
		pos += len;
		width += w;
		keep_pos = pos;
		keep_width = width;
	}
	memcpy(dst + keep_pos, "...", dots);
	dst[keep_pos + dots] = '\0';
	return keep_width + dots;
}

size_t text_status_label(char *dst, const struct snapshot_status *st, size_t cols)
{
	size_t raw_len = st->raw_len, w;

	if (cols < 5)
		cols = 5;
	if (st->code >= 0 && st->code <= STATUS_CODE_MAX) {
		snprintf(dst, TEXT_FIT_MAX, "%03d", st->code);
		return 3;
	}
	if (raw_len > sizeof st->raw)
		raw_len = sizeof st->raw;
	dst[0] = '"';
	w = text_fit(dst + 1, st->raw, raw_len, cols - 2, false);
	strcat(dst, "\"");
	return w + 2;
}

void text_pad(FILE *f, const char *s, size_t width)
{
	size_t w = text_width(s);

	fputs(s, f);
	for (; w < width; w++)
		fputc(' ', f);
}

void text_bar(FILE *f, uint64_t part, uint64_t whole, size_t width)
{
	size_t len, i;

	if (whole == 0 || part == 0)
		return;
	if (part >= whole)
		len = width;
	else
		len = (size_t)((double)part / (double)whole * (double)width + 0.5);
	if (len > 0)
		fputs("  ", f);
	for (i = 0; i < len; i++)
		fputc('#', f);
}

/* Writes one word, breaking lines as needed. */
static size_t wrap_word(FILE *f, const char *word, size_t n, size_t col, size_t indent)
{
	size_t i, w, len, total = 0;

	for (i = 0; i < n; i += len) {
		len = unit_len(word + i, &w);
		total += w;
	}
	if (col > indent && col + 1 + total > TEXT_COLS) {
		fprintf(f, "\n%*s", (int)indent, "");
		col = indent;
	} else if (col > indent) {
		fputc(' ', f);
		col++;
	}
	for (i = 0; i < n; i += len) {
		len = unit_len(word + i, &w);
		if (col + w > TEXT_COLS) {
			fprintf(f, "\n%*s", (int)indent, "");
			col = indent;
		}
		fwrite(word + i, 1, len, f);
		col += w;
	}
	return col;
}

void text_wrap(FILE *f, const char *s, size_t col, size_t indent)
{
	const char *end;

	while (*s) {
		while (*s == ' ')
			s++;
		if (!*s)
			break;
		end = strchr(s, ' ');
		if (!end)
			end = s + strlen(s);
		col = wrap_word(f, s, (size_t)(end - s), col, indent);
		s = end;
	}
	fputc('\n', f);
}

size_t text_digits(uint64_t v)
{
	size_t d = 1;

	while (v >= 10) {
		v /= 10;
		d++;
	}
	return d;
}

void text_sgr(FILE *f, const struct report_context *ctx, const char *code)
{
	if (ctx->color)
		fprintf(f, "\033[%sm", code);
}

void text_sgr_off(FILE *f, const struct report_context *ctx)
{
	if (ctx->color)
		fputs("\033[0m", f);
}

void text_heading(FILE *f, const struct report_context *ctx, const char *title)
{
	fputc('\n', f);
	text_sgr(f, ctx, SGR_BOLD);
	fputs(title, f);
	text_sgr_off(f, ctx);
	fputc('\n', f);
}

void text_duration(char *buf, size_t cap, long long seconds)
{
	static const struct { long long secs; const char *unit; } units[] = {
		{ 86400, "d" }, { 3600, "h" }, { 60, "m" }, { 1, "s" },
	};
	size_t i;

	for (i = 0; i < sizeof units / sizeof units[0]; i++) {
		if (seconds >= units[i].secs && seconds % units[i].secs == 0) {
			snprintf(buf, cap, "%lld%s", seconds / units[i].secs, units[i].unit);
			return;
		}
	}
	snprintf(buf, cap, "%llds", seconds);
}
