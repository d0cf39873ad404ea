/* escape.c: the output escapers (terminal, JSON, CSV, HTML) for log-derived bytes.
 * Apart from the writers because every sink (reports, TUI, stderr messages)
 * needs the same strict UTF-8 decoding and the same idea of "dangerous".
 *
 * Decoding follows RFC 3629 / Unicode ch. 3: overlong forms, surrogates
 * (ED A0..BF), code points above U+10FFFF and truncated sequences are
 * invalid. An invalid stretch is its "maximal subpart" (Unicode 3.9 U+FFFD
 * substitution practice, as in the WHATWG decoder): the terminal escaper
 * shows each of its bytes as \xHH, the JSON escaper replaces the whole
 * subpart by one U+FFFD.
 *
 * Invisible characters (bidi controls, zero-width characters, line and
 * paragraph separators: escape_invisible) are valid UTF-8 but rearrange or
 * hide what a reader sees ("/invoice_<U+202E>fdp.exe" would display as
 * "/invoice_exe.pdf"): the terminal and CSV escapers show them as <U+202E>,
 * the JSON escaper as \u202e. So that the terminal form stays reversible, a
 * literal "<U+" in the input shows its '<' as \x3c. */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include "statusmon/escape.h"

/* Decodes one unit at s[0..n). Returns its length (>= 1 when n > 0) and
 * sets *cp to the code point, or to -1 for a maximal invalid subpart. */
static size_t utf8_decode(const unsigned char *s, size_t n, long *cp)
{
	unsigned char c = s[0], lo = 0x80, hi = 0xBF;
	size_t need, i;
	long v;

	*cp = -1;
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		need = 1;
		v = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		need = 2;
		v = c & 0x0F;
		if (c == 0xE0)
			lo = 0xA0;        /* overlong */
		else if (c == 0xED)
			hi = 0x9F;        /* surrogates */
	} else if (c >= 0xF0 && c <= 0xF4) {
		need = 3;
		v = c & 0x07;
		if (c == 0xF0)
			lo = 0x90;        /* overlong */
		else if (c == 0xF4)
			hi = 0x8F;        /* above U+10FFFF */
	} else {
		return 1;                 /* C0, C1, F5..FF, lone continuation */
	}
	for (i = 1; i <= need; i++) {
		if (i >= n || s[i] < lo || s[i] > hi)
			return i;         /* truncated: the maximal subpart */
		v = (v << 6) | (s[i] & 0x3F);
		lo = 0x80;
		hi = 0xBF;
	}
	*cp = v;
	return need + 1;
}

#define ATOM_MAX 8   /* "<U+202E>" */

static const char hex_digits[] = "0123456789abcdef";
static const char hex_upper[] = "0123456789ABCDEF";

bool escape_invisible(long cp)
{
	return cp == 0x061C || (cp >= 0x200B && cp <= 0x200F) ||
	       (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x2069) ||
	       cp == 0xFEFF;
}

/* "<U+202E>": always 4 hex digits, every invisible character is in the BMP. */
static size_t put_codepoint_escape(char *out, long cp)
{
	out[0] = '<';
	out[1] = 'U';
	out[2] = '+';
	out[3] = hex_upper[(cp >> 12) & 0xF];
	out[4] = hex_upper[(cp >> 8) & 0xF];
	out[5] = hex_upper[(cp >> 4) & 0xF];
	out[6] = hex_upper[cp & 0xF];
	out[7] = '>';
	return 8;
}

static size_t put_hex_escape(char *out, unsigned char b)
{
	out[0] = '\\';
	out[1] = 'x';
	out[2] = hex_digits[b >> 4];
	out[3] = hex_digits[b & 0x0F];
	return 4;
}

/* The terminal form of the unit at s: writes at most ATOM_MAX bytes to out
 * and returns their number; *used gets the number of source bytes consumed.
 * Escaped bytes are consumed one at a time (each shown as \xHH), so a cut
 * never falls inside an escape or a character. */
static size_t terminal_atom(const unsigned char *s, size_t n, char out[ATOM_MAX], size_t *used,
                            bool keep_backslash)
{
	long cp;
	size_t len = utf8_decode(s, n, &cp);

	if (cp < 0) {
		*used = 1;
		return put_hex_escape(out, s[0]);
	}
	*used = len;
	if (cp < 0x20 || cp == 0x7F)
		return put_hex_escape(out, s[0]);
	if (cp == '<' && !keep_backslash && n >= 3 && s[1] == 'U' && s[2] == '+')
		return put_hex_escape(out, s[0]);   /* a message keeps its escapes */
	if (escape_invisible(cp))
		return put_codepoint_escape(out, cp);
	if (cp == '\\' && !keep_backslash) {
		out[0] = '\\';
		out[1] = '\\';
		return 2;
	}
	if (cp >= 0x80 && cp <= 0x9F) {
		/* C1 control: its lead byte now, the continuation byte then
		 * escapes alone as an invalid byte (\xc2\x9b) */
		*used = 1;
		return put_hex_escape(out, s[0]);
	}
	memcpy(out, s, len);
	return len;
}

size_t escape_terminal(char *dst, size_t cap, const char *src, size_t n)
{
	const unsigned char *s = (const unsigned char *)src;
	size_t i = 0, len = 0, used, k;
	char atom[ATOM_MAX];

	while (i < n) {
		k = terminal_atom(s + i, n - i, atom, &used, false);
		if (cap > 0) {
			if (len + k > cap - 1)
				break;    /* never split an atom */
			memcpy(dst + len, atom, k);
		}
		len += k;
		i += used;
	}
	if (cap > 0)
		dst[len] = '\0';
	return len;
}

const char *escape_shown(char *dst, size_t cap, const char *src)
{
	size_t n = strlen(src);

	if (cap < 4) {
		if (cap > 0)
			dst[0] = '\0';
		return dst;
	}
	if (escape_terminal(NULL, 0, src, n) < cap)
		escape_terminal(dst, cap, src, n);
	else
		strcpy(dst + escape_terminal(dst, cap - 3, src, n), "...");
	return dst;
}

static void terminal_write(FILE *f, const char *src, size_t n, bool keep_backslash)
{
	const unsigned char *s = (const unsigned char *)src;
	size_t i = 0, used, k;
	char atom[ATOM_MAX];

	while (i < n) {
		k = terminal_atom(s + i, n - i, atom, &used, keep_backslash);
		fwrite(atom, 1, k, f);
		i += used;
	}
}

void escape_terminal_write(FILE *f, const char *src, size_t n)
{
	terminal_write(f, src, n, false);
}

void escape_message_write(FILE *f, const char *msg)
{
	terminal_write(f, msg, strlen(msg), true);
}

/* The JSON form of one decoded unit (cp -1 = invalid subpart). */
static void json_put_unit(FILE *f, long cp, const unsigned char *s, size_t len)
{
	switch (cp) {
	case -1:     fputs("\\ufffd", f); return;
	case '"':    fputs("\\\"", f); return;
	case '\\':   fputs("\\\\", f); return;
	case '\n':   fputs("\\n", f); return;
	case '\r':   fputs("\\r", f); return;
	case '\t':   fputs("\\t", f); return;
	case '\b':   fputs("\\b", f); return;
	case '\f':   fputs("\\f", f); return;
	default:
		break;
	}
	if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || escape_invisible(cp))
		fprintf(f, "\\u%04lx", cp);
	else
		fwrite(s, 1, len, f);
}

void escape_json_write(FILE *f, const char *src, size_t n)
{
	const unsigned char *s = (const unsigned char *)src;
	size_t i = 0, len;
	long cp;

	fputc('"', f);
	while (i < n) {
		len = utf8_decode(s + i, n - i, &cp);
		json_put_unit(f, cp, s + i, len);
		i += len;
	}
	fputc('"', f);
}

/* True if the field must be quoted: , " CR LF anywhere, or a space at
 * either end (RFC 4180 leaves spaces significant; many readers trim). */
static bool csv_needs_quotes(const char *src, size_t n)
{
	size_t i;

	if (n > 0 && (src[0] == ' ' || src[n - 1] == ' '))
		return true;
	for (i = 0; i < n; i++)
		if (src[i] == ',' || src[i] == '"' || src[i] == '\r' || src[i] == '\n')
			return true;
	return false;
}

/* True if a spreadsheet would read the field as a formula (OWASP "CSV
 * Injection"): it starts with = + - @ TAB or CR. */
static bool csv_formula_lead(const char *src, size_t n)
{
	return n > 0 && strchr("=+-@\t\r", src[0]) && src[0] != '\0';
}

void escape_csv_write(FILE *f, const char *src, size_t n)
{
	const unsigned char *s = (const unsigned char *)src;
	bool quoted = csv_needs_quotes(src, n);
	size_t i = 0, used, k;
	char atom[ATOM_MAX];

	if (quoted)
		fputc('"', f);
	if (csv_formula_lead(src, n))
		fputc('\'', f);
	while (i < n) {
		k = terminal_atom(s + i, n - i, atom, &used, false);
		if (k == 1 && atom[0] == '"')
			fputs("\"\"", f);
		else
			fwrite(atom, 1, k, f);
		i += used;
	}
	if (quoted)
		fputc('"', f);
}

/* One byte of a terminal atom as HTML text: the five characters that can
 * end a text node or an attribute value become entities. */
static void html_put_byte(FILE *f, char c)
{
	switch (c) {
	case '&':  fputs("&amp;", f); return;
	case '<':  fputs("&lt;", f); return;
	case '>':  fputs("&gt;", f); return;
	case '"':  fputs("&quot;", f); return;
	case '\'': fputs("&#39;", f); return;
	default:   fputc(c, f); return;
	}
}

void escape_html_write(FILE *f, const char *src, size_t n)
{
	const unsigned char *s = (const unsigned char *)src;
	size_t i = 0, used, k, j;
	char atom[ATOM_MAX];
	long cp;

	while (i < n) {
		used = utf8_decode(s + i, n - i, &cp);
		if (cp < 0) {
			fputs("\xef\xbf\xbd", f);   /* U+FFFD for the whole subpart */
			i += used;
			continue;
		}
		if (cp >= 0x80 && cp <= 0x9F) {   /* C1 control: both its bytes */
			fprintf(f, "\\x%02x\\x%02x", s[i], s[i + 1]);
			i += 2;
			continue;
		}
		k = terminal_atom(s + i, n - i, atom, &used, false);
		for (j = 0; j < k; j++)
			html_put_byte(f, atom[j]);
		i += used;
	}
}
