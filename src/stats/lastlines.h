/* lastlines.h: the last raw lines seen per status, for the TUI drill-down.
 * One ring of `per_status` lines (at most LASTLINES_MAX) for each of the
 * first LASTLINES_STATUSES statuses seen (entries, the stats' numbering);
 * later statuses keep no lines. Each line is cut to fit a snapshot_line.
 * Rings are allocated on a status's first line, never per line. */
#ifndef STATUSMON_STATS_LASTLINES_H
#define STATUSMON_STATS_LASTLINES_H

#include <stddef.h>
#include "statusmon/stats.h"

#define LASTLINES_MAX 64
#define LASTLINES_STATUSES 64

struct lastlines;

/* per_status is clamped to [1, LASTLINES_MAX]. NULL on out-of-memory. */
struct lastlines *lastlines_new(unsigned per_status, size_t n_entries);
void lastlines_free(struct lastlines *ll);
void lastlines_reset(struct lastlines *ll);

void lastlines_add(struct lastlines *ll, size_t entry, const char *line, size_t n);

/* Appends src's lines (oldest first) to dst's rings; map[e] is the dst
 * entry of src entry e. */
void lastlines_merge(struct lastlines *dst, const struct lastlines *src,
                     const size_t *map);

/* How many lines entry has (at most lastlines_per_status). */
size_t lastlines_count(const struct lastlines *ll, size_t entry);

/* Copies entry's lines, newest first, at most max; returns how many. */
size_t lastlines_get(const struct lastlines *ll, size_t entry,
                     struct snapshot_line *out, size_t max);

#endif
