/* topk_merge.c: the two operations that look at a whole Space-Saving
 * summary at once: merging one into another (per-thread stats joined at the
 * end) and listing its keys for a snapshot. Apart from topk.c because
 * neither is on the per-line path: both may allocate and sort. */
#include <stdlib.h>
#include <string.h>
#include "topk.h"
#include "topk_impl.h"
#include "statusmon/xalloc.h"

struct merge_ent {
	uint64_t count, error, hash;
	const char *key;
	uint16_t len;
	bool truncated;
};

static int key_cmp(const char *a, size_t na, const char *b, size_t nb)
{
	int c = memcmp(a, b, na < nb ? na : nb);

	if (c)
		return c;
	return na < nb ? -1 : na > nb;
}

static int merge_ent_cmp(const void *pa, const void *pb)
{
	const struct merge_ent *a = pa, *b = pb;

	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	return key_cmp(a->key, a->len, b->key, b->len);
}

static struct merge_ent ent_of(const struct topk *t, uint32_t s, uint64_t count,
                               uint64_t error)
{
	const struct topk_slot *sl = &t->slots[s];
	struct merge_ent e = { count, error, sl->hash, topk_key(t, s), sl->len,
	                       sl->truncated };

	return e;
}

static uint64_t slot_count(const struct topk *t, uint32_t s)
{
	return t->counts[s];
}

/* The union of both summaries with merged counts, into e (room for
 * dst->used + src->used). Returns how many. */
static size_t merge_collect(const struct topk *dst, const struct topk *src,
                            struct merge_ent *e)
{
	size_t k = 0;

	for (uint32_t s = 0; s < dst->used; s++) {
		const struct topk_slot *sl = &dst->slots[s];
		int f = topk_find(src, topk_key(dst, s), sl->len, sl->truncated, sl->hash);
		uint64_t b = f < 0 ? topk_bound(src, sl->hash) : 0;
		uint64_t c = f >= 0 ? slot_count(src, (uint32_t)f) : b;
		uint64_t err = f >= 0 ? src->slots[f].error : b;

		e[k++] = ent_of(dst, s, slot_count(dst, s) + c, sl->error + err);
	}
	for (uint32_t s = 0; s < src->used; s++) {
		const struct topk_slot *sl = &src->slots[s];
		uint64_t b;

		if (topk_find(dst, topk_key(src, s), sl->len, sl->truncated, sl->hash) >= 0)
			continue;
		b = topk_bound(dst, sl->hash);
		e[k++] = ent_of(src, s, slot_count(src, s) + b, sl->error + b);
	}
	return k;
}

/* The capacity dst may reach to hold k keys, within cap_max and budget. */
static uint32_t merge_target(const struct topk *dst, size_t k)
{
	uint32_t target = dst->cap, next;

	while (target < k && target < dst->cap_max) {
		next = target * 2 > dst->cap_max ? dst->cap_max : target * 2;
		if (!dst->budget || *dst->budget < next - dst->cap)
			break;
		target = next;
	}
	return target;
}

/* t's alpha counter i of an n-counter array (n >= t->n_alpha). */
static uint64_t alpha_fold(const struct topk *t, uint32_t i, uint64_t min)
{
	if (t->alpha)
		return t->alpha[i & (t->n_alpha - 1)];
	return t->lossy ? min : 0;
}

/* The merged alpha counters into tmp: the sum of both sides' bounds, raised
 * to the counts of the keys the merge drops (e[keep..k)). None while both
 * sides are exact and nothing is dropped. -1 on out-of-memory. */
static int merge_alpha(struct topk *tmp, const struct topk *dst, const struct topk *src,
                       const struct merge_ent *e, size_t k, uint32_t keep)
{
	uint32_t n = dst->n_alpha > src->n_alpha ? dst->n_alpha : src->n_alpha;
	uint64_t min_d = topk_min(dst), min_s = topk_min(src);

	if (!n && k == keep && !dst->lossy && !src->lossy)
		return 0;
	if (!n) {
		if (topk_alpha_new(tmp) < 0)
			return -1;
	} else {
		tmp->alpha = xcalloc(n, sizeof *tmp->alpha);
		tmp->n_alpha = n;
	}
	for (uint32_t i = 0; i < tmp->n_alpha; i++)
		tmp->alpha[i] = alpha_fold(dst, i, min_d) + alpha_fold(src, i, min_s);
	for (size_t j = keep; j < k; j++) {
		uint64_t *a = &tmp->alpha[topk_alpha_at(tmp->n_alpha, e[j].hash)];

		if (*a < e[j].count)
			*a = e[j].count;
	}
	return 0;
}

/* Fills fresh arrays in tmp with the first keep entries of e. */
static void merge_fill(struct topk *tmp, const struct merge_ent *e, uint32_t keep)
{
	for (uint32_t s = 0; s < keep; s++) {
		struct topk_slot *sl = &tmp->slots[s];

		sl->hash = e[s].hash;
		sl->error = e[s].error;
		sl->len = e[s].len;
		sl->truncated = e[s].truncated;
		topk_key_set(tmp, s, e[s].key, e[s].len);
		tmp->counts[s] = e[s].count;
	}
	tmp->used = keep;
	for (uint32_t s = 0; s < keep; s++)
		topk_index_insert(tmp, s);
}

int topk_merge(struct topk *dst, const struct topk *src)
{
	size_t n = (size_t)dst->used + src->used, k;
	struct merge_ent *e = xmalloc((n ? n : 1) * sizeof *e);
	struct topk tmp = { 0 };
	uint32_t target, keep;

	k = merge_collect(dst, src, e);
	qsort(e, k, sizeof *e, merge_ent_cmp);
	target = merge_target(dst, k);
	keep = k < target ? (uint32_t)k : target;
	if (topk_resize(&tmp, target) < 0 || merge_alpha(&tmp, dst, src, e, k, keep) < 0) {
		free(tmp.counts);
		free(tmp.slots);
		free(tmp.keys);
		free(tmp.index);
		free(tmp.alpha);
		free(e);
		return -1;
	}
	merge_fill(&tmp, e, keep);
	free(e);
	if (dst->budget)
		*dst->budget -= target - dst->cap;
	tmp.lossy = dst->lossy || src->lossy || k > keep;
	tmp.full = false;
	tmp.cap_max = dst->cap_max;
	tmp.budget = dst->budget;
	free(dst->counts);
	free(dst->slots);
	free(dst->keys);
	free(dst->index);
	free(dst->alpha);
	*dst = tmp;   /* min_lb 0 and no victims: the next full add scans */
	return 0;
}

size_t topk_items(const struct topk *t, struct snapshot_item *out, size_t max)
{
	struct merge_ent *e;
	size_t k;

	if (!t || t->used == 0 || max == 0)
		return 0;
	e = xmalloc(t->used * sizeof *e);
	for (uint32_t s = 0; s < t->used; s++)
		e[s] = ent_of(t, s, slot_count(t, s), t->slots[s].error);
	qsort(e, t->used, sizeof *e, merge_ent_cmp);
	k = t->used < max ? t->used : max;
	for (size_t i = 0; i < k; i++) {
		memcpy(out[i].key, e[i].key, e[i].len);
		out[i].key[e[i].len] = '\0';
		out[i].key_len = e[i].len;
		out[i].key_truncated = e[i].truncated;
		out[i].count = e[i].count;
		out[i].error = e[i].error;
	}
	free(e);
	return k;
}
