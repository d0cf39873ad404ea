/* json_doc.c: the bounded recursive-descent JSON reader (json_doc.h). The
 * recursion is bounded by JSON_DOC_DEPTH_MAX, the node count by
 * JSON_DOC_NODES_MAX, and unescaped strings fit in one buffer the size of
 * the input (an escape never grows), so a hostile file costs at most a
 * fixed multiple of its size. */
#include <stdlib.h>
#include <string.h>
#include "json_doc.h"
#include "statusmon/xalloc.h"

struct jparser {
	struct json_doc *doc;
	const char *s;
	size_t n, i;
	const char *reason;
};

static int fail(struct jparser *p, const char *reason)
{
	if (!p->reason)
		p->reason = reason;
	return -1;
}

static void skip_ws(struct jparser *p)
{
	while (p->i < p->n && (p->s[p->i] == ' ' || p->s[p->i] == '\t' ||
	                       p->s[p->i] == '\n' || p->s[p->i] == '\r'))
		p->i++;
}

static long new_node(struct jparser *p, enum jtype type)
{
	struct json_doc *d = p->doc;

	if (d->n_nodes >= JSON_DOC_NODES_MAX)
		return fail(p, "too many values");
	if (d->n_nodes == d->cap_nodes) {
		d->cap_nodes = d->cap_nodes ? d->cap_nodes * 2 : 256;
		d->nodes = xrealloc(d->nodes, d->cap_nodes * sizeof *d->nodes);
	}
	memset(&d->nodes[d->n_nodes], 0, sizeof d->nodes[0]);
	d->nodes[d->n_nodes].type = type;
	return (long)d->n_nodes++;
}

static int hex4(struct jparser *p, unsigned *out)
{
	unsigned v = 0;

	if (p->n - p->i < 4)
		return fail(p, "truncated \\u escape");
	for (int k = 0; k < 4; k++) {
		char c = p->s[p->i++];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return fail(p, "bad \\u escape");
	}
	*out = v;
	return 0;
}

static size_t put_utf8(char *o, unsigned cp)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xc0 | cp >> 6);
		o[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xe0 | cp >> 12);
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		o[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (char)(0xf0 | cp >> 18);
	o[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	o[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	o[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* \uXXXX (already past "\u"), a surrogate pair joined; lone surrogates
 * become U+FFFD. Writes at most 6 source bytes' worth (never grows). */
static int unescape_u(struct jparser *p, char *o, size_t *len)
{
	unsigned cp, lo;

	if (hex4(p, &cp) < 0)
		return -1;
	if (cp >= 0xd800 && cp < 0xdc00 && p->n - p->i >= 6 && p->s[p->i] == '\\' &&
	    p->s[p->i + 1] == 'u') {
		size_t save = p->i;

		p->i += 2;
		if (hex4(p, &lo) < 0)
			return -1;
		if (lo >= 0xdc00 && lo < 0xe000)
			cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
		else
			p->i = save;
	}
	if (cp >= 0xd800 && cp < 0xe000)
		cp = 0xfffd;
	*len = put_utf8(o, cp);
	return 0;
}

static int unescape_one(struct jparser *p, char *o, size_t *len)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const char *f;

	if (p->i >= p->n)
		return fail(p, "truncated string");
	if (p->s[p->i] == 'u') {
		p->i++;
		return unescape_u(p, o, len);
	}
	f = p->s[p->i] ? strchr(from, p->s[p->i]) : NULL;
	if (!f)
		return fail(p, "bad escape");
	p->i++;
	*o = to[f - from];
	*len = 1;
	return 0;
}

/* A string at p->i (the opening quote) into the text buffer. */
static int parse_string(struct jparser *p, const char **out, size_t *out_n)
{
	struct json_doc *d = p->doc;
	char *o = d->text + d->text_len;
	size_t k = 0, len;

	p->i++;
	for (;;) {
		unsigned char c;

		if (p->i >= p->n)
			return fail(p, "truncated string");
		c = (unsigned char)p->s[p->i];
		if (c == '"')
			break;
		if (c < 0x20)
			return fail(p, "control character in a string");
		if (c == '\\') {
			p->i++;
			if (unescape_one(p, o + k, &len) < 0)
				return -1;
			k += len;
			continue;
		}
		o[k++] = (char)c;
		p->i++;
	}
	p->i++;
	o[k] = '\0';
	d->text_len += k + 1;
	*out = o;
	*out_n = k;
	return 0;
}

static int parse_number(struct jparser *p, long idx)
{
	size_t start = p->i;

	if (p->i < p->n && p->s[p->i] == '-')
		p->i++;
	if (p->i >= p->n || p->s[p->i] < '0' || p->s[p->i] > '9')
		return fail(p, "bad number");
	if (p->s[p->i] == '0')
		p->i++;
	else
		while (p->i < p->n && p->s[p->i] >= '0' && p->s[p->i] <= '9')
			p->i++;
	if (p->i < p->n && p->s[p->i] == '.') {
		p->i++;
		if (p->i >= p->n || p->s[p->i] < '0' || p->s[p->i] > '9')
			return fail(p, "bad number");
		while (p->i < p->n && p->s[p->i] >= '0' && p->s[p->i] <= '9')
			p->i++;
	}
	if (p->i < p->n && (p->s[p->i] == 'e' || p->s[p->i] == 'E')) {
		p->i++;
		if (p->i < p->n && (p->s[p->i] == '+' || p->s[p->i] == '-'))
			p->i++;
		if (p->i >= p->n || p->s[p->i] < '0' || p->s[p->i] > '9')
			return fail(p, "bad number");
		while (p->i < p->n && p->s[p->i] >= '0' && p->s[p->i] <= '9')
			p->i++;
	}
	p->doc->nodes[idx].s = p->s + start;
	p->doc->nodes[idx].n = p->i - start;
	return 0;
}

static int parse_literal(struct jparser *p, long idx)
{
	static const struct { const char *w; enum jtype t; bool b; } lits[] = {
		{"null", J_NULL, false}, {"true", J_BOOL, true}, {"false", J_BOOL, false},
	};

	for (size_t k = 0; k < 3; k++) {
		size_t len = strlen(lits[k].w);

		if (p->n - p->i >= len && !memcmp(p->s + p->i, lits[k].w, len)) {
			p->doc->nodes[idx].type = lits[k].t;
			p->doc->nodes[idx].b = lits[k].b;
			p->i += len;
			return 0;
		}
	}
	return fail(p, "unexpected character");
}

static long parse_value(struct jparser *p, unsigned depth);

/* Appends child to parent's list; *last tracks the tail. */
static void link_child(struct json_doc *d, long parent, long child, long *last)
{
	if (*last)
		d->nodes[*last].next = (uint32_t)child;
	else
		d->nodes[parent].first = (uint32_t)child;
	d->nodes[parent].count++;
	*last = child;
}

static int parse_member_key(struct jparser *p, const char **key, size_t *key_n)
{
	skip_ws(p);
	if (p->i >= p->n || p->s[p->i] != '"')
		return fail(p, p->i >= p->n ? "truncated object" : "expected a key");
	if (parse_string(p, key, key_n) < 0)
		return -1;
	skip_ws(p);
	if (p->i >= p->n || p->s[p->i] != ':')
		return fail(p, p->i >= p->n ? "truncated object" : "expected ':'");
	p->i++;
	return 0;
}

static int parse_container(struct jparser *p, long idx, unsigned depth, bool object)
{
	char close = object ? '}' : ']';
	long last = 0, child;
	const char *key = NULL;
	size_t key_n = 0;

	p->i++;
	skip_ws(p);
	if (p->i < p->n && p->s[p->i] == close) {
		p->i++;
		return 0;
	}
	for (;;) {
		if (object && parse_member_key(p, &key, &key_n) < 0)
			return -1;
		if ((child = parse_value(p, depth + 1)) < 0)
			return -1;
		p->doc->nodes[child].key = key;
		p->doc->nodes[child].key_n = key_n;
		link_child(p->doc, idx, child, &last);
		skip_ws(p);
		if (p->i >= p->n)
			return fail(p, object ? "truncated object" : "truncated array");
		if (p->s[p->i] == close)
			break;
		if (p->s[p->i] != ',')
			return fail(p, object ? "expected ',' or '}'" : "expected ',' or ']'");
		p->i++;
	}
	p->i++;
	return 0;
}

static long parse_value(struct jparser *p, unsigned depth)
{
	long idx;
	int r;

	if (depth > JSON_DOC_DEPTH_MAX)
		return fail(p, "nested too deep");
	skip_ws(p);
	if (p->i >= p->n)
		return fail(p, "truncated document");
	switch (p->s[p->i]) {
	case '{':
	case '[':
		idx = new_node(p, p->s[p->i] == '{' ? J_OBJECT : J_ARRAY);
		r = idx < 0 ? -1 : parse_container(p, idx, depth, p->s[p->i] == '{');
		break;
	case '"':
		idx = new_node(p, J_STRING);
		r = idx < 0 ? -1 : parse_string(p, &p->doc->nodes[idx].s, &p->doc->nodes[idx].n);
		break;
	case '-': case '0': case '1': case '2': case '3': case '4':
	case '5': case '6': case '7': case '8': case '9':
		idx = new_node(p, J_NUMBER);
		r = idx < 0 ? -1 : parse_number(p, idx);
		break;
	default:
		idx = new_node(p, J_NULL);
		r = idx < 0 ? -1 : parse_literal(p, idx);
	}
	return r < 0 ? -1 : idx;
}

int json_doc_parse(struct json_doc *doc, const char *s, size_t n, const char **reason,
                   size_t *offset)
{
	struct jparser p = { doc, s, n, 0, NULL };

	memset(doc, 0, sizeof *doc);
	doc->text = xmalloc(n + 1);
	(void)new_node(&p, J_NULL);   /* index 0: "none" */
	if (parse_value(&p, 1) < 0)
		goto bad;
	skip_ws(&p);
	if (p.i != n) {
		fail(&p, "text after the document");
		goto bad;
	}
	return 0;
bad:
	*reason = p.reason;
	*offset = p.i;
	return -1;
}

void json_doc_free(struct json_doc *doc)
{
	free(doc->nodes);
	free(doc->text);
	memset(doc, 0, sizeof *doc);
}

const struct jnode *json_doc_root(const struct json_doc *doc)
{
	return doc->n_nodes > 1 ? &doc->nodes[1] : NULL;
}

const struct jnode *json_first(const struct json_doc *doc, const struct jnode *parent)
{
	if (!parent || (parent->type != J_ARRAY && parent->type != J_OBJECT) || !parent->first)
		return NULL;
	return &doc->nodes[parent->first];
}

const struct jnode *json_next(const struct json_doc *doc, const struct jnode *node)
{
	return node && node->next ? &doc->nodes[node->next] : NULL;
}

const struct jnode *json_get(const struct json_doc *doc, const struct jnode *obj,
                             const char *key)
{
	size_t len = strlen(key);

	if (!obj || obj->type != J_OBJECT)
		return NULL;
	for (const struct jnode *c = json_first(doc, obj); c; c = json_next(doc, c))
		if (c->key_n == len && !memcmp(c->key, key, len))
			return c;
	return NULL;
}

bool json_i64(const struct jnode *node, long long *out)
{
	const long long lim = 1LL << 62;
	long long v = 0;
	size_t i = 0;
	bool neg;

	if (!node || node->type != J_NUMBER)
		return false;
	neg = node->s[0] == '-';
	i = neg;
	if (i >= node->n)
		return false;
	for (; i < node->n; i++) {
		if (node->s[i] < '0' || node->s[i] > '9')
			return false;   /* a fraction or exponent */
		v = v * 10 + (node->s[i] - '0');
		if (v > lim)
			return false;
	}
	*out = neg ? -v : v;
	return true;
}

bool json_u64(const struct jnode *node, uint64_t *out)
{
	long long v;

	if (!json_i64(node, &v) || v < 0 || v > (1LL << 50))
		return false;
	*out = (uint64_t)v;
	return true;
}

bool json_str_is(const struct jnode *node, const char *s)
{
	return node && node->type == J_STRING && node->n == strlen(s) && !memcmp(node->s, s, node->n);
}
