/* run_config.h: what every driver (batch pipeline, live) is told by the
 * process: the registry, the command line's filter and format, threads,
 * the counters' configuration, and where input errors go. Apart so the
 * worker, format settling and both drivers share it without one driver's
 * header including another's. */
#ifndef STATUSMON_RUN_CONFIG_H
#define STATUSMON_RUN_CONFIG_H

#include <stdbool.h>
#include "statusmon/filter.h"
#include "statusmon/registry.h"
#include "statusmon/stats.h"

/* Settled plain files: read() or mapped, whichever each reading thread
 * measures faster (the default); always mapped (--mmap); never (--no-mmap). */
enum run_read { RUN_READ_MEASURED, RUN_READ_MAPPED, RUN_READ_PLAIN };

struct run_config {
	const struct registry *registry;
	const struct filter *filter;        /* NULL or empty: every line counts */
	const char *format_spec;            /* "auto" or a --format SPEC */
	const char *patterns_dir;
	bool fast_path;
	enum run_read read;                 /* how settled plain files are read
	                                       (src/input/mapped.c) */
	int threads;                        /* >= 1 */
	struct stats_config stats;
	unsigned show_malformed;            /* examples to keep */
	long long carry_block;              /* tests only: a W3C file's chunk
	                                       size (bytes; 0: CARRY_BLOCK) */
	bool follow_from_end;               /* live: a followed file's lines
	                                       already there are not read */
	/* Called for each input error or warning as it happens (batch: from
	 * the main thread; live: not called, errors go to the screen). */
	void (*on_error)(void *ctx, const char *msg);
	void *on_error_ctx;
};

#endif
