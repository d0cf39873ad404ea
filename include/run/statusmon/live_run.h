/* live_run.h: starting and stopping the live pipeline (main's side of
 * live.h): one reader thread per source, each settling its own format and
 * counting into shared stats that the TUI snapshots. */
#ifndef STATUSMON_LIVE_RUN_H
#define STATUSMON_LIVE_RUN_H

#include <stdbool.h>
#include "statusmon/live.h"
#include "statusmon/run_config.h"

/* Starts reading files (none: stdin), following them like tail -F when
 * follow. cfg->filter stays the caller's and must outlive the live
 * pipeline; the TUI's "/" filter is a copy of it. NULL + err on a bad
 * --format or too many files. A reader thread that cannot be started is
 * not fatal: its source shows as failed. */
struct live *live_start(const struct run_config *cfg, char *const *files, int n_files,
                        bool follow, struct error *err);
/* Stops the readers (even one on a quiet pipe), frees everything. Returns
 * true if some input failed. */
bool live_stop(struct live *lv);

#endif
