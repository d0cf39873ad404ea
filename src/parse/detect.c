/* detect.c: --format=auto. Every candidate (the CLF family, every pattern
 * file that is not one of them, W3C, JSON lines) parses the sample lines in
 * order; the winner parses the most complete lines, W3C directives
 * counting as such (a rotated IIS log may begin with nothing else). Ties go
 * to the one that parses more lines cut short, then to the one whose
 * records carry more fields (vhost_combined > combined > common, a pattern
 * with more named groups over one with fewer), then to the earlier one.
 * Lines no candidate parses (garbage, scanner noise) count for nobody, so
 * they cannot sway the choice. Kept apart from format.c: it only scores
 * formats that format_load builds. */
#include <stdlib.h>
#include <string.h>
#include "format_dir.h"
#include "format_impl.h"

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

struct best {
	struct format *fmt;
	struct score score;
	char tried[ERROR_MSG_MAX / 2];
	size_t tried_len;
};

/* Scores fmt (taking it) and keeps it if it beats the best so far. */
static void consider(struct best *b, struct format *fmt, const char *const *lines,
                     const size_t *lens, size_t n_lines)
{
	struct score sc;

	if (!fmt)
		return;
	if (b->tried_len < sizeof b->tried)
		b->tried_len += (size_t)snprintf(b->tried + b->tried_len,
		                                 sizeof b->tried - b->tried_len, "%s%s",
		                                 b->tried_len ? ", " : "", format_name(fmt));
	if (score_format(fmt, lines, lens, n_lines, &sc) < 0 ||
	    (sc.parsed == 0 && sc.evidence == 0) ||
	    (b->fmt && !score_better(&sc, &b->score))) {
		format_free(fmt);
		return;
	}
	format_free(b->fmt);
	b->fmt = fmt;
	b->score = sc;
}

static void consider_pattern_files(struct best *b, const char *patterns_dir,
                                   const char *const *lines, const size_t *lens,
                                   size_t n_lines)
{
	char (*names)[FORMAT_NAME_MAX];
	struct error ignored;
	bool exists;
	char dirbuf[4096];
	const char *dir = format_dir_resolve(patterns_dir, dirbuf, sizeof dirbuf, &exists,
	                                     NULL, 0);
	int k, n;

	if (!exists)
		return;
	names = calloc(FORMAT_DIR_MAX_FILES, sizeof *names);
	if (!names)
		return;
	n = format_dir_scan(dir, names, FORMAT_DIR_MAX_FILES);
	for (k = 0; k < n; k++) {
		if (format_builtin_find(names[k]))
			continue;   /* the CLF family is tried as built-ins */
		/* a broken user pattern must not stop detection: skip it */
		consider(b, format_load(names[k], dir, true, &ignored), lines, lens, n_lines);
	}
	free(names);
}

struct format *format_detect(const char *const *lines, const size_t *lens,
                             size_t n_lines, const char *patterns_dir,
                             bool fast_path, struct error *err)
{
	struct best b = { 0 };
	struct error ignored;
	size_t i;

	if (n_lines == 0) {
		error_set(err, "cannot detect the format: no lines to look at");
		return NULL;
	}
	for (i = 0; i < format_builtins_count; i++) {
		if (format_builtins[i].type != FORMAT_FAST)
			continue;
		consider(&b, format_load(format_builtins[i].name, patterns_dir, fast_path, &ignored),
		         lines, lens, n_lines);
	}
	consider_pattern_files(&b, patterns_dir, lines, lens, n_lines);
	for (i = 0; i < format_builtins_count; i++) {
		if (format_builtins[i].type != FORMAT_FAST)
			consider(&b, format_load(format_builtins[i].name, patterns_dir,
			                         fast_path, &ignored), lines, lens, n_lines);
	}
	if (!b.fmt)
		error_set(err, "cannot detect the format: none of %s parses any of the "
		          "first %zu lines (use --format)", b.tried, n_lines);
	return b.fmt;
}
