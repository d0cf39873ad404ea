/* fuzz_escape.c: the three output escapers on arbitrary bytes, each checked
 * by an independent reader written here:
 *  - escape_terminal: no byte < 0x20, no 0x7F, no C1 (C2 80..9F), no
 *    bidi control or zero-width character, valid UTF-8; undoing the
 *    escapes (\\, \xHH, <U+XXXX>) gives the input back; a short
 *    buffer gets a prefix of the full output cut between escapes, as long
 *    as fits; escape_terminal_write writes the same bytes.
 *  - escape_json_write: one valid JSON string literal (RFC 8259) in valid
 *    UTF-8 with no raw controls, C1 or DEL; for valid UTF-8 input it
 *    decodes back to the input exactly.
 *  - escape_csv_write: one RFC 4180 field whose value is the terminal form
 *    of the input, after a ' when the input starts with = + - @ TAB CR. */
#include "fuzz_util.h"
#include "statusmon/escape.h"
#include "text_check.h"

/* Valid UTF-8 and no C0 control, DEL or C1 control, raw. */
static void check_no_controls(const char *what, const char *p, size_t n)
{
	size_t at = text_first_unsafe(p, n, "");

	FUZZ_CHECK(at == n, "%s: invalid UTF-8 or a raw control at byte %zu", what, at);
}

/* Decodes "<U+XXXX>" at s[i..n) into out as UTF-8 (3 bytes or fewer);
 * returns the bytes written, 0 if s[i] does not start one. */
static size_t codepoint_unescape(const char *s, size_t n, size_t i, char *out)
{
	unsigned long cp = 0;
	size_t k;

	if (i + 3 > n || s[i] != '<' || s[i + 1] != 'U' || s[i + 2] != '+')
		return 0;
	FUZZ_CHECK(i + 8 <= n && s[i + 7] == '>', "terminal: bad <U+ escape at %zu", i);
	for (k = 3; k < 7; k++) {
		FUZZ_CHECK(hex_value(s[i + k]) >= 0, "terminal: bad <U+ escape at %zu", i);
		cp = cp * 16 + (unsigned long)hex_value(s[i + k]);
	}
	FUZZ_CHECK(text_invisible(cp), "terminal: <U+%04lX> is not invisible", cp);
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	out[0] = (char)(0xE0 | (cp >> 12));
	out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[2] = (char)(0x80 | (cp & 0x3F));
	return 3;
}

/* Undoes escape_terminal into out (room for n bytes); returns the length. */
static size_t terminal_unescape(const char *s, size_t n, char *out)
{
	size_t i = 0, len = 0, k;

	while (i < n) {
		if ((k = codepoint_unescape(s, n, i, out + len)) > 0) {
			len += k;
			i += 8;
			continue;
		}
		if (s[i] != '\\') {
			out[len++] = s[i++];
			continue;
		}
		FUZZ_CHECK(i + 1 < n, "%s", "terminal: a lone trailing backslash");
		if (s[i + 1] == '\\') {
			out[len++] = '\\';
			i += 2;
			continue;
		}
		FUZZ_CHECK(s[i + 1] == 'x' && i + 3 < n && hex_value(s[i + 2]) >= 0 &&
		           hex_value(s[i + 3]) >= 0, "terminal: bad escape at %zu", i);
		out[len++] = (char)(hex_value(s[i + 2]) * 16 + hex_value(s[i + 3]));
		i += 4;
	}
	return len;
}

static char *memstream_run(void (*fn)(FILE *, const char *, size_t),
                           const char *src, size_t n, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);

	FUZZ_CHECK(f != NULL, "%s", "open_memstream");
	fn(f, src, n);
	FUZZ_CHECK(fclose(f) == 0, "%s", "fclose");
	return buf;
}

/* Length of the escape or character at full[pos] (full is valid output). */
static size_t terminal_atom_len(const char *full, size_t len, size_t pos)
{
	unsigned long cp;

	if (full[pos] == '\\')
		return full[pos + 1] == '\\' ? 2 : 4;
	if (full[pos] == '<' && pos + 2 < len && full[pos + 1] == 'U' && full[pos + 2] == '+')
		return 8;
	return utf8_valid_len((const unsigned char *)full + pos, len - pos, &cp);
}

/* escape_terminal into a buffer of cap bytes: the longest prefix of
 * full[0..len) that ends between escapes or characters and fits. */
static void check_terminal_cap(const char *src, size_t n, const char *full,
                               size_t len, size_t cap)
{
	char *buf = malloc(cap);
	size_t r, pos = 0;

	FUZZ_CHECK(buf != NULL, "%s", "malloc");
	r = escape_terminal(buf, cap, src, n);
	FUZZ_CHECK(r <= cap - 1 && buf[r] == '\0', "cap %zu: returned %zu", cap, r);
	FUZZ_CHECK(memcmp(buf, full, r) == 0, "cap %zu: not a prefix", cap);
	while (pos < r)
		pos += terminal_atom_len(full, len, pos);
	FUZZ_CHECK(pos == r, "cap %zu: cut inside an escape or a character at %zu", cap, r);
	FUZZ_CHECK(r == len || r + terminal_atom_len(full, len, r) > cap - 1,
	           "cap %zu: stopped at %zu though the next one fits", cap, r);
	free(buf);
}

static void check_terminal(const char *src, size_t n)
{
	size_t len = escape_terminal(NULL, 0, src, n), wlen, back, i;
	size_t caps[] = { 1, 2, 3, 4, 5, 6, len / 2 + 1, len, len + 1 };
	char *full = malloc(len + 1), *undo = malloc(len + 1), *w;

	FUZZ_CHECK(full && undo, "%s", "malloc");
	FUZZ_CHECK(escape_terminal(full, len + 1, src, n) == len, "%s", "length differs");
	FUZZ_CHECK(full[len] == '\0' && strlen(full) == len, "%s", "NUL inside the output");
	check_no_controls("terminal", full, len);
	back = terminal_unescape(full, len, undo);
	FUZZ_CHECK(back == n && memcmp(undo, src, n) == 0, "%s", "terminal: not reversible");
	for (i = 0; i < sizeof caps / sizeof caps[0]; i++)
		if (caps[i] >= 1 && caps[i] <= len + 1)
			check_terminal_cap(src, n, full, len, caps[i]);
	w = memstream_run(escape_terminal_write, src, n, &wlen);
	FUZZ_CHECK(wlen == len && memcmp(w, full, len) == 0, "%s",
	           "escape_terminal_write differs from escape_terminal");
	free(w);
	free(undo);
	free(full);
}

static void check_json(const char *src, size_t n)
{
	size_t len;
	char *out = memstream_run(escape_json_write, src, n, &len), *dec = malloc(len + 1);
	struct json_reader r = { .s = out, .n = len, .out = dec };

	FUZZ_CHECK(dec != NULL, "%s", "malloc");
	check_no_controls("json", out, len);
	FUZZ_CHECK(json_read_string(&r) && r.i == len, "json: not one string literal "
	           "(stopped at %zu of %zu)", r.i, len);
	FUZZ_CHECK(utf8_valid(dec, r.olen), "%s", "json: decodes to invalid UTF-8");
	if (utf8_valid(src, n))
		FUZZ_CHECK(r.olen == n && memcmp(dec, src, n) == 0, "%s",
		           "json: valid UTF-8 input does not round-trip");
	free(dec);
	free(out);
}

static void check_csv(const char *src, size_t n)
{
	size_t len, tlen = escape_terminal(NULL, 0, src, n), vlen = 0, i, guard;
	char *out = memstream_run(escape_csv_write, src, n, &len);
	char *term = malloc(tlen + 1), *val = malloc(len + 1);

	FUZZ_CHECK(term && val, "%s", "malloc");
	escape_terminal(term, tlen + 1, src, n);
	check_no_controls("csv", out, len);
	guard = n > 0 && src[0] && strchr("=+-@\t\r", src[0]);
	if (len > 0 && out[0] == '"') {
		FUZZ_CHECK(len >= 2 && out[len - 1] == '"', "%s", "csv: unterminated quotes");
		for (i = 1; i < len - 1; i++) {
			if (out[i] == '"') {
				FUZZ_CHECK(i + 1 < len - 1 && out[i + 1] == '"', "csv: lone quote at %zu", i);
				i++;
			}
			val[vlen++] = out[i];
		}
	} else {
		for (i = 0; i < len; i++)
			FUZZ_CHECK(!strchr(",\"\r\n", out[i]) || !out[i],
			           "csv: unquoted field holds 0x%02x", (unsigned char)out[i]);
		memcpy(val, out, len);
		vlen = len;
		FUZZ_CHECK(len == 0 || (out[0] != ' ' && out[len - 1] != ' '), "%s",
		           "csv: unquoted field with an edge space");
	}
	FUZZ_CHECK(!guard || (vlen > 0 && val[0] == '\''), "%s", "csv: formula not guarded");
	FUZZ_CHECK(vlen == tlen + guard && memcmp(val + guard, term, tlen) == 0, "%s",
	           "csv: value is not the terminal form of the input");
	free(val);
	free(term);
	free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *src = fuzz_dup(data, size);

	check_terminal(src, size);
	check_json(src, size);
	check_csv(src, size);
	free(src);
	return 0;
}
