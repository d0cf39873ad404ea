/* stats_latency.c: the duration histograms of each status entry: opened
 * the first time a line's format logs that duration (once per entry, never
 * per line), fed from the record, merged by adding buckets. Apart from
 * stats.c so the per-line path there stays one branch for logs without a
 * duration. At most STATS_ENTRIES x DUR_COUNT histograms of ~2.8 KiB each. */
#include <stdlib.h>
#include "statusmon/xalloc.h"
#include "stats_impl.h"

void stats_latency_add(struct stats_entry *e, const struct record *rec)
{
	for (int d = 0; d < DUR_COUNT; d++) {
		struct latency *h;

		if (!(rec->logs_duration & (1u << d)))
			continue;
		h = e->lat[d];
		if (!h)
			h = e->lat[d] = xcalloc(1, sizeof *h);
		if (rec->has_duration & (1u << d))
			latency_add(h, rec->duration_us[d]);
		else
			latency_add_absent(h);
	}
}

void stats_latency_merge(struct stats_entry *dst, const struct stats_entry *src)
{
	for (int d = 0; d < DUR_COUNT; d++) {
		if (!src->lat[d])
			continue;
		if (!dst->lat[d])
			dst->lat[d] = xcalloc(1, sizeof *dst->lat[d]);
		latency_merge(dst->lat[d], src->lat[d]);
	}
}

void stats_latency_free(struct stats_entry *e)
{
	for (int d = 0; d < DUR_COUNT; d++) {
		free(e->lat[d]);
		e->lat[d] = NULL;
	}
}
