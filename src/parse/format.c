/* format.c: what --format SPEC means, and the per-thread parser that
 * applies a format. Resolution of SPEC, first that applies:
 *   1. a built-in name: common, combined, vhost_combined (the fast path, or
 *      with fast_path false their PCRE2 pattern file), w3c, jsonl;
 *   2. a NAME with NAME.pattern in the patterns directory;
 *   3. a path to an existing file: a pattern file, named by its basename;
 *   4. a string holding '%': an Apache LogFormat, named "logformat";
 *   5. a string holding '$': an nginx log_format, named "nginx log_format".
 * Anything else is an error that lists the available names.
 * Kept apart from the parsers themselves: this file only chooses and
 * dispatches; detection lives in detect.c, directories in format_dir.c. */
#include <stdlib.h>
#include <string.h>
#include "clf_fast.h"
#include "clf_split.h"
#include "format_dir.h"
#include "statusmon/xalloc.h"
#include "format_impl.h"

struct parser {
	const struct format *fmt;
	struct pattern_matcher *matcher;   /* FORMAT_PCRE2 */
	struct pattern_matcher *tail;      /* FORMAT_PCRE2 with a CLF split */
	struct w3c_state *w3c;             /* FORMAT_W3C   */
	struct jsonl_state *jsonl;         /* FORMAT_JSONL */
	struct time_cache tcache;          /* FORMAT_FAST, CLF split */
};

static struct format *format_new(const char *name, enum format_type type,
                                 struct error *err)
{
	struct format *fmt = calloc(1, sizeof *fmt);

	if (!fmt) {
		error_set(err, "out of memory");
		return NULL;
	}
	snprintf(fmt->name, sizeof fmt->name, "%s", name);
	fmt->type = type;
	return fmt;
}

static struct format *format_from_pattern(const char *name, struct pattern *pat,
                                          struct error *err)
{
	struct format *fmt;

	if (!pat)
		return NULL;
	fmt = format_new(name, FORMAT_PCRE2, err);
	if (!fmt) {
		pattern_free(pat);
		return NULL;
	}
	fmt->pattern = pat;
	return fmt;
}

/* "dir/NAME.pattern", or NULL + err (no dir, no such file). */
static struct format *load_named(const char *name, const char *patterns_dir,
                                 bool *not_found, struct error *err)
{
	char tried[ERROR_MSG_MAX / 2], path[4096];
	bool exists;
	char dirbuf[4096];
	const char *dir = format_dir_resolve(patterns_dir, dirbuf, sizeof dirbuf, &exists,
	                                     tried, sizeof tried);

	*not_found = true;
	if (!exists) {
		error_set(err, "format '%s': no patterns directory found (tried %s)",
		          name, tried);
		return NULL;
	}
	if (format_dir_path(dir, name, path, sizeof path) < 0 ||
	    !format_is_regular_file(path)) {
		error_set(err, "format '%s': %s/%s.pattern not found", name, dir, name);
		return NULL;
	}
	*not_found = false;
	return format_from_pattern(name, pattern_load_file(path, err), err);
}

static struct format *load_builtin(const struct format_builtin *b,
                                   const char *patterns_dir, bool fast_path,
                                   struct error *err)
{
	struct format *fmt;
	bool not_found;

	if (b->type == FORMAT_FAST && !fast_path)
		return load_named(b->name, patterns_dir, &not_found, err);
	fmt = format_new(b->name, b->type, err);
	if (fmt)
		fmt->variant = b->variant;
	return fmt;
}

static bool looks_like_name(const char *s)
{
	return s[strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	                   "0123456789_-.")] == '\0' && s[0] != '.';
}

/* A LogFormat / log_format string: its PCRE2 pattern, and with fast_path
 * the CLF split when it begins with a CLF-family format (clf_split.c). */
static struct format *load_converted(const char *spec, bool apache, bool fast_path,
                                     struct error *err)
{
	const char *name = apache ? "logformat" : "nginx log_format";
	enum time_layout layout = TIME_NONE;
	struct rx_split found = { NULL, NULL, NULL };
	struct rx_split *want = fast_path ? &found : NULL;
	struct format *fmt;
	char *regex = NULL;
	int rc;

	rc = apache ? logformat_to_regex_split(spec, &regex, &layout, want, err)
	            : nginx_format_to_regex_split(spec, &regex, &layout, want, err);
	if (rc < 0) {
		free(regex);
		return NULL;
	}
	fmt = format_from_pattern(name, pattern_compile(name, regex, layout, err), err);
	free(regex);
	if (fmt && found.prefix)
		fmt->split = clf_split_new(&found, err);   /* NULL: the whole regex only */
	free(found.tail);
	free(found.field);
	return fmt;
}

/* "unknown format 'x'; available: common, ..., (pattern files)" */
static void error_unknown(const char *spec, const char *patterns_dir, struct error *err)
{
	char names[FORMAT_DIR_MAX_FILES][FORMAT_NAME_MAX], list[ERROR_MSG_MAX / 2];
	char tried[ERROR_MSG_MAX / 4];
	size_t i, len = 0;
	bool exists;
	char dirbuf[4096];
	const char *dir = format_dir_resolve(patterns_dir, dirbuf, sizeof dirbuf, &exists,
	                                     tried, sizeof tried);
	int k, n = exists ? format_dir_scan(dir, names, FORMAT_DIR_MAX_FILES) : -1;

	list[0] = '\0';
	for (i = 0; i < format_builtins_count && len < sizeof list; i++)
		len += (size_t)snprintf(list + len, sizeof list - len, "%s%s",
		                        i ? ", " : "", format_builtins[i].name);
	for (k = 0; k < n && len < sizeof list; k++) {
		if (!format_builtin_find(names[k]))
			len += (size_t)snprintf(list + len, sizeof list - len, ", %s", names[k]);
	}
	if (exists)
		error_set(err, "unknown format '%s'; available: %s (patterns in %s), a pattern "
		          "file, an Apache LogFormat or an nginx log_format string",
		          spec, list, dir);
	else
		error_set(err, "unknown format '%s'; available: %s (no patterns directory "
		          "found; tried %s)", spec, list, tried);
}

static const char *basename_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash && slash[1] ? slash + 1 : path;
}

struct format *format_load(const char *spec, const char *patterns_dir,
                           bool fast_path, struct error *err)
{
	const struct format_builtin *b;
	struct format *fmt;
	bool not_found = true;

	if (!spec || !*spec) {
		error_set(err, "empty format");
		return NULL;
	}
	b = format_builtin_find(spec);
	if (b)
		return load_builtin(b, patterns_dir, fast_path, err);
	if (looks_like_name(spec)) {
		fmt = load_named(spec, patterns_dir, &not_found, err);
		if (fmt || !not_found)
			return fmt;
	}
	if (format_is_regular_file(spec))
		return format_from_pattern(basename_of(spec), pattern_load_file(spec, err), err);
	if (strchr(spec, '%'))
		return load_converted(spec, true, fast_path, err);
	if (strchr(spec, '$'))
		return load_converted(spec, false, fast_path, err);
	error_unknown(spec, patterns_dir, err);
	return NULL;
}

const char *format_name(const struct format *fmt)
{
	return fmt->name;
}

bool format_is_fast_path(const struct format *fmt)
{
	return fmt->type == FORMAT_FAST;
}

bool format_is_splittable(const struct format *fmt)
{
	return fmt->type != FORMAT_W3C;
}

bool format_has_carry(const struct format *fmt)
{
	return fmt->type == FORMAT_W3C;
}

/* A parse_carry is a W3C carry (the one format that has them). */
struct parse_carry *parse_carry_new(void)
{
	return (struct parse_carry *)w3c_carry_new();
}

void parse_carry_free(struct parse_carry *c)
{
	w3c_carry_free((struct w3c_carry *)c);
}

void parse_carry_line(struct parse_carry *c, const char *line, size_t n)
{
	w3c_carry_line((struct w3c_carry *)c, line, n);
}

void parse_carry_chain(struct parse_carry *c, const struct parse_carry *prev)
{
	w3c_carry_chain((struct w3c_carry *)c, (const struct w3c_carry *)prev);
}

void format_free(struct format *fmt)
{
	if (!fmt)
		return;
	if (fmt->pattern)
		pattern_free(fmt->pattern);
	clf_split_free(fmt->split);
	free(fmt);
}

/* One pattern file's entry: its description, or why it does not load. */
static void catalog_pattern_file(struct format_entry *e, const char *dir, const char *name)
{
	char path[4096];
	struct error err = { "" };
	struct pattern *pat = NULL;
	size_t n = strnlen(name, sizeof e->name - 1);

	memcpy(e->name, name, n);
	e->name[n] = '\0';
	e->shadows_builtin = format_builtin_find(name) != NULL;
	if (format_dir_path(dir, name, path, sizeof path) == 0)
		pat = pattern_load_file(path, &err);
	else
		error_set(&err, "path too long");
	e->loads = pat != NULL;
	if (pat) {
		snprintf(e->description, sizeof e->description, "%s", pattern_description(pat));
		pattern_free(pat);
	} else {   /* cut to fit, as the name above (a -O0 build warned at snprintf) */
		n = strnlen(err.msg, sizeof e->problem - 1);
		memcpy(e->problem, err.msg, n);
		e->problem[n] = '\0';
	}
}

void format_catalog_load(struct format_catalog *cat, const char *patterns_dir)
{
	char names[FORMAT_DIR_MAX_FILES][FORMAT_NAME_MAX];
	const char *dir;
	int k, n;
	size_t i;

	memset(cat, 0, sizeof *cat);
	dir = format_dir_resolve(patterns_dir, cat->dir, sizeof cat->dir, &cat->dir_found,
	                         cat->tried, sizeof cat->tried);
	if (dir != cat->dir)
		snprintf(cat->dir, sizeof cat->dir, "%s", dir);
	n = cat->dir_found ? format_dir_scan(cat->dir, names, FORMAT_DIR_MAX_FILES) : -1;
	cat->entries = xcalloc(format_builtins_count + (n > 0 ? (size_t)n : 0),
	                       sizeof *cat->entries);
	for (i = 0; i < format_builtins_count; i++, cat->n++) {
		struct format_entry *e = &cat->entries[cat->n];

		snprintf(e->name, sizeof e->name, "%s", format_builtins[i].name);
		snprintf(e->description, sizeof e->description, "%s", format_builtins[i].description);
		e->builtin = e->loads = true;
	}
	for (k = 0; k < n; k++, cat->n++)
		catalog_pattern_file(&cat->entries[cat->n], cat->dir, names[k]);
	cat->dir_found = n >= 0;
}

void format_catalog_free(struct format_catalog *cat)
{
	free(cat->entries);
	memset(cat, 0, sizeof *cat);
}

struct parser *parser_new(const struct format *fmt, struct error *err)
{
	struct parser *p = calloc(1, sizeof *p);

	if (!p) {
		error_set(err, "out of memory");
		return NULL;
	}
	p->fmt = fmt;
	if (fmt->type == FORMAT_PCRE2) {
		p->matcher = pattern_matcher_new(fmt->pattern);
		if (fmt->split)
			p->tail = clf_split_matcher_new(fmt->split);
	} else if (fmt->type == FORMAT_W3C)
		p->w3c = w3c_state_new();
	else if (fmt->type == FORMAT_JSONL)
		p->jsonl = jsonl_state_new();
	if ((fmt->type == FORMAT_PCRE2 && (!p->matcher || (fmt->split && !p->tail))) ||
	    (fmt->type == FORMAT_W3C && !p->w3c) ||
	    (fmt->type == FORMAT_JSONL && !p->jsonl)) {
		error_set(err, "format %s: out of memory for a parser", fmt->name);
		parser_free(p);
		return NULL;
	}
	return p;
}

enum parse_result parser_parse(struct parser *p, const char *line, size_t n,
                               struct record *rec)
{
	if (!line) {
		line = "";
		n = 0;
	}
	switch (p->fmt->type) {
	case FORMAT_FAST:
		return clf_fast_parse_cached(p->fmt->variant, &p->tcache, line, n, rec);
	case FORMAT_PCRE2:
		if (p->tail)
			return clf_split_parse(p->fmt->split, &p->tcache, p->matcher, p->tail,
			                       line, n, rec);
		return pattern_match(p->matcher, line, n, rec);
	case FORMAT_W3C:
		return w3c_parse(p->w3c, line, n, rec);
	case FORMAT_JSONL:
		return jsonl_parse(p->jsonl, line, n, rec);
	}
	return PARSE_MALFORMED;
}

void parser_resume(struct parser *p, const struct parse_carry *c)
{
	if (p->w3c)
		w3c_state_resume(p->w3c, (const struct w3c_carry *)c);
}

void parser_free(struct parser *p)
{
	if (!p)
		return;
	if (p->matcher)
		pattern_matcher_free(p->matcher);
	if (p->tail)
		pattern_matcher_free(p->tail);
	if (p->w3c)
		w3c_state_free(p->w3c);
	if (p->jsonl)
		jsonl_state_free(p->jsonl);
	free(p);
}
