/* time_extra.h: time layouts that pattern files may declare beyond enum
 * time_layout (format_impl.h), and the one name -> layout lookup pattern
 * files use. Kept out of the shared enum so time.c's exhaustive switch
 * over enum time_layout stays as its owner wrote it. Layout codes are
 * ints: the enum time_layout values, then TIME_EXTRA_* above them. */
#ifndef STATUSMON_TIME_EXTRA_H
#define STATUSMON_TIME_EXTRA_H

#include <stddef.h>
#include "format_impl.h"

enum {
	/* "06/Feb/2009:12:14:14.655" (HAProxy): CLF without a zone, with an
	 * optional fraction; the clock is taken as UTC. */
	TIME_EXTRA_CLF_NOZONE = 64
};

/* "none", every time_layout_parse name, and "clf_nozone" -> code; -1. */
int time_extra_layout_parse(const char *name);
/* A layout code's name (for messages), or NULL. */
const char *time_extra_layout_name(int layout);
/* time_parse_layout for every code; 0 and *out, or -1. */
int time_extra_parse(int layout, const char *s, size_t n, long long *out);

#endif
