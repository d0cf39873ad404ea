/* flagtime.c: each flagged (vendor, unassigned, invalid) status's own
 * timeline, for the reports' sparklines. Bounded: at most STATS_FLAG_LANES
 * statuses are tracked (the first seen; later ones are not, and their
 * snapshot carries no timeline), all in one lane timeline (timeline.h)
 * allocated at the first flagged line with a time, so a log of registered
 * codes pays a kind check per line and nothing else. The lanes see a
 * subset of the class timeline's times, so their width is never coarser
 * and always divides it: a snapshot places them on the class buckets. */
#include <stdlib.h>
#include <string.h>
#include "stats_impl.h"
#include "statusmon/xalloc.h"

void stats_flag_add(struct stats *st, size_t e, long long t)
{
	unsigned lane = st->flag_lane[e];

	if (!lane) {
		if (st->n_flag >= STATS_FLAG_LANES)
			return;
		if (!st->flag_tl)
			st->flag_tl = timeline_new_lanes(st->cfg.bucket_seconds, STATS_FLAG_LANES);
		st->flag_entry[st->n_flag] = e;
		lane = st->flag_lane[e] = (uint8_t)++st->n_flag;
	}
	timeline_add_lane(st->flag_tl, t, lane - 1);
}

void stats_flag_reset(struct stats *st)
{
	if (st->flag_tl)
		timeline_reset(st->flag_tl);
	memset(st->flag_lane, 0, sizeof st->flag_lane);
	st->n_flag = 0;
}

void stats_flag_free(struct stats *st)
{
	timeline_free(st->flag_tl);
	st->flag_tl = NULL;
}

/* map: src entry -> dst entry (stats_merge's). A src lane whose status
 * finds no free dst lane is dropped (its map entry is out of range). */
void stats_flag_merge(struct stats *dst, const struct stats *src, const size_t *map)
{
	size_t lane_map[STATS_FLAG_LANES];

	if (!src->flag_tl || !src->n_flag)
		return;
	if (!dst->flag_tl)
		dst->flag_tl = timeline_new_lanes(dst->cfg.bucket_seconds, STATS_FLAG_LANES);
	for (unsigned l = 0; l < STATS_FLAG_LANES; l++) {
		size_t de;

		lane_map[l] = STATS_FLAG_LANES;          /* skipped */
		if (l >= src->n_flag)
			continue;
		de = map[src->flag_entry[l]];
		if (!dst->flag_lane[de] && dst->n_flag < STATS_FLAG_LANES) {
			dst->flag_entry[dst->n_flag] = de;
			dst->flag_lane[de] = (uint8_t)++dst->n_flag;
		}
		if (dst->flag_lane[de])
			lane_map[l] = dst->flag_lane[de] - 1u;
	}
	timeline_merge_lanes(dst->flag_tl, src->flag_tl, lane_map);
}

/* The snapshot status of entry e (statuses are sorted: search by text). */
static struct snapshot_status *status_of(const struct stats *st, size_t e,
                                         struct snapshot *snap)
{
	char raw[STATUS_RAW_MAX];
	bool cut;
	size_t len = stats_entry_raw(st, e, raw, &cut);

	for (size_t i = 0; i < snap->n_statuses; i++) {
		struct snapshot_status *ss = &snap->statuses[i];

		if (e < STATS_CODES ? ss->code == (int)e
		                    : ss->code < 0 && ss->raw_len == len && ss->raw_truncated == cut &&
		                      memcmp(ss->raw, raw, len) == 0)
			return ss;
	}
	return NULL;
}

void stats_flag_export(const struct stats *st, struct snapshot *snap)
{
	long long first;

	if (!st->flag_tl || !snap->n_buckets || snap->bucket_seconds <= 0)
		return;
	first = snap->buckets[0].start / snap->bucket_seconds;
	for (unsigned l = 0; l < st->n_flag; l++) {
		struct snapshot_status *ss = status_of(st, st->flag_entry[l], snap);

		if (!ss || ss->timeline)
			continue;
		ss->timeline = xcalloc(snap->n_buckets, sizeof *ss->timeline);
		timeline_export_lane(st->flag_tl, l, snap->bucket_seconds, first,
		                     snap->n_buckets, ss->timeline);
	}
}
