/* labels.h: --metrics-label's bounded per-value counters (see snapshot.h,
 * struct snapshot_label_value): at most label_max values of the chosen
 * fields (vhost, method) with a counter per status entry each, one "other"
 * row for the rest, and a Space-Saving summary of the values left out, so
 * a value that becomes clearly busier than the quietest kept one takes its
 * place. Fixed memory whatever the log holds: label_max rows of
 * STATS_ENTRIES counters, and a summary of at most 4 x label_max keys. */
#ifndef STATUSMON_STATS_LABELS_H
#define STATUSMON_STATS_LABELS_H

#include <stddef.h>
#include <stdint.h>
#include "statusmon/record.h"
#include "statusmon/snapshot.h"
#include "hash.h"

struct labels;

/* fields: STATS_LABEL_* bits (non-zero); max: values kept apart, clamped
 * to 1..SNAPSHOT_LABEL_VALUES_MAX. */
struct labels *labels_new(unsigned fields, unsigned max);
void labels_free(struct labels *l);
void labels_reset(struct labels *l);

/* A counted line of status entry e (stats_impl.h numbering). */
void labels_add(struct labels *l, const struct hash_key *hk, const struct record *rec, size_t e);

/* dst += src (both from one config: one hash key); map[e] is src's entry
 * e in dst's numbering (stats_merge's map). */
void labels_merge(struct labels *dst, const struct labels *src, const size_t *map);

/* Fills snap's label_fields, n_label_values, label_values. */
void labels_snapshot(const struct labels *l, struct snapshot *snap);

#endif
