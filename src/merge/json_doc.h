/* json_doc.h: a bounded JSON document reader for statusmon's own reports.
 * A report read back is untrusted input like any log: the reader never
 * recurses deeper than JSON_DOC_DEPTH_MAX, holds at most JSON_DOC_NODES_MAX
 * values, and fails with a reason (never aborts) on anything that is not
 * RFC 8259 JSON. Strings are unescaped into the document's own storage
 * (they may hold NUL bytes: use the length). Internal to sm_merge. */
#ifndef STATUSMON_JSON_DOC_H
#define STATUSMON_JSON_DOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define JSON_DOC_DEPTH_MAX 32
#define JSON_DOC_NODES_MAX (8u << 20)

enum jtype { J_NULL, J_BOOL, J_NUMBER, J_STRING, J_ARRAY, J_OBJECT };

struct jnode {
	enum jtype type;
	const char *s;        /* string contents (unescaped), number text, object member key */
	size_t n;
	const char *key;      /* the member's key when the parent is an object */
	size_t key_n;
	bool b;
	uint32_t first;       /* array/object: first child (0 = none) */
	uint32_t next;        /* next sibling (0 = none) */
	uint32_t count;       /* array/object: number of children */
};

struct json_doc {
	struct jnode *nodes;  /* nodes[0] is unused; the root is nodes[1] */
	size_t n_nodes, cap_nodes;
	char *text;           /* unescaped strings */
	size_t text_len;
};

/* Parses s[0..n) as one JSON value. 0, or -1 with reason (a static string)
 * and *offset (the byte where it went wrong). doc must be freed in both
 * cases. */
int json_doc_parse(struct json_doc *doc, const char *s, size_t n, const char **reason,
                   size_t *offset);
void json_doc_free(struct json_doc *doc);

/* The root (NULL if none); an object's member by key (NULL if absent). */
const struct jnode *json_doc_root(const struct json_doc *doc);
const struct jnode *json_get(const struct json_doc *doc, const struct jnode *obj,
                             const char *key);
/* An array's or object's i-th child by walking; use json_next to iterate. */
const struct jnode *json_first(const struct json_doc *doc, const struct jnode *parent);
const struct jnode *json_next(const struct json_doc *doc, const struct jnode *node);

/* A non-negative integer of at most 2^50 (counts: room to sum 8192
 * reports without overflow); false otherwise. */
bool json_u64(const struct jnode *node, uint64_t *out);
/* A (possibly negative) integer within ±2^62. */
bool json_i64(const struct jnode *node, long long *out);
/* true if node is a string equal to s. */
bool json_str_is(const struct jnode *node, const char *s);

#endif
