/* labels.c: the per-value counters behind --metrics-label (labels.h). Kept
 * apart from stats.c: with the option off none of this runs (stats_add
 * tests one pointer). A row is a kept value: its key (each chosen field's
 * bytes, cut to SNAPSHOT_LABEL_KEY - 1, behind a length byte), a counter
 * per status entry and a score (its traffic, for choosing whom to evict).
 * A value with no row adds to "other" and to the summary of candidates;
 * once a candidate's guaranteed count passes twice the quietest row's
 * score (plus a margin, so two values of equal traffic never swap back and
 * forth) it takes that row, whose counts go to "other": every exported
 * count only grows, and the rows plus "other" always sum to the lines. */
#include <stdlib.h>
#include <string.h>
#include "labels.h"
#include "stats_impl.h"
#include "topk_impl.h"
#include "statusmon/xalloc.h"

#define LABEL_KEY_BYTES (SNAPSHOT_LABEL_DIMS * SNAPSHOT_LABEL_KEY + 2)
#define LABEL_INDEX 256u           /* > 2 x SNAPSHOT_LABEL_VALUES_MAX, a power of 2 */
#define LABEL_MARGIN 16u

struct label_row {
	uint64_t hash, score, total;
	uint16_t len;
	char key[LABEL_KEY_BYTES];
	uint64_t count[STATS_ENTRIES];
};

struct labels {
	unsigned fields, max, used;
	int16_t index[LABEL_INDEX];    /* row + 1, 0 empty; rebuilt on eviction */
	uint64_t min_score;            /* <= every row's score               */
	size_t cand_budget;
	struct topk *cand;             /* values without a row               */
	uint64_t other[STATS_ENTRIES];
	struct label_row *rows;        /* max of them                        */
};

struct labels *labels_new(unsigned fields, unsigned max)
{
	struct labels *l = xcalloc(1, sizeof *l);

	l->fields = fields;
	l->max = max == 0 ? 20 : max > SNAPSHOT_LABEL_VALUES_MAX ? SNAPSHOT_LABEL_VALUES_MAX : max;
	l->rows = xcalloc(l->max, sizeof *l->rows);
	labels_reset(l);
	return l;
}

void labels_free(struct labels *l)
{
	if (!l)
		return;
	topk_free(l->cand);
	free(l->rows);
	free(l);
}

void labels_reset(struct labels *l)
{
	topk_free(l->cand);
	l->cand_budget = 4u * l->max > TOPK_MIN_CAP ? 4u * l->max - TOPK_MIN_CAP : 0;
	l->cand = topk_new(4u * l->max, &l->cand_budget);
	if (!l->cand)
		abort();
	memset(l->index, 0, sizeof l->index);
	memset(l->other, 0, sizeof l->other);
	memset(l->rows, 0, l->max * sizeof *l->rows);
	l->used = 0;
	l->min_score = 0;
}

/* The key of rec: per chosen field, a length byte and the bytes. A value
 * equal to "other" gives len 0 (the caller counts it as other). */
static size_t label_key(const struct labels *l, const struct record *rec, char *key)
{
	static const enum record_field fld[SNAPSHOT_LABEL_DIMS] = { FIELD_VHOST, FIELD_METHOD };
	size_t n = 0;

	for (int d = 0; d < SNAPSHOT_LABEL_DIMS; d++) {
		const struct sv *v = &rec->field[fld[d]];
		size_t len = v->n < SNAPSHOT_LABEL_KEY - 1 ? v->n : SNAPSHOT_LABEL_KEY - 1;

		if (!(l->fields & (1u << d)))
			continue;
		if (len == sizeof SNAPSHOT_LABEL_OTHER - 1 && !memcmp(v->p, SNAPSHOT_LABEL_OTHER, len))
			return 0;
		key[n++] = (char)len;
		if (len)
			memcpy(key + n, v->p, len);
		n += len;
	}
	return n;
}

static int label_find(const struct labels *l, const char *key, size_t n, uint64_t h)
{
	for (uint32_t i = (uint32_t)h & (LABEL_INDEX - 1);; i = (i + 1) & (LABEL_INDEX - 1)) {
		int r = l->index[i] - 1;

		if (r < 0)
			return -1;
		if (l->rows[r].hash == h && l->rows[r].len == n && !memcmp(l->rows[r].key, key, n))
			return r;
	}
}

static void index_insert(struct labels *l, unsigned r)
{
	uint32_t i = (uint32_t)l->rows[r].hash & (LABEL_INDEX - 1);

	while (l->index[i])
		i = (i + 1) & (LABEL_INDEX - 1);
	l->index[i] = (int16_t)(r + 1);
}

static void row_set(struct label_row *row, const char *key, size_t n, uint64_t h, uint64_t score)
{
	memset(row->count, 0, sizeof row->count);
	row->total = 0;
	row->hash = h;
	row->len = (uint16_t)n;
	row->score = score;
	memcpy(row->key, key, n);
}

/* The quietest row (and min_score set to its score). */
static unsigned quietest(struct labels *l)
{
	unsigned q = 0;

	for (unsigned r = 1; r < l->used; r++)
		if (l->rows[r].score < l->rows[q].score)
			q = r;
	l->min_score = l->rows[q].score;
	return q;
}

/* A value without a row: counted as other and as a candidate; it takes the
 * quietest row once it is clearly busier. */
static void label_challenge(struct labels *l, const char *key, size_t n, uint64_t h)
{
	int c;
	uint64_t lb;
	unsigned q;

	topk_add(l->cand, key, n, h);
	c = topk_find(l->cand, key, n, false, h);
	if (c < 0)
		return;
	lb = l->cand->counts[c] - l->cand->slots[c].error;
	if (lb <= 2 * l->min_score + LABEL_MARGIN)
		return;
	q = quietest(l);
	if (lb <= 2 * l->min_score + LABEL_MARGIN)
		return;
	for (size_t e = 0; e < STATS_ENTRIES; e++)
		l->other[e] += l->rows[q].count[e];
	row_set(&l->rows[q], key, n, h, lb);
	memset(l->index, 0, sizeof l->index);
	for (unsigned r = 0; r < l->used; r++)
		index_insert(l, r);
	(void)quietest(l);
}

void labels_add(struct labels *l, const struct hash_key *hk, const struct record *rec, size_t e)
{
	char key[LABEL_KEY_BYTES];
	size_t n = label_key(l, rec, key);
	uint64_t h;
	int r;

	if (n == 0) {
		l->other[e]++;
		return;
	}
	h = hash_bytes(hk, key, n);
	r = label_find(l, key, n, h);
	if (r < 0 && l->used < l->max) {
		r = (int)l->used++;
		row_set(&l->rows[r], key, n, h, 0);
		index_insert(l, (unsigned)r);
		l->min_score = 0;
	}
	if (r < 0) {
		l->other[e]++;
		label_challenge(l, key, n, h);
		return;
	}
	l->rows[r].count[e]++;
	l->rows[r].total++;
	l->rows[r].score++;
}

void labels_merge(struct labels *dst, const struct labels *src, const size_t *map)
{
	for (size_t e = 0; e < STATS_ENTRIES; e++)
		dst->other[map[e]] += src->other[e];
	for (unsigned s = 0; s < src->used; s++) {
		const struct label_row *sr = &src->rows[s];
		int r = label_find(dst, sr->key, sr->len, sr->hash);
		uint64_t *to = dst->other;

		if (r < 0 && dst->used < dst->max) {
			r = (int)dst->used++;
			row_set(&dst->rows[r], sr->key, sr->len, sr->hash, 0);
			index_insert(dst, (unsigned)r);
		}
		if (r >= 0) {
			to = dst->rows[r].count;
			dst->rows[r].total += sr->total;
			dst->rows[r].score += sr->score;
		}
		for (size_t e = 0; e < STATS_ENTRIES; e++)
			to[map[e]] += sr->count[e];
	}
	topk_merge(dst->cand, src->cand);
	if (dst->used)
		(void)quietest(dst);
}

/* One exported value from counts (STATS_ENTRIES): codes ascending, every
 * non-numeric entry folded into code -1 at the end. */
static void value_fill(struct snapshot_label_value *v, const uint64_t *count)
{
	uint64_t invalid = 0;
	size_t n = 0;

	for (size_t e = STATS_CODES; e < STATS_ENTRIES; e++)
		invalid += count[e];
	for (size_t e = 0; e < STATS_CODES; e++)
		n += count[e] != 0;
	v->counts = xcalloc(n + 1, sizeof *v->counts);
	for (size_t e = 0; e < STATS_CODES; e++)
		if (count[e]) {
			v->counts[v->n_counts++] = (struct snapshot_label_count){ (int)e, count[e] };
			v->total += count[e];
		}
	if (invalid) {
		v->counts[v->n_counts++] = (struct snapshot_label_count){ -1, invalid };
		v->total += invalid;
	}
}

/* The key's field values into v (the fields not chosen stay empty). */
static void value_names(const struct labels *l, const struct label_row *row,
                        struct snapshot_label_value *v)
{
	size_t at = 0;

	for (int d = 0; d < SNAPSHOT_LABEL_DIMS; d++) {
		size_t len;

		if (!(l->fields & (1u << d)))
			continue;
		len = (unsigned char)row->key[at++];
		memcpy(v->value[d], row->key + at, len);
		v->value[d][len] = '\0';
		v->len[d] = len;
		at += len;
	}
}

static int value_cmp(const void *a, const void *b)
{
	const struct snapshot_label_value *x = a, *y = b;

	if (x->total != y->total)
		return x->total < y->total ? 1 : -1;
	return memcmp(x->value, y->value, sizeof x->value);
}

void labels_snapshot(const struct labels *l, struct snapshot *snap)
{
	struct snapshot_label_value *out = xcalloc(l->used + 1, sizeof *out);
	size_t n = 0;

	for (unsigned r = 0; r < l->used; r++) {
		if (l->rows[r].total == 0)
			continue;
		value_names(l, &l->rows[r], &out[n]);
		value_fill(&out[n++], l->rows[r].count);
	}
	qsort(out, n, sizeof *out, value_cmp);
	out[n].other = true;
	for (int d = 0; d < SNAPSHOT_LABEL_DIMS; d++) {
		strcpy(out[n].value[d], SNAPSHOT_LABEL_OTHER);
		out[n].len[d] = sizeof SNAPSHOT_LABEL_OTHER - 1;
	}
	value_fill(&out[n++], l->other);
	snap->label_fields = l->fields;
	snap->n_label_values = n;
	snap->label_values = out;
}
