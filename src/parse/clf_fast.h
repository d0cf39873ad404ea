/* clf_fast.h: internal to the CLF fast path and the parser that owns it:
 * the fast parse with the parser's time cache (time_cache.h). */
#ifndef STATUSMON_CLF_FAST_H
#define STATUSMON_CLF_FAST_H

#include "format_impl.h"
#include "time_cache.h"

/* clf_fast_parse with the parser's time cache (c may be NULL). */
enum parse_result clf_fast_parse_cached(enum clf_variant v, struct time_cache *c,
                                        const char *line, size_t n,
                                        struct record *rec);

#endif
