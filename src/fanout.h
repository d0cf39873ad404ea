/* fanout.h: a reader thread feeding parser threads, for streams that cannot
 * be split by byte offset (stdin, gzip). */
#ifndef STATUSMON_FANOUT_H
#define STATUSMON_FANOUT_H

#include "pipeline.h"

/* Counts the sampled lines s, then the rest of in, with cfg->threads
 * workers; merges into res->stats. Returns 0 at end of input or -1 on a
 * read error (err set; what was read is counted). */
int fanout_run(const struct pipeline_config *cfg, const struct format *fmt,
               struct input *in, size_t idx, const struct sample *s,
               struct pipeline_result *res, struct error *err);

#endif
