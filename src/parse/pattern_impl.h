/* pattern_impl.h: between pattern.c (compiling and matching) and
 * pattern_file.c (reading pattern files), which needs the regex error's
 * position to name the file line it came from. */
#ifndef STATUSMON_PATTERN_IMPL_H
#define STATUSMON_PATTERN_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include "format_impl.h"

#define PATTERN_DESCRIPTION_MAX 160

/* Where a compile error points: offset into the regex (SIZE_MAX when it
 * points nowhere), and whether it is PCRE2's (a syntax error) or ours (an
 * unknown or repeated group name, or no status group). */
struct pattern_errpos {
	size_t offset;
	bool pcre;
};

/* pattern_compile for regex[0..len) with a time_extra.h layout code. The
 * message in err has no prefix; the caller adds file:line or name. */
struct pattern *pattern_compile_n(const char *name, const char *regex, size_t len,
                                  int layout, struct pattern_errpos *pos,
                                  struct error *err);
void pattern_set_description(struct pattern *pat, const char *desc);

#endif
