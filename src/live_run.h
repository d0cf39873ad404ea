/* live_run.h: starting and stopping the live pipeline (main's side of
 * live.h): one reader thread per source, counting into shared stats. */
#ifndef STATUSMON_LIVE_RUN_H
#define STATUSMON_LIVE_RUN_H

#include "pipeline.h"
#include "statusmon/live.h"

/* filter may be changed by live_set_path_filter (the TUI's "/"); it stays
 * owned by the caller and must outlive the live pipeline. */
struct live *live_start(const struct pipeline_config *cfg, struct filter *filter,
                        char *const *files, int n_files, bool follow, struct error *err);
/* Stops the readers (even one blocked on a quiet pipe), frees everything.
 * Returns true if some input failed. */
bool live_stop(struct live *lv);

#endif
