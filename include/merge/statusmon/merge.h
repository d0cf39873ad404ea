/* merge.h: --merge, statusmon JSON reports (schema 2, statusmon.1) read
 * back and combined into one struct snapshot that any report writer takes.
 * Exact where the data is exact (totals, statuses, classes, kinds,
 * timeline); top paths and clients by the Space-Saving merge rule with
 * each entry's error bound. A report is validated whole before any of it
 * counts: a bad one is left out with a reason and adds nothing. */
#ifndef STATUSMON_MERGE_H
#define STATUSMON_MERGE_H

#include <stddef.h>
#include "statusmon/error.h"
#include "statusmon/registry.h"
#include "statusmon/report.h"
#include "statusmon/snapshot.h"

#define MERGE_REPORTS_MAX 8192            /* counts stay below 2^63 */
#define MERGE_FILE_MAX (256u << 20)       /* bytes of one report   */

enum merge_status {
	MERGE_OK = 0,
	MERGE_LEFT_OUT = -1,   /* unreadable, not a statusmon report, inconsistent, a duplicate */
	MERGE_REFUSED = -2,    /* a newer schema version than this statusmon reads */
};

struct merge;

/* The codes are classified by reg (the registry in use). */
struct merge *merge_new(const struct registry *reg);
void merge_free(struct merge *m);

/* Reads the report at path (at most MERGE_FILE_MAX bytes) and adds it.
 * MERGE_OK, or another status with err = "reason" (without the name). */
enum merge_status merge_add_file(struct merge *m, const char *path, struct error *err);
/* The same for a report already in memory, name for the messages. */
enum merge_status merge_add(struct merge *m, const char *name, const char *buf, size_t n,
                            struct error *err);
/* Records that name was left out (reason shown in the merged report). */
void merge_left_out(struct merge *m, const char *name, const char *reason);

/* The merged result: pointers into m, valid until merge_free. */
struct merge_result {
	struct snapshot *snap;            /* owned by the caller: snapshot_free */
	size_t n_reports;
	const struct report_input *inputs;
	size_t n_inputs;
	const struct report_host *hosts;
	size_t n_hosts;
	const char *const *notes;
	size_t n_notes;
	const char *const *left_out;
	size_t n_left_out;
	const char *format_name;          /* the one format, or "mixed" */
	unsigned top_n;                   /* entries listed per top list */
};

/* Builds the snapshot: top lists cut to top_n (at most the smallest top_n
 * of the reports, so that a merged report merges again correctly). */
void merge_finish(struct merge *m, unsigned top_n, struct merge_result *res);

#endif
