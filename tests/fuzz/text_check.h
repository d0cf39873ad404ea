/* text_check.h: independent readers of what statusmon writes, for the fuzz
 * harnesses: strict UTF-8 (RFC 3629), "terminal safe" text, JSON strings
 * and whole JSON documents (RFC 8259). Written from the RFCs, not from
 * statusmon's escapers (src/common/escape.c), so that the two can
 * disagree. Header-only, static inline, so a harness pulls in only what it
 * uses. */
#ifndef STATUSMON_TEXT_CHECK_H
#define STATUSMON_TEXT_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#define JSON_DEPTH_MAX 64

/* Length of the valid UTF-8 sequence at s (no overlongs, no surrogates,
 * nothing above U+10FFFF) with *cp its code point, or 0 if invalid. */
static inline size_t utf8_valid_len(const unsigned char *s, size_t n, unsigned long *cp)
{
	static const unsigned long min_cp[5] = { 0, 0, 0x80, 0x800, 0x10000 };
	size_t len, i;
	unsigned long v;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xE0) == 0xC0) {
		len = 2;
		v = s[0] & 0x1F;
	} else if ((s[0] & 0xF0) == 0xE0) {
		len = 3;
		v = s[0] & 0x0F;
	} else if ((s[0] & 0xF8) == 0xF0) {
		len = 4;
		v = s[0] & 0x07;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3F);
	}
	if (v < min_cp[len] || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return len;
}

static inline bool utf8_valid(const char *p, size_t n)
{
	const unsigned char *s = (const unsigned char *)p;
	unsigned long cp;
	size_t i = 0, k;

	while (i < n) {
		k = utf8_valid_len(s + i, n - i, &cp);
		if (!k)
			return false;
		i += k;
	}
	return true;
}

/* The bidi controls (U+061C, U+200E-F, U+202A-E, U+2066-9) and the
 * zero-width and separator characters (U+200B-D, U+2028-9, U+2060-4,
 * U+FEFF) that reorder or hide text without showing themselves. */
static inline bool text_invisible(unsigned long cp)
{
	return cp == 0x061C || (cp >= 0x200B && cp <= 0x200F) ||
	       (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x2069) ||
	       cp == 0xFEFF;
}

/* Offset of the first thing a terminal would obey in p[0..n): invalid
 * UTF-8, a C0 control other than those in allowed (e.g. "\n"), DEL, a C1
 * control, an invisible character (text_invisible); n if none. */
static inline size_t text_first_unsafe(const char *p, size_t n, const char *allowed)
{
	const unsigned char *s = (const unsigned char *)p;
	unsigned long cp;
	size_t i = 0, k;

	while (i < n) {
		k = utf8_valid_len(s + i, n - i, &cp);
		if (!k)
			return i;
		if (cp < 0x20 && !(cp && strchr(allowed, (int)cp)))
			return i;
		if (cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || text_invisible(cp))
			return i;
		i += k;
	}
	return n;
}

static inline int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Writes code point cp as UTF-8 to out; returns its length. */
static inline size_t utf8_put(char *out, unsigned long cp)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* A JSON reader over s[0..n), position i. Decoded string bytes go to out
 * (room for n bytes) when it is not NULL. */
struct json_reader {
	const char *s;
	size_t n, i;
	int depth;
	char *out;
	size_t olen;
};

static inline long json_hex4(const struct json_reader *r, size_t at)
{
	long v = 0;
	size_t k;

	if (at + 4 > r->n)
		return -1;
	for (k = 0; k < 4; k++) {
		int h = hex_value(r->s[at + k]);

		if (h < 0)
			return -1;
		v = v * 16 + h;
	}
	return v;
}

static inline void json_emit(struct json_reader *r, unsigned long cp)
{
	if (r->out)
		r->olen += utf8_put(r->out + r->olen, cp);
}

/* The escape at s[i] == '\\'; false if invalid. */
static inline bool json_read_escape(struct json_reader *r)
{
	static const char simple_in[] = "\"\\/bfnrt", simple_out[] = "\"\\/\b\f\n\r\t";
	const char *k;
	long hi, lo;

	if (r->i + 1 >= r->n)
		return false;
	k = r->s[r->i + 1] ? strchr(simple_in, r->s[r->i + 1]) : NULL;
	if (k) {
		json_emit(r, (unsigned char)simple_out[k - simple_in]);
		r->i += 2;
		return true;
	}
	if (r->s[r->i + 1] != 'u' || (hi = json_hex4(r, r->i + 2)) < 0 ||
	    (hi >= 0xDC00 && hi <= 0xDFFF))
		return false;
	r->i += 6;
	if (hi < 0xD800 || hi > 0xDBFF) {
		json_emit(r, (unsigned long)hi);
		return true;
	}
	if (r->i + 1 >= r->n || r->s[r->i] != '\\' || r->s[r->i + 1] != 'u')
		return false;
	lo = json_hex4(r, r->i + 2);
	if (lo < 0xDC00 || lo > 0xDFFF)
		return false;
	r->i += 6;
	json_emit(r, 0x10000 + (((unsigned long)hi - 0xD800) << 10) + ((unsigned long)lo - 0xDC00));
	return true;
}

/* A string literal at s[i]; no raw control bytes, valid escapes. */
static inline bool json_read_string(struct json_reader *r)
{
	if (r->i >= r->n || r->s[r->i] != '"')
		return false;
	r->i++;
	while (r->i < r->n && r->s[r->i] != '"') {
		unsigned char c = (unsigned char)r->s[r->i];

		if (c < 0x20)
			return false;
		if (c == '\\') {
			if (!json_read_escape(r))
				return false;
			continue;
		}
		if (r->out)
			r->out[r->olen++] = (char)c;
		r->i++;
	}
	if (r->i >= r->n)
		return false;
	r->i++;
	return true;
}

static inline void json_skip_ws(struct json_reader *r)
{
	while (r->i < r->n && (r->s[r->i] == ' ' || r->s[r->i] == '\t' ||
	                       r->s[r->i] == '\n' || r->s[r->i] == '\r'))
		r->i++;
}

static inline bool json_digits(struct json_reader *r)
{
	size_t start = r->i;

	while (r->i < r->n && r->s[r->i] >= '0' && r->s[r->i] <= '9')
		r->i++;
	return r->i > start;
}

/* -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
static inline bool json_read_number(struct json_reader *r)
{
	if (r->i < r->n && r->s[r->i] == '-')
		r->i++;
	if (r->i < r->n && r->s[r->i] == '0')
		r->i++;
	else if (!json_digits(r))
		return false;
	if (r->i < r->n && r->s[r->i] == '.') {
		r->i++;
		if (!json_digits(r))
			return false;
	}
	if (r->i < r->n && (r->s[r->i] == 'e' || r->s[r->i] == 'E')) {
		r->i++;
		if (r->i < r->n && (r->s[r->i] == '+' || r->s[r->i] == '-'))
			r->i++;
		if (!json_digits(r))
			return false;
	}
	return true;
}

static inline bool json_read_value(struct json_reader *r);

/* An object (close '}') or array (close ']') after its opening byte. */
static inline bool json_read_members(struct json_reader *r, char close)
{
	if (++r->depth > JSON_DEPTH_MAX)
		return false;
	r->i++;
	json_skip_ws(r);
	if (r->i < r->n && r->s[r->i] == close) {
		r->i++;
		r->depth--;
		return true;
	}
	for (;;) {
		json_skip_ws(r);
		if (close == '}') {
			if (!json_read_string(r))
				return false;
			json_skip_ws(r);
			if (r->i >= r->n || r->s[r->i++] != ':')
				return false;
		}
		if (!json_read_value(r))
			return false;
		json_skip_ws(r);
		if (r->i >= r->n)
			return false;
		if (r->s[r->i] == close)
			break;
		if (r->s[r->i++] != ',')
			return false;
	}
	r->i++;
	r->depth--;
	return true;
}

static inline bool json_read_literal(struct json_reader *r, const char *word)
{
	size_t len = strlen(word);

	if (r->n - r->i < len || memcmp(r->s + r->i, word, len) != 0)
		return false;
	r->i += len;
	return true;
}

static inline bool json_read_value(struct json_reader *r)
{
	json_skip_ws(r);
	if (r->i >= r->n)
		return false;
	switch (r->s[r->i]) {
	case '{':
		return json_read_members(r, '}');
	case '[':
		return json_read_members(r, ']');
	case '"':
		return json_read_string(r);
	case 't':
		return json_read_literal(r, "true");
	case 'f':
		return json_read_literal(r, "false");
	case 'n':
		return json_read_literal(r, "null");
	default:
		return json_read_number(r);
	}
}

/* s[0..n) is exactly one JSON value (whitespace around it allowed) in
 * valid UTF-8; on failure *at is where it went wrong. */
static inline bool json_document_valid(const char *s, size_t n, size_t *at)
{
	struct json_reader r = { .s = s, .n = n };

	if (!utf8_valid(s, n)) {
		*at = 0;
		return false;
	}
	if (!json_read_value(&r)) {
		*at = r.i;
		return false;
	}
	json_skip_ws(&r);
	*at = r.i;
	return r.i == n;
}

#endif
