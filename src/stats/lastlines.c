/* lastlines.c: per-status rings of recent raw lines (see lastlines.h).
 * Apart from the counters because only the live view wants them and they
 * are the one place that copies whole lines. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "lastlines.h"
#include "statusmon/xalloc.h"

struct ring {
	size_t head;                  /* next write position */
	size_t count;
	struct snapshot_line *lines;  /* per_status of them  */
};

struct lastlines {
	unsigned per_status;
	size_t n_entries;
	uint8_t *ring_of;             /* entry -> ring + 1, 0 = none */
	size_t n_rings;
	struct ring rings[LASTLINES_STATUSES];
};

struct lastlines *lastlines_new(unsigned per_status, size_t n_entries)
{
	struct lastlines *ll = xcalloc(1, sizeof *ll);

	if (per_status < 1)
		per_status = 1;
	if (per_status > LASTLINES_MAX)
		per_status = LASTLINES_MAX;
	ll->per_status = per_status;
	ll->n_entries = n_entries;
	ll->ring_of = xcalloc(n_entries ? n_entries : 1, 1);
	return ll;
}

void lastlines_reset(struct lastlines *ll)
{
	for (size_t i = 0; i < ll->n_rings; i++)
		free(ll->rings[i].lines);
	memset(ll->rings, 0, sizeof ll->rings);
	memset(ll->ring_of, 0, ll->n_entries);
	ll->n_rings = 0;
}

void lastlines_free(struct lastlines *ll)
{
	if (!ll)
		return;
	lastlines_reset(ll);
	free(ll->ring_of);
	free(ll);
}

/* entry's ring, created on first use; NULL when none can be. */
static struct ring *ring_for(struct lastlines *ll, size_t entry)
{
	struct ring *r;

	if (entry >= ll->n_entries)
		return NULL;
	if (ll->ring_of[entry])
		return &ll->rings[ll->ring_of[entry] - 1];
	if (ll->n_rings >= LASTLINES_STATUSES)
		return NULL;
	r = &ll->rings[ll->n_rings];
	r->lines = xcalloc(ll->per_status, sizeof *r->lines);
	ll->ring_of[entry] = (uint8_t)(++ll->n_rings);
	return r;
}

static void ring_push(struct ring *r, unsigned cap, const char *line, size_t n,
                      bool truncated)
{
	struct snapshot_line *sl = &r->lines[r->head];
	size_t keep = n < sizeof sl->text - 1 ? n : sizeof sl->text - 1;

	memcpy(sl->text, line, keep);
	sl->text[keep] = '\0';
	sl->len = keep;
	sl->truncated = truncated || keep < n;
	r->head = (r->head + 1) % cap;
	if (r->count < cap)
		r->count++;
}

void lastlines_add(struct lastlines *ll, size_t entry, const char *line, size_t n)
{
	struct ring *r = ring_for(ll, entry);

	if (r && line)
		ring_push(r, ll->per_status, line, n, false);
}

static const struct ring *ring_get(const struct lastlines *ll, size_t entry)
{
	if (entry >= ll->n_entries || !ll->ring_of[entry])
		return NULL;
	return &ll->rings[ll->ring_of[entry] - 1];
}

size_t lastlines_count(const struct lastlines *ll, size_t entry)
{
	const struct ring *r = ring_get(ll, entry);

	return r ? r->count : 0;
}

/* The i-th newest line of r (i < r->count). */
static const struct snapshot_line *ring_at(const struct ring *r, unsigned cap, size_t i)
{
	return &r->lines[(r->head + cap - 1 - i) % cap];
}

size_t lastlines_get(const struct lastlines *ll, size_t entry,
                     struct snapshot_line *out, size_t max)
{
	const struct ring *r = ring_get(ll, entry);
	size_t n = r ? (r->count < max ? r->count : max) : 0;

	for (size_t i = 0; i < n; i++)
		out[i] = *ring_at(r, ll->per_status, i);
	return n;
}

void lastlines_merge(struct lastlines *dst, const struct lastlines *src,
                     const size_t *map)
{
	for (size_t e = 0; e < src->n_entries; e++) {
		const struct ring *from = ring_get(src, e);
		struct ring *to;

		if (!from || !(to = ring_for(dst, map[e])))
			continue;
		for (size_t i = from->count; i-- > 0;) {
			const struct snapshot_line *sl = ring_at(from, src->per_status, i);

			ring_push(to, dst->per_status, sl->text, sl->len, sl->truncated);
		}
	}
}
