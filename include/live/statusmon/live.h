/* live.h: the running pipeline as the TUI (and anything else that watches
 * a live run, e.g. a metrics endpoint) sees it. Reader threads own the
 * statistics and keep parsing; callers get copies taken under a lock
 * (live_get_info, live_snapshot, live_get_sources), wait on notify_fd, and
 * send back the few commands a person can give (reset, "/" view filter).
 * Implemented by src/run/live.c. */
#ifndef STATUSMON_LIVE_H
#define STATUSMON_LIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "statusmon/error.h"
#include "statusmon/snapshot.h"

struct live;

#define LIVE_TEXT_MAX 512

struct live_info {
	const char *sources;       /* "access.log", "(stdin)", "a.log +2"     */
	const char *format_name;   /* "combined" (or "detecting")            */
	const char *note;          /* e.g. "default log, no FILE given"; ""  */
	double elapsed;            /* seconds since start                    */
	uint64_t lines, malformed; /* since start or reset, "/" view aside   */
	uint64_t bytes;            /* of those lines, "\n" included          */
	double lines_per_second;   /* lines counted in the last ~5 s of wall
	                              clock / the seconds that covers (less
	                              right after start or a reset)          */
	bool ended;                /* all input read (not following)         */
	char path_filter[256];     /* current "/" filter, "" if none         */
	double view_since;         /* wall clock (s since the epoch) from which
	                              the "/" view counts; 0 without a view  */
	double counting_since;     /* wall clock of the start or last reset  */
	char last_error[LIVE_TEXT_MAX]; /* last input error (escaped), ""    */
	char fault[LIVE_TEXT_MAX]; /* a follow fault right now, escaped
	                              ("PATH: reason", "+N more"), "" when
	                              every source is healthy                */
};

void live_get_info(struct live *lv, struct live_info *info);

/* A copy of the statistics; window_seconds 0 = all, else sliding window by
 * log time (arrival time for lines without one). With a "/" view set, the
 * view's statistics (counted since live_info.view_since), else the
 * unfiltered ones. Rates (status rate, window_rate) are per second of the
 * time the window actually covers: min(window, time since the first line
 * counted after start, reset or view change). Caller frees. */
struct snapshot *live_snapshot(struct live *lv, const struct snapshot_options *opt);

/* One followed (or read) source, copied under the lock. */
struct live_source_info {
	char name[256];            /* the path as given, "-" for stdin: raw
	                              bytes from the command line, escape for
	                              your output; cut at 255 bytes         */
	char format[64];           /* its settled format, or "detecting"    */
	uint64_t lines;            /* lines read from it since start (never
	                              reset: a monotonic counter)           */
	uint64_t rotations;        /* follow: the name led to another file  */
	uint64_t truncations;      /* follow: the same file restarted       */
	uint64_t reopens;          /* follow: a FIFO reopened               */
	uint64_t open_errors;      /* follow: failed opens (missing excluded) */
	uint64_t read_errors;      /* follow: failed reads                  */
	char fault[LIVE_TEXT_MAX]; /* what following it fails at right now,
	                              raw ("PATH: reason"), "" when healthy */
	bool ended;                /* its reader has stopped                */
};

/* Copies up to max sources (in command-line order) into out; returns how
 * many sources there are (may exceed max). Safe from any thread, at any
 * rate: it holds the live lock only for the copy. */
size_t live_get_sources(struct live *lv, struct live_source_info *out, size_t max);

/* Readable when new lines were counted since the last live_ack(); the TUI
 * poll()s it beside the terminal so idle costs nothing. */
int live_notify_fd(struct live *lv);
void live_ack(struct live *lv);

/* Counting starts over (the view's too). */
void live_reset(struct live *lv);
/* "/" view: "" clears. A view counts, beside the unfiltered statistics
 * (which keep running), only the lines whose path matches, from now on;
 * clearing it returns live_snapshot to the unfiltered ones. -1 + err on a
 * bad regex (the old view stays). */
int live_set_path_filter(struct live *lv, const char *regex, struct error *err);

#endif
