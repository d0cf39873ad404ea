/* merge_topk.c: top paths and clients of one status across reports, by
 * the Space-Saving merge rule (as src/stats/topk_merge.c joins threads):
 * a key's merged count is the sum over the reports of its listed count, or
 * of that report's bound where the report does not list it; its error the
 * sum of the listed errors and those bounds. A report's bound is 0 when
 * its list is shorter than its top_n (nothing was left out), else the
 * smallest count it lists (no unlisted key can have counted more). Counts
 * stay upper bounds and count - error lower bounds of the true counts. */
#include <stdlib.h>
#include <string.h>
#include "merge_impl.h"
#include "statusmon/xalloc.h"

void topk_acc_add(struct topk_acc *a, const char *key, size_t n, bool truncated,
                  uint64_t count, uint64_t error, uint64_t bound)
{
	if (a->n == a->cap) {
		a->cap = a->cap ? a->cap * 2 : 16;
		a->e = xrealloc(a->e, a->cap * sizeof *a->e);
	}
	a->e[a->n++] = (struct topk_entry){ key, n, truncated, count, error, bound };
}

static int key_cmp(const struct topk_entry *a, const struct topk_entry *b)
{
	int c = memcmp(a->key, b->key, a->n < b->n ? a->n : b->n);

	if (c)
		return c;
	if (a->n != b->n)
		return a->n < b->n ? -1 : 1;
	return (int)a->truncated - (int)b->truncated;
}

static int entry_cmp(const void *pa, const void *pb)
{
	return key_cmp(pa, pb);
}

static int item_cmp(const void *pa, const void *pb)
{
	const struct snapshot_item *a = pa, *b = pb;
	int c;

	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	c = memcmp(a->key, b->key, a->key_len < b->key_len ? a->key_len : b->key_len);
	if (c)
		return c;
	return a->key_len < b->key_len ? -1 : a->key_len > b->key_len;
}

/* One merged key from the run e[0..k) of equal keys. */
static void item_of(struct snapshot_item *it, const struct topk_entry *e, size_t k,
                    uint64_t bound_sum)
{
	uint64_t count = 0, error = 0, bounds = 0;
	size_t len = e->n < SNAPSHOT_KEY_MAX ? e->n : SNAPSHOT_KEY_MAX;

	for (size_t i = 0; i < k; i++) {
		count += e[i].count;
		error += e[i].error;
		bounds += e[i].bound;
	}
	memset(it, 0, sizeof *it);
	memcpy(it->key, e->key, len);
	it->key_len = len;
	it->key_truncated = e->truncated || len < e->n;
	it->count = count + (bound_sum - bounds);
	it->error = error + (bound_sum - bounds);
}

struct snapshot_item *topk_acc_finish(struct topk_acc *a, unsigned top_n, size_t *n_out)
{
	struct snapshot_item *items;
	size_t n = 0, i, j;

	*n_out = 0;
	if (!a->n)
		return NULL;
	qsort(a->e, a->n, sizeof *a->e, entry_cmp);
	items = xcalloc(a->n, sizeof *items);
	for (i = 0; i < a->n; i = j) {
		for (j = i + 1; j < a->n && !key_cmp(&a->e[i], &a->e[j]); j++)
			;
		item_of(&items[n++], &a->e[i], j - i, a->bound_sum);
	}
	qsort(items, n, sizeof *items, item_cmp);
	*n_out = n < top_n ? n : top_n;
	return items;
}
