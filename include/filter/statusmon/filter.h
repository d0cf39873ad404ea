/* filter.h: which parsed lines count. Built once from the command line
 * (--since --until --status --path --method --vhost), then read-only and
 * shared by all threads; each thread brings its own scratch (PCRE2 match
 * data). A line a filter drops is counted as "filtered". The filter_set_*
 * and filter_add_* calls are for building one, before it is shared;
 * filter_new, filter_copy and filter_scratch_new abort when out of memory
 * (xalloc.h), they never return NULL. */
#ifndef STATUSMON_FILTER_H
#define STATUSMON_FILTER_H

#include <stdbool.h>
#include "statusmon/error.h"
#include "statusmon/record.h"
#include "statusmon/registry.h"

struct filter;
struct filter_scratch;

struct filter *filter_new(void);
/* A new filter with f's settings (f NULL: an empty one). A filter in use by
 * threads is never changed: a new one is built from a copy and swapped in. */
struct filter *filter_copy(const struct filter *f);
void filter_free(struct filter *f);

/* --since/--until: ISO 8601 ("2024-05-01", "2024-05-01T10:00",
 * "2024-05-01T10:00:00+02:00"; no zone = UTC) or relative to now ("30m",
 * "2h", "7d", "1w"). Lines without a time never pass a time filter. */
int filter_set_since(struct filter *f, const char *arg, long long now, struct error *err);
/* The instant a --since/--until value names (blanks trimmed): now - a
 * duration, or ISO 8601. 0 and *out, or -1 if it names none. */
int filter_time_arg(const char *arg, long long now, long long *out);
int filter_set_until(struct filter *f, const char *arg, long long now, struct error *err);

/* --status=LIST (repeatable, comma-separated): codes "499", classes "5xx",
 * kinds "vendor", "unassigned", "invalid", "registered". */
int filter_add_status(struct filter *f, const char *list, struct error *err);

/* --path=REGEX (PCRE2 with match and depth limits: a regex that blows them
 * counts as not matching, it never hangs). Replaces any earlier one; ""
 * clears. */
int filter_set_path(struct filter *f, const char *regex, struct error *err);

/* --method=LIST, --vhost=LIST (comma-separated, case-insensitive for
 * methods, exact for vhosts). */
int filter_add_methods(struct filter *f, const char *list, struct error *err);
int filter_add_vhosts(struct filter *f, const char *list, struct error *err);

bool filter_is_empty(const struct filter *f);

struct filter_scratch *filter_scratch_new(const struct filter *f);
void filter_scratch_free(struct filter_scratch *s);

/* true: the line counts; false: it is filtered out. */
bool filter_accept(const struct filter *f, struct filter_scratch *s,
                   const struct record *rec, const struct status_info *info);

/* Parses a duration "90s", "5m", "1h", "7d", "1w" (a bare number is
 * seconds) into seconds; -1 if malformed. Shared by --bucket. */
long long duration_parse(const char *s);

#endif
