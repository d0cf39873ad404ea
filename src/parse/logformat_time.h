/* logformat_time.h: Apache's %{format}t, the one LogFormat directive with
 * a language of its own (strftime plus sec/msec/usec), compiled apart from
 * the rest of logformat.c. */
#ifndef STATUSMON_LOGFORMAT_TIME_H
#define STATUSMON_LOGFORMAT_TIME_H

#include <stddef.h>
#include "format_impl.h"
#include "regex_build.h"

/* Appends the regex for %{arg}t. The first time directive whose form a
 * time layout parses (CLF, ISO 8601, epoch seconds/ms/us) becomes the
 * "time" group and sets *layout; other forms are matched but not parsed.
 * An unsupported strftime conversion is an error naming it and offset (of
 * the directive's '%'). */
int logformat_time(struct rbuf *b, struct group_set *gs, const char *arg, size_t n,
                   enum time_layout *layout, size_t offset, struct error *err);

#endif
