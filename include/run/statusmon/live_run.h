/* live_run.h: starting and stopping the live pipeline (main's side of
 * live.h): one reader thread per source, each settling its own format and
 * counting into shared stats that the TUI snapshots. */
#ifndef STATUSMON_LIVE_RUN_H
#define STATUSMON_LIVE_RUN_H

#include <stdbool.h>
#include "statusmon/live.h"
#include "statusmon/run_config.h"

struct live_options {
	bool follow;               /* follow files like tail -F              */
	int rotate_wait_ms;        /* followed files: input_set_rotate_wait  */
	const char *note;          /* shown in the header (live_info.note);
	                              copied; NULL = none                    */
};

/* Starts reading files (none: stdin), following them when opt->follow.
 * cfg->filter stays the caller's and must outlive the live pipeline; the
 * TUI's "/" view is a copy of it. NULL + err on a bad --format or too many
 * files. A reader thread that cannot be started is not fatal: its source
 * shows as failed. */
struct live *live_start(const struct run_config *cfg, char *const *files, int n_files,
                        const struct live_options *opt, struct error *err);

/* The unfiltered statistics of the whole run (since start or the last
 * reset; the "/" view aside), e.g. for --fail-on when the screen closes.
 * Caller frees. */
struct snapshot *live_snapshot_totals(struct live *lv);

/* Stops the readers (even one on a quiet pipe), frees everything. Returns
 * true if some input failed. */
bool live_stop(struct live *lv);

#endif
