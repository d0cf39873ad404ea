/* detect.c: --format=auto. Every candidate (the CLF family, every pattern
 * file that is not one of them, W3C, JSON lines) parses the sample lines in
 * order; the winner parses the most complete lines, W3C directives
 * counting as such (a rotated IIS log may begin with nothing else). Ties go
 * to the one that parses more lines cut short, then to the one whose
 * records carry more fields (vhost_combined > combined > common, a pattern
 * with more named groups over one with fewer), then to the earlier one.
 * Lines no candidate parses (garbage, scanner noise) count for nobody, so
 * they cannot sway the choice. The candidates are loaded (and compiled)
 * once per run, not per input: 200 rotated files cost one load, and each
 * input's winner is loaded again as its own. Kept apart from format.c: it
 * only scores formats that format_load builds. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "format_dir.h"
#include "format_impl.h"
#include "statusmon/xalloc.h"

struct score {
	size_t evidence;   /* complete parsed lines + W3C directives   */
	size_t parsed;     /* parsed lines, cut ones included          */
	size_t fields;     /* non-empty fields over the parsed lines   */
};

static size_t record_fields(const struct record *rec)
{
	size_t f, count = rec->has_time;

	for (f = 0; f < FIELD_COUNT; f++)
		count += rec->field[f].n > 0;
	return count;
}

/* A directive the W3C extended format defines ("#Fields:", "#Software:"
 * ...): what an IIS log starts with, and all a freshly rotated one holds.
 * Other '#' lines (comments in any log) are no evidence. */
static bool is_w3c_directive(const char *line, size_t n)
{
	static const char *const names[] = {
		"#Fields:", "#Software:", "#Version:", "#Date:", "#Remark:",
		"#Start-Date:", "#End-Date:",
	};
	size_t i, len;

	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		len = strlen(names[i]);
		if (n >= len && memcmp(line, names[i], len) == 0)
			return true;
	}
	return false;
}

/* A line cut short (rec.truncated) parses, but says less about the
 * format than a complete one: combined takes every common line as a line
 * cut after its size, so only complete lines are evidence; cut ones only
 * break ties. */
static int score_format(const struct format *fmt, const char *const *lines,
                        const size_t *lens, size_t n_lines, struct score *sc)
{
	struct parser *p = parser_new(fmt, NULL);
	struct record rec;
	enum parse_result r;
	size_t i;

	sc->evidence = sc->parsed = sc->fields = 0;
	if (!p)
		return -1;
	for (i = 0; i < n_lines; i++) {
		r = parser_parse(p, lines[i], lens[i], &rec);
		if (r == PARSE_DIRECTIVE && is_w3c_directive(lines[i], lens[i]))
			sc->evidence++;
		if (r != PARSE_OK || rec.field[FIELD_STATUS].n == 0)
			continue;
		sc->evidence += !rec.truncated;
		sc->parsed++;
		sc->fields += record_fields(&rec);
	}
	parser_free(p);
	return 0;
}

/* a beats b: more evidence, then more lines parsed, then more fields */
static bool score_better(const struct score *a, const struct score *b)
{
	if (a->evidence != b->evidence)
		return a->evidence > b->evidence;
	if (a->parsed != b->parsed)
		return a->parsed > b->parsed;
	return a->fields > b->fields;
}

/* One format --format=auto tries, and how to load it again as a winner. */
struct candidate {
	struct format *fmt;
	char name[FORMAT_NAME_MAX];
	bool from_dir;          /* a pattern file of dir, else a built-in */
};

struct format_candidates {
	struct candidate *c;
	size_t n;
	char *patterns_dir;     /* as given; NULL for the default */
	char dir[4096];         /* the resolved pattern directory */
	bool fast_path;
};

static void candidate_add(struct format_candidates *fc, struct format *fmt, const char *name,
                          bool from_dir)
{
	struct candidate *c;

	if (!fmt)
		return;   /* a broken user pattern must not stop detection: skipped */
	c = &fc->c[fc->n++];
	c->fmt = fmt;
	c->from_dir = from_dir;
	snprintf(c->name, sizeof c->name, "%s", name);
}

static void add_pattern_files(struct format_candidates *fc)
{
	char (*names)[FORMAT_NAME_MAX];
	struct error ignored;
	bool exists;
	const char *dir = format_dir_resolve(fc->patterns_dir, fc->dir, sizeof fc->dir, &exists,
	                                     NULL, 0);
	int k, n;

	if (!exists)
		return;
	if (dir != fc->dir)
		snprintf(fc->dir, sizeof fc->dir, "%s", dir);
	names = xcalloc(FORMAT_DIR_MAX_FILES, sizeof *names);
	n = format_dir_scan(fc->dir, names, FORMAT_DIR_MAX_FILES);
	for (k = 0; k < n; k++) {
		if (format_builtin_find(names[k]))
			continue;   /* the CLF family is tried as built-ins */
		candidate_add(fc, format_load(names[k], fc->dir, true, &ignored), names[k], true);
	}
	free(names);
}

struct format_candidates *format_candidates_load(const char *patterns_dir, bool fast_path)
{
	struct format_candidates *fc = xcalloc(1, sizeof *fc);
	struct error ignored;
	size_t i;

	fc->c = xcalloc(format_builtins_count + FORMAT_DIR_MAX_FILES, sizeof *fc->c);
	fc->patterns_dir = patterns_dir ? xstrdup(patterns_dir) : NULL;
	fc->fast_path = fast_path;
	for (i = 0; i < format_builtins_count; i++)
		if (format_builtins[i].type == FORMAT_FAST)
			candidate_add(fc, format_load(format_builtins[i].name, patterns_dir, fast_path,
			                              &ignored), format_builtins[i].name, false);
	add_pattern_files(fc);
	for (i = 0; i < format_builtins_count; i++)
		if (format_builtins[i].type != FORMAT_FAST)
			candidate_add(fc, format_load(format_builtins[i].name, patterns_dir, fast_path,
			                              &ignored), format_builtins[i].name, false);
	return fc;
}

void format_candidates_free(struct format_candidates *fc)
{
	if (!fc)
		return;
	for (size_t i = 0; i < fc->n; i++)
		format_free(fc->c[i].fmt);
	free(fc->c);
	free(fc->patterns_dir);
	free(fc);
}

struct format *format_detect_among(const struct format_candidates *fc,
                                   const char *const *lines, const size_t *lens,
                                   size_t n_lines, struct error *err)
{
	char tried[ERROR_MSG_MAX / 2];
	size_t i, best = SIZE_MAX, tried_len = 0;
	struct score sc, best_sc = { 0 };
	const struct candidate *c;

	if (n_lines == 0) {
		error_set(err, "cannot detect the format: no lines to look at");
		return NULL;
	}
	tried[0] = '\0';
	for (i = 0; i < fc->n; i++) {
		if (tried_len < sizeof tried)
			tried_len += (size_t)snprintf(tried + tried_len, sizeof tried - tried_len,
			                              "%s%s", tried_len ? ", " : "",
			                              format_name(fc->c[i].fmt));
		if (score_format(fc->c[i].fmt, lines, lens, n_lines, &sc) < 0 ||
		    (sc.parsed == 0 && sc.evidence == 0) ||
		    (best != SIZE_MAX && !score_better(&sc, &best_sc)))
			continue;
		best = i;
		best_sc = sc;
	}
	if (best == SIZE_MAX) {
		error_set(err, "cannot detect the format: none of %s parses any of the "
		          "first %zu lines (use --format)", tried, n_lines);
		return NULL;
	}
	/* the winner, as the caller's own: loaded again, as it was loaded */
	c = &fc->c[best];
	return c->from_dir ? format_load(c->name, fc->dir, true, err)
	                   : format_load(c->name, fc->patterns_dir, fc->fast_path, err);
}

struct format *format_detect(const char *const *lines, const size_t *lens,
                             size_t n_lines, const char *patterns_dir,
                             bool fast_path, struct error *err)
{
	struct format_candidates *fc = format_candidates_load(patterns_dir, fast_path);
	struct format *fmt;

	fmt = format_detect_among(fc, lines, lens, n_lines, err);
	format_candidates_free(fc);
	return fmt;
}
