/* json_scan.c: the JSON grammar for JSON-lines logs (see json_scan.h).
 * Iterative, with an explicit stack of at most JSON_DEPTH_MAX frames, so
 * hostile nesting cannot exhaust the C stack. */
#include <string.h>
#include "json_scan.h"

struct frame {
	bool obj;
	struct sv key;          /* member key of this container, for arrays */
	size_t index;           /* members / elements seen                  */
};

static bool is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static size_t skip_ws(const char *s, size_t n, size_t i)
{
	while (i < n && is_ws(s[i]))
		i++;
	return i;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static bool hex4(const char *s, unsigned *out)
{
	unsigned v = 0;
	int i, h;

	for (i = 0; i < 4; i++) {
		h = hex_value(s[i]);
		if (h < 0)
			return false;
		v = v * 16 + (unsigned)h;
	}
	*out = v;
	return true;
}

/* s[*i] == '"': validates the string, *i moves past its closing quote. */
static int scan_string(const char *s, size_t n, size_t *i, struct json_value *v)
{
	size_t j = *i + 1;
	unsigned cp;

	v->type = JSON_STRING;
	v->p = s + j;
	v->escaped = false;
	while (j < n) {
		unsigned char c = (unsigned char)s[j];

		if (c == '"') {
			v->n = (size_t)(s + j - v->p);
			*i = j + 1;
			return 0;
		}
		if (c < 0x20)
			return -1;
		if (c != '\\') {
			j++;
			continue;
		}
		v->escaped = true;
		if (j + 1 >= n)
			return -1;
		c = (unsigned char)s[j + 1];
		if (c == 'u') {
			if (n - j < 6 || !hex4(s + j + 2, &cp))
				return -1;
			j += 6;
		} else if (c && strchr("\"\\/bfnrt", c)) {
			j += 2;
		} else {
			return -1;
		}
	}
	return -1;
}

static int scan_number(const char *s, size_t n, size_t *i, struct json_value *v)
{
	size_t j = *i;

	if (json_number_end(s, n, &j) < 0)
		return -1;
	v->type = JSON_NUMBER;
	v->p = s + *i;
	v->n = j - *i;
	*i = j;
	return 0;
}

static int scan_scalar(const char *s, size_t n, size_t *i, struct json_value *v)
{
	static const char *const literals[] = { "true", "false", "null" };
	size_t k, len;

	if (s[*i] == '"')
		return scan_string(s, n, i, v);
	if (s[*i] == '-' || is_digit(s[*i]))
		return scan_number(s, n, i, v);
	for (k = 0; k < 3; k++) {
		len = strlen(literals[k]);
		if (n - *i >= len && memcmp(s + *i, literals[k], len) == 0) {
			v->type = JSON_LITERAL;
			v->p = s + *i;
			v->n = len;
			*i += len;
			return 0;
		}
	}
	return -1;
}

/* After a value: ',' (1: another member follows) or closing brackets;
 * 0 when the top-level object closed with only blanks after it. */
static int after_value(const char *s, size_t n, size_t *i, const struct frame *st,
                       unsigned *depth)
{
	for (;;) {
		*i = skip_ws(s, n, *i);
		if (*i >= n)
			return -1;
		if (s[*i] == ',') {
			(*i)++;
			return 1;
		}
		if (s[*i] != (st[*depth - 1].obj ? '}' : ']'))
			return -1;
		(*i)++;
		if (--*depth == 0)
			return skip_ws(s, n, *i) == n ? 0 : -1;
	}
}

/* A member's key and ':' (in an object) or the array's key for its first
 * element; *key is what the next value is reported under. */
static int member_start(const char *s, size_t n, size_t *i, struct frame *f,
                        struct sv *key)
{
	struct json_value k;

	f->index++;
	if (!f->obj) {
		*key = f->index == 1 ? f->key : (struct sv){ NULL, 0 };
		return 0;
	}
	if (s[*i] != '"' || scan_string(s, n, i, &k) < 0)
		return -1;
	key->p = k.p;
	key->n = k.n;
	*i = skip_ws(s, n, *i);
	if (*i >= n || s[*i] != ':')
		return -1;
	*i = skip_ws(s, n, *i + 1);
	return *i < n ? 0 : -1;
}

int json_scan_object(const char *s, size_t n, json_visit_fn visit, void *ctx)
{
	struct frame st[JSON_DEPTH_MAX];
	unsigned depth = 1;
	struct json_value v;
	struct sv key;
	size_t i = skip_ws(s, n, 0);
	int rc;

	if (i >= n || s[i] != '{')
		return -1;
	st[0] = (struct frame){ .obj = true };
	i++;
	for (;;) {
		struct frame *f = &st[depth - 1];

		i = skip_ws(s, n, i);
		if (i >= n)
			return -1;
		if (f->index == 0 && s[i] == (f->obj ? '}' : ']')) {
			i++;            /* an empty container */
			if (--depth == 0)
				return skip_ws(s, n, i) == n ? 0 : -1;
		} else {
			if (member_start(s, n, &i, f, &key) < 0)
				return -1;
			if (s[i] == '{' || s[i] == '[') {
				if (depth == JSON_DEPTH_MAX)
					return -1;
				st[depth++] = (struct frame){ .obj = s[i] == '{',
				                              .key = f->obj ? key : (struct sv){ 0 } };
				i++;
				continue;
			}
			if (scan_scalar(s, n, &i, &v) < 0)
				return -1;
			if (key.p)
				visit(ctx, key, &v, depth);
		}
		rc = after_value(s, n, &i, st, &depth);
		if (rc <= 0)
			return rc;
	}
}

static size_t utf8_put(char *out, unsigned cp)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* "\uXXXX" (and its low surrogate) at s[*i]; the code point. */
static unsigned unescape_u(const char *s, size_t n, size_t *i)
{
	unsigned cp = 0, lo = 0;

	hex4(s + *i + 2, &cp);
	*i += 6;
	if (cp >= 0xdc00 && cp <= 0xdfff)
		return 0xfffd;
	if (cp < 0xd800 || cp > 0xdbff)
		return cp;
	if (n - *i >= 6 && s[*i] == '\\' && s[*i + 1] == 'u' &&
	    hex4(s + *i + 2, &lo) && lo >= 0xdc00 && lo <= 0xdfff) {
		*i += 6;
		return 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
	}
	return 0xfffd;
}

size_t json_unescape(const char *s, size_t n, char *out)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	size_t i = 0, len = 0;
	const char *e;

	while (i < n) {
		if (s[i] != '\\' || i + 1 >= n) {
			out[len++] = s[i++];
		} else if (s[i + 1] == 'u' && n - i >= 6) {
			len += utf8_put(out + len, unescape_u(s, n, &i));
		} else {
			e = s[i + 1] ? strchr(from, s[i + 1]) : NULL;
			out[len++] = e ? to[e - from] : s[i + 1];
			i += 2;
		}
	}
	return len;
}
