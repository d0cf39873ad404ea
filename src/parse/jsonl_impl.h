/* jsonl_impl.h: what jsonl.c (the keys and what they mean) shares with
 * jsonl_fast.c (a faster scan of the same grammar): the per-thread state,
 * one line's scan context, the key entries and the step that applies one
 * keyed scalar to the record. Internal to src/parse. */
#ifndef STATUSMON_JSONL_IMPL_H
#define STATUSMON_JSONL_IMPL_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include "format_impl.h"
#include "json_scan.h"
#include "time_cache.h"

#define J_REQUEST FIELD_COUNT       /* "request": "GET / HTTP/1.1" */
#define J_SLOTS (FIELD_COUNT + 1)
#define J_KEY_LEN_MAX 32            /* no known key is longer */
#define J_KEYS_MAX 96               /* room for every known key */
#define J_TIME_CACHE 48             /* longest time value cached */

/* A known key: a field slot with its priority, or a duration group. */
struct jkey {
	const char *key;
	int slot;               /* -1 for a duration key */
	int prio;               /* 0 best */
	int dur;                /* enum record_dur_group, or -1 */
};

/* The last time value converted and its result (the fast path only), and
 * the last CLF minute ($time_local: a new second is a new text, not a new
 * date conversion). */
struct jsonl_time_cache {
	char text[J_TIME_CACHE];
	size_t n;               /* 0: empty */
	bool is_number, ok;
	long long t;
	struct time_cache clf;
};

struct jsonl_state {
	char *scratch;
	size_t cap;
	/* known keys by length: keys[first[len] .. first[len] + count[len]) */
	struct jkey keys[J_KEYS_MAX];
	uint64_t head[J_KEYS_MAX], tail[J_KEYS_MAX];   /* keys[i]'s key_words */
	uint8_t first[J_KEY_LEN_MAX + 1], count[J_KEY_LEN_MAX + 1];
	struct jsonl_time_cache time;
};

/* One line's scan. ctx_init (jsonl.c) sets each field by name, not by
 * memset: a field added here is set there. */
struct jsonl_ctx {
	struct jsonl_state *st;
	size_t line_len;
	size_t used;                /* scratch bytes this line */
	struct record *rec;
	int score[J_SLOTS];         /* best so far; INT_MAX = none */
	struct sv request;
	bool time_is_number;
	bool oom;
};

/* Two words that together hold every byte of k[0..n) (n >= 1): the first
 * and last 8 bytes (overlapping) from 8 bytes on, the first and last 4
 * from 4, else bytes 0, n/2 and n - 1. Keys of one length are equal up to
 * 16 bytes exactly when their words are; longer ones also compare the
 * middle. Reads nothing outside k[0..n). */
static inline void key_words(const char *k, size_t n, uint64_t *head, uint64_t *tail)
{
	uint32_t a, b;

	if (n >= 8) {
		memcpy(head, k, 8);
		memcpy(tail, k + n - 8, 8);
	} else if (n >= 4) {
		memcpy(&a, k, 4);
		memcpy(&b, k + n - 4, 4);
		*head = a;
		*tail = b;
	} else {
		*head = (uint64_t)(unsigned char)k[0] | (uint64_t)(unsigned char)k[n / 2] << 8 |
		        (uint64_t)(unsigned char)k[n - 1] << 16;
		*tail = 0;
	}
}

/* The known key spelled k[0..n) (escapes already undone), or NULL. */
static inline const struct jkey *jsonl_key_find(const struct jsonl_state *st, const char *k,
                                                size_t n)
{
	uint64_t head, tail;
	size_t i, end;

	if (n > J_KEY_LEN_MAX || n == 0)
		return NULL;
	key_words(k, n, &head, &tail);
	for (i = st->first[n], end = i + st->count[n]; i < end; i++)
		if (st->head[i] == head && st->tail[i] == tail &&
		    (n <= 16 || memcmp(st->keys[i].key + 8, k + 8, n - 16) == 0))
			return &st->keys[i];
	return NULL;
}

/* An escaped string value unescaped into the line's scratch space: true
 * and *out, or false (out of memory: c->oom). */
bool jsonl_string_unescape(struct jsonl_ctx *c, const struct json_value *v, struct sv *out);

/* A string value as a view: into the line, or unescaped into scratch. */
static inline bool jsonl_string_view(struct jsonl_ctx *c, const struct json_value *v,
                                     struct sv *out)
{
	if (v->escaped)
		return jsonl_string_unescape(c, v, out);
	out->p = v->p;
	out->n = v->n;
	return true;
}

/* A duration key's value into the record (any type that is not a number
 * or a string, null included, is an absent duration). */
void jsonl_duration_apply(struct jsonl_ctx *c, const struct jkey *k, const struct json_value *v);

/* Whether a value of this type can fill this slot. */
static inline bool jsonl_type_fits(int slot, const struct json_value *v)
{
	if (v->type == JSON_LITERAL)
		return false;
	if (v->type == JSON_STRING)
		return v->n > 0;
	return slot == FIELD_STATUS || slot == FIELD_TIME || slot == FIELD_BYTES;
}

/* Applies scalar v, found under known key k at depth, to the line's
 * record. Inline: the fast scan calls it for every known key of every
 * line (nine on an nginx escape=json line). */
static inline void jsonl_apply(struct jsonl_ctx *c, const struct jkey *k,
                               const struct json_value *v, unsigned depth)
{
	struct sv val;
	int score;

	if (k->dur >= 0) {
		jsonl_duration_apply(c, k, v);
		return;
	}
	if (!jsonl_type_fits(k->slot, v))
		return;
	score = k->prio * (JSON_DEPTH_MAX + 1) + (int)depth;
	if (score > c->score[k->slot])
		return;         /* on a tie the later key wins, as in most parsers */
	if (v->type == JSON_NUMBER) {
		val.p = v->p;
		val.n = v->n;
	} else if (!jsonl_string_view(c, v, &val)) {
		return;
	}
	c->score[k->slot] = score;
	if (k->slot == J_REQUEST) {
		c->request = val;
		return;
	}
	c->rec->field[k->slot] = val;
	if (k->slot == FIELD_TIME)
		c->time_is_number = v->type == JSON_NUMBER;
}

/* The fast scan of s[0..n): the same grammar as json_scan_object and the
 * same jsonl_apply calls the reference visit would make. 0 if valid, -1
 * if not (the caller then asks the reference scanner). */
int jsonl_fast_scan(struct jsonl_ctx *c, const char *s, size_t n);

#endif
