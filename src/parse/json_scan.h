/* json_scan.h: a small, bounded JSON validator and walker for one line
 * holding one object. Kept apart from jsonl.c so the grammar (what is
 * valid JSON) is separate from what the keys mean to a record. */
#ifndef STATUSMON_JSON_SCAN_H
#define STATUSMON_JSON_SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include "statusmon/record.h"

#define JSON_DEPTH_MAX 16     /* deeper nesting is rejected */

enum json_type { JSON_STRING, JSON_NUMBER, JSON_LITERAL };

/* A scalar value: a string's contents without its quotes (escaped tells
 * whether it holds backslash escapes), a number's or literal's text. */
struct json_value {
	enum json_type type;
	const char *p;
	size_t n;
	bool escaped;
};

/* Called for each scalar that is an object member (key = its raw key,
 * escapes not undone) or the first element of an array that is an object
 * member (key = the array's key); depth is 1 for the top-level object. */
typedef void (*json_visit_fn)(void *ctx, struct sv key, const struct json_value *v,
                              unsigned depth);

/* Checks that s[0..n) is one JSON object (RFC 8259; blanks around it; at
 * most JSON_DEPTH_MAX levels) while calling visit. 0 if valid, -1 if not
 * (visit may have been called before the error was found). Never
 * recurses, never allocates, reads only s[0..n). */
int json_scan_object(const char *s, size_t n, json_visit_fn visit, void *ctx);

/* The end of the JSON number (RFC 8259 grammar) starting at s[*i]:
 * 0 with *i moved past it, or -1 if none starts there. Inline: the fast
 * JSON-lines scan (jsonl_fast.c) reads numbers with it too. */
static inline int json_number_end(const char *s, size_t n, size_t *i)
{
	size_t j = *i;

#define JSON_DIGIT(c) ((unsigned)(unsigned char)(c) - '0' < 10)
	if (j < n && s[j] == '-')
		j++;
	if (j >= n || !JSON_DIGIT(s[j]))
		return -1;
	if (s[j] == '0')
		j++;
	else
		while (j < n && JSON_DIGIT(s[j]))
			j++;
	if (j < n && s[j] == '.') {
		if (++j >= n || !JSON_DIGIT(s[j]))
			return -1;
		while (j < n && JSON_DIGIT(s[j]))
			j++;
	}
	if (j < n && (s[j] == 'e' || s[j] == 'E')) {
		if (++j < n && (s[j] == '+' || s[j] == '-'))
			j++;
		if (j >= n || !JSON_DIGIT(s[j]))
			return -1;
		while (j < n && JSON_DIGIT(s[j]))
			j++;
	}
#undef JSON_DIGIT
	*i = j;
	return 0;
}

/* Undoes the escapes of a validated string's contents s[0..n) into out,
 * which has room for n bytes (the result is never longer); returns its
 * length. Lone surrogates become U+FFFD. */
size_t json_unescape(const char *s, size_t n, char *out);

#endif
