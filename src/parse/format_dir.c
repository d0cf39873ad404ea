/* format_dir.c: the patterns directory (where it is, what it holds) and the
 * table of built-in formats. Kept apart from format.c so name resolution,
 * detection and --list-formats share one view of the file system.
 * Default directory, first that applies: $STATUSMON_PATTERNS_DIR if set;
 * STATUSMON_DATADIR/patterns if it exists; <dir of /proc/self/exe>/../patterns
 * if it exists (a binary run from its build dir finds the source tree's
 * patterns/); else ./patterns. */
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "format_dir.h"

#define DATADIR_PATTERNS STATUSMON_DATADIR "/patterns"

const struct format_builtin format_builtins[] = {
	{ "vhost_combined", FORMAT_FAST, CLF_VHOST_COMBINED,
	  "Apache vhost_combined: %v:%p then combined with %O (fast path)" },
	{ "combined", FORMAT_FAST, CLF_COMBINED,
	  "Combined Log Format, Apache and nginx default; extra trailing fields allowed (fast path)" },
	{ "common", FORMAT_FAST, CLF_COMMON,
	  "Common Log Format: %h %l %u %t \"%r\" %>s %b (fast path)" },
	{ "w3c", FORMAT_W3C, CLF_COMMON,
	  "W3C extended (IIS and similar), driven by #Fields: lines" },
	{ "jsonl", FORMAT_JSONL, CLF_COMMON,
	  "JSON lines (nginx escape=json, Caddy); status found by key" },
};
const size_t format_builtins_count = sizeof format_builtins / sizeof format_builtins[0];

const struct format_builtin *format_builtin_find(const char *name)
{
	size_t i;

	for (i = 0; i < format_builtins_count; i++) {
		if (strcmp(format_builtins[i].name, name) == 0)
			return &format_builtins[i];
	}
	return NULL;
}

bool format_is_regular_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static bool is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* <dir of the executable>/../patterns into buf ("" if unknown). Computed
 * on each call (formats are resolved a few times per run), so nothing is
 * cached in a global. */
static const char *exe_patterns_dir(char *buf, size_t size)
{
	char exe[PATH_MAX], raw[PATH_MAX], real[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	char *slash;

	buf[0] = '\0';
	if (n <= 0)
		return buf;
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (!slash)
		return buf;
	*slash = '\0';
	if ((size_t)snprintf(raw, sizeof raw, "%s/../patterns", exe) >= sizeof raw)
		return buf;
	/* shown in messages: "/src/patterns" reads better than "/src/build/../patterns" */
	snprintf(buf, size, "%s", realpath(raw, real) ? real : raw);
	return buf;
}

const char *format_default_patterns_dir(char *buf, size_t size)
{
	const char *env = getenv("STATUSMON_PATTERNS_DIR");

	if (env && *env)
		return env;
	if (is_dir(DATADIR_PATTERNS))
		return DATADIR_PATTERNS;
	if (exe_patterns_dir(buf, size)[0] && is_dir(buf))
		return buf;
	return "patterns";
}

const char *format_dir_resolve(const char *patterns_dir, char *buf, size_t size,
                               bool *exists, char *tried, size_t tried_size)
{
	const char *env = getenv("STATUSMON_PATTERNS_DIR");
	const char *dir = patterns_dir ? patterns_dir : format_default_patterns_dir(buf, size);

	*exists = is_dir(dir);
	if (*exists || !tried || tried_size == 0)
		return dir;
	if (patterns_dir)
		snprintf(tried, tried_size, "%s", patterns_dir);
	else if (env && *env)
		snprintf(tried, tried_size, "%s (from STATUSMON_PATTERNS_DIR)", env);
	else
		snprintf(tried, tried_size, "%s, %s, ./patterns", DATADIR_PATTERNS,
		         exe_patterns_dir(buf, size)[0] ? buf : "(executable's dir unknown)");
	return dir;
}

int format_dir_path(const char *dir, const char *name, char *buf, size_t size)
{
	int n = snprintf(buf, size, "%s/%s.pattern", dir, name);

	return n < 0 || (size_t)n >= size ? -1 : 0;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(a, b);
}

int format_dir_scan(const char *dir, char (*names)[FORMAT_NAME_MAX], int max)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int count = 0;
	size_t len;

	if (!d)
		return -1;
	while (count < max && (e = readdir(d)) != NULL) {
		len = strlen(e->d_name);
		if (e->d_name[0] == '.' || len <= 8 || len - 8 >= FORMAT_NAME_MAX ||
		    strcmp(e->d_name + len - 8, ".pattern") != 0)
			continue;
		memcpy(names[count], e->d_name, len - 8);
		names[count][len - 8] = '\0';
		count++;
	}
	closedir(d);
	qsort(names, (size_t)count, sizeof names[0], name_cmp);
	return count;
}
