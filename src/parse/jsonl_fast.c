/* jsonl_fast.c: the fast scan of a JSON-lines record. The same grammar as
 * json_scan.c (the reference, kept as it is) in one forward pass, but:
 * strings are skipped 16 bytes at a time (SSE2) to the next '"', '\\' or
 * control byte; a member key is looked up once, by length then bytes
 * (jsonl_key_find), and the value of a key statusmon does not know is
 * only validated, never reported. Known keys go to jsonl_apply exactly as
 * the reference's visit would send them (same value, same depth, same
 * order, array keys for an array's first scalar), so records are
 * identical; tests/fuzz/fuzz_jsonl_fast.c checks that on every input. */
#include <string.h>
#include "jsonl_impl.h"
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#define KEY_MAX 160             /* as jsonl.c: longer escaped keys match nothing */

struct frame {
	bool obj;
	const struct jkey *key; /* an array's known key, for its first scalar */
	size_t index;           /* members / elements seen */
};

static inline bool is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Most calls find no whitespace at all (compact JSON): a byte above ' '
 * (or 0x80 and up) ends the skip in one compare. */
static inline size_t skip_ws(const char *s, size_t n, size_t i)
{
	if (i < n && (unsigned char)s[i] > ' ')
		return i;
	while (i < n && is_ws(s[i]))
		i++;
	return i;
}

static inline bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool hex4_ok(const char *s)
{
	for (int i = 0; i < 4; i++) {
		char c = s[i];

		if (!is_digit(c) && !(c >= 'a' && c <= 'f') && !(c >= 'A' && c <= 'F'))
			return false;
	}
	return true;
}

/* The first byte at or after j that is '"', '\\' or below 0x20; n if none. */
static inline __attribute__((always_inline)) size_t string_stop(const char *s, size_t n, size_t j)
{
#ifdef __SSE2__
	const __m128i quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\');
	const __m128i ctl = _mm_set1_epi8(0x1f);

	while (n - j >= 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + j));
		__m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote),
		                                        _mm_cmpeq_epi8(v, bslash)),
		                           _mm_cmpeq_epi8(_mm_min_epu8(v, ctl), v));
		int m = _mm_movemask_epi8(hit);

		if (m)
			return j + (size_t)__builtin_ctz((unsigned)m);
		j += 16;
	}
#endif
	while (j < n) {
		unsigned char c = (unsigned char)s[j];

		if (c == '"' || c == '\\' || c < 0x20)
			return j;
		j++;
	}
	return n;
}

/* s[i] == '"': the string's contents s[i+1 .. *end), *end at its closing
 * quote; *escaped when it holds escapes. 0, or -1 if invalid. */
static inline __attribute__((always_inline)) int string_scan(const char *s, size_t n, size_t i, size_t *end, bool *escaped)
{
	size_t j = i + 1;

	*escaped = false;
	for (;;) {
		j = string_stop(s, n, j);
		if (j >= n || (unsigned char)s[j] < 0x20)
			return -1;
		if (s[j] == '"') {
			*end = j;
			return 0;
		}
		*escaped = true;                /* a backslash */
		if (j + 1 >= n)
			return -1;
		if (s[j + 1] == 'u') {
			if (n - j < 6 || !hex4_ok(s + j + 2))
				return -1;
			j += 6;
		} else if (s[j + 1] && strchr("\"\\/bfnrt", s[j + 1])) {
			j += 2;
		} else {
			return -1;
		}
	}
}

/* A scalar at s[*i]: *i moves past it, v describes it. */
static int scalar_scan(const char *s, size_t n, size_t *i, struct json_value *v)
{
	static const char *const literals[] = { "true", "false", "null" };
	static const size_t lens[] = { 4, 5, 4 };
	size_t end, k;

	v->p = s + *i;
	if (s[*i] == '"') {
		if (string_scan(s, n, *i, &end, &v->escaped) < 0)
			return -1;
		v->type = JSON_STRING;
		v->p = s + *i + 1;
		v->n = end - *i - 1;
		*i = end + 1;
		return 0;
	}
	v->escaped = false;
	if (s[*i] == '-' || is_digit(s[*i])) {
		end = *i;
		if (json_number_end(s, n, &end) < 0)
			return -1;
		v->type = JSON_NUMBER;
		v->n = end - *i;
		*i = end;
		return 0;
	}
	for (k = 0; k < 3; k++) {
		if (n - *i >= lens[k] && memcmp(s + *i, literals[k], lens[k]) == 0) {
			v->type = JSON_LITERAL;
			v->n = lens[k];
			*i += lens[k];
			return 0;
		}
	}
	return -1;
}

/* After a value: as json_scan.c's after_value. */
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

/* A member key at s[*i] and its ':': *k is the known key it names (escapes
 * undone first) or NULL. */
static int key_scan(const struct jsonl_state *st, const char *s, size_t n, size_t *i,
                    const struct jkey **k)
{
	char kbuf[KEY_MAX];
	size_t end, len;
	bool escaped;

	if (s[*i] != '"' || string_scan(s, n, *i, &end, &escaped) < 0)
		return -1;
	len = end - *i - 1;
	if (!escaped)
		*k = jsonl_key_find(st, s + *i + 1, len);
	else if (len > sizeof kbuf)
		*k = NULL;
	else
		*k = jsonl_key_find(st, kbuf, json_unescape(s + *i + 1, len, kbuf));
	*i = skip_ws(s, n, end + 1);
	if (*i >= n || s[*i] != ':')
		return -1;
	*i = skip_ws(s, n, *i + 1);
	return *i < n ? 0 : -1;
}

int jsonl_fast_scan(struct jsonl_ctx *c, const char *s, size_t n)
{
	struct frame st[JSON_DEPTH_MAX];
	unsigned depth = 1;
	struct json_value v;
	const struct jkey *k;
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
			f->index++;
			k = f->obj ? NULL : f->index == 1 ? f->key : NULL;
			if (f->obj && key_scan(c->st, s, n, &i, &k) < 0)
				return -1;
			if (s[i] == '{' || s[i] == '[') {
				if (depth == JSON_DEPTH_MAX)
					return -1;
				st[depth++] = (struct frame){ .obj = s[i] == '{',
				                              .key = f->obj ? k : NULL };
				i++;
				continue;
			}
			if (scalar_scan(s, n, &i, &v) < 0)
				return -1;
			if (k)
				jsonl_apply(c, k, &v, depth);
		}
		rc = after_value(s, n, &i, st, &depth);
		if (rc <= 0)
			return rc;
	}
}
