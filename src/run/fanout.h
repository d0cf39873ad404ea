/* fanout.h: a reader thread feeding parser threads, for streams that cannot
 * be split by byte offset (stdin, gzip). Private to the batch driver. */
#ifndef STATUSMON_FANOUT_H
#define STATUSMON_FANOUT_H

#include "statusmon/settle.h"
#include "statusmon/worker.h"

struct fanout_result {
	struct stats *stats;           /* merged into */
	struct example_list *examples; /* appended to */
	struct worker_tally tally;     /* added to */
};

/* Counts the lines of s (already read), then the rest of in, with up to
 * cfg->threads parser threads. 0 at end of input, -1 on a read error (err
 * set; what was read is counted), or 1 if no parser thread could be
 * started: nothing was read or counted, the caller counts inline. */
int fanout_run(const struct run_config *cfg, const struct format *fmt, struct input *in,
               size_t idx, const struct settle *s, struct fanout_result *out,
               struct error *err);

#endif
