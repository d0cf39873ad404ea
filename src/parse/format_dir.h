/* format_dir.h: internal to format.c and detect.c. Where pattern files are
 * looked for, which ones a directory holds, and what they say about
 * themselves, plus the built-in format names. */
#ifndef STATUSMON_FORMAT_DIR_H
#define STATUSMON_FORMAT_DIR_H

#include <stdbool.h>
#include <stddef.h>
#include "format_impl.h"

#define FORMAT_DIR_MAX_FILES 128   /* pattern files considered per dir */
#define FORMAT_NAME_MAX 64         /* == sizeof ((struct format *)0)->name */

struct format_builtin {
	const char *name;
	enum format_type type;
	enum clf_variant variant;
	const char *description;
};

/* The built-ins, most specific first (detection order). */
extern const struct format_builtin format_builtins[];
extern const size_t format_builtins_count;
const struct format_builtin *format_builtin_find(const char *name);

/* The directory to search: patterns_dir if given, else the default (buf,
 * of size bytes, may receive it). Sets *exists. When it does not exist,
 * tried (if not NULL) receives the list of directories that were tried,
 * for an error message. */
const char *format_dir_resolve(const char *patterns_dir, char *buf, size_t size,
                               bool *exists, char *tried, size_t tried_size);

/* Names (file name without ".pattern") of the pattern files in dir, sorted,
 * at most max. Returns the count, or -1 if dir cannot be read. */
int format_dir_scan(const char *dir, char (*names)[FORMAT_NAME_MAX], int max);

/* "dir/name.pattern" into buf; -1 if it does not fit. */
int format_dir_path(const char *dir, const char *name, char *buf, size_t size);

bool format_is_regular_file(const char *path);

#endif
