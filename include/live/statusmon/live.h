/* live.h: the running pipeline as the TUI sees it. A reader thread owns the
 * statistics and keeps parsing; the TUI asks for snapshots (copies taken
 * under a lock), waits on notify_fd, and sends back the few commands a
 * person can give (reset, path filter). Implemented by src/run/live.c. */
#ifndef STATUSMON_LIVE_H
#define STATUSMON_LIVE_H

#include <stdbool.h>
#include <stdint.h>
#include "statusmon/error.h"
#include "statusmon/snapshot.h"

struct live;

struct live_info {
	const char *sources;       /* "access.log", "(stdin)", "a.log +2"     */
	const char *format_name;   /* "combined" (or "detecting")            */
	double elapsed;            /* seconds since start                    */
	uint64_t lines, malformed; /* since start or reset                   */
	uint64_t bytes;            /* of those lines, "\n" included          */
	double lines_per_second;   /* arrival rate over the last seconds     */
	bool ended;                /* all input read (not following)         */
	char path_filter[256];     /* current "/" filter, "" if none         */
	char last_error[512];      /* last input error (escaped), "" if none */
};

void live_get_info(struct live *lv, struct live_info *info);

/* A copy of the statistics; window_seconds 0 = all, else sliding window by
 * log time (arrival time for lines without one). Caller frees. */
struct snapshot *live_snapshot(struct live *lv, const struct snapshot_options *opt);

/* Readable when new lines were counted since the last live_ack(); the TUI
 * poll()s it beside the terminal so idle costs nothing. */
int live_notify_fd(struct live *lv);
void live_ack(struct live *lv);

void live_reset(struct live *lv);
/* "" clears. From now on only lines whose path matches are counted;
 * counters restart. -1 + err on a bad regex. */
int live_set_path_filter(struct live *lv, const char *regex, struct error *err);

#endif
