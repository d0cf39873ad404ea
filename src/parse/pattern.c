/* pattern.c: PCRE2 formats. Compiles a regex whose named groups are record
 * fields (pattern files, and the regexes LogFormat / log_format strings
 * compile to) and matches lines with it. Kept apart from the self-describing
 * formats (W3C, JSON lines) and the CLF fast path: this is the only file
 * that talks to PCRE2 for parsing.
 *
 * Choices:
 *  - No UTF mode (PCRE2_NEVER_UTF): logs hold invalid UTF-8, and a byte
 *    regex matches them as bytes. PCRE2_MATCH_INVALID_UTF would make every
 *    invalid byte unmatchable by \S or [^"], turning a path with one bad
 *    byte into a malformed line.
 *  - PCRE2_ANCHORED: a format describes a line from its first byte. It also
 *    keeps a non-matching line from being retried at every start offset,
 *    which on a 10 MB line would multiply the match limit by 10 million.
 *  - JIT, with a per-matcher JIT stack, and a match context whose match,
 *    depth and heap limits bound the work of any one line: a pathological
 *    regex on a hostile line returns "no match" (malformed), never hangs. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "format_impl.h"
#include "pattern_impl.h"
#include "time_extra.h"
#include "clf_split.h"

#define MATCH_LIMIT     200000      /* backtracking steps per line        */
#define DEPTH_LIMIT     10000       /* interpreter only (JIT uses stack)  */
#define HEAP_LIMIT_KIB  8192
#define JIT_STACK_START (32 * 1024)
#define JIT_STACK_MAX   (1024 * 1024)

struct pattern {
	char name[64];
	char description[PATTERN_DESCRIPTION_MAX];
	pcre2_code *code;
	int layout;                       /* time_extra.h layout code   */
	uint32_t group[FIELD_COUNT];      /* capture number, 0 = none   */
	uint32_t request_group;           /* "request", 0 = none        */
	uint32_t truncated_group;         /* "truncated", 0 = none      */
	uint32_t dur_group[DG_COUNT];     /* "request_time", ..., 0 = none */
	bool has_dur;                     /* any dur_group                */
};

struct pattern_matcher {
	const struct pattern *pat;
	pcre2_match_data *md;
	pcre2_match_context *mctx;
	pcre2_jit_stack *jit_stack;
};

static void known_groups(char *buf, size_t cap)
{
	size_t len = 0;
	int f;

	buf[0] = '\0';
	for (f = 0; f < FIELD_COUNT && len < cap; f++)
		len += (size_t)snprintf(buf + len, cap - len, "%s, ",
		                        record_field_name((enum record_field)f));
	for (f = 0; f < DG_COUNT && len < cap; f++)
		len += (size_t)snprintf(buf + len, cap - len, "%s, ",
		                        record_dur_group_name((enum record_dur_group)f));
	if (len < cap)
		snprintf(buf + len, cap - len, "request, truncated");
}

/* Offset of group name's definition in regex, for the error position. */
static size_t group_offset(const char *regex, size_t len, const char *name)
{
	size_t i, n = strlen(name);

	for (i = 0; i + n + 2 <= len; i++) {
		if ((regex[i] == '<' && regex[i + n + 1] == '>') ||
		    (regex[i] == '\'' && regex[i + n + 1] == '\'')) {
			if (memcmp(regex + i + 1, name, n) == 0)
				return i + 1;
		}
	}
	return SIZE_MAX;
}

/* Records which capture each named group is; an unknown name or a name
 * used twice is an error. */
static int map_groups(struct pattern *pat, const char *regex, size_t len,
                      bool need_status, struct pattern_errpos *pos, struct error *err)
{
	PCRE2_SPTR table;
	uint32_t count = 0, size = 0, i, num, *slot;
	char known[512];
	const char *name;
	int f, g;

	pcre2_pattern_info(pat->code, PCRE2_INFO_NAMECOUNT, &count);
	pcre2_pattern_info(pat->code, PCRE2_INFO_NAMEENTRYSIZE, &size);
	pcre2_pattern_info(pat->code, PCRE2_INFO_NAMETABLE, &table);
	for (i = 0; i < count; i++) {
		num = ((uint32_t)table[i * size] << 8) | table[i * size + 1];
		name = (const char *)table + i * size + 2;
		f = record_field_parse(name, strlen(name));
		g = record_dur_group_parse(name, strlen(name));
		slot = f >= 0 ? &pat->group[f] : g >= 0 ? &pat->dur_group[g] :
		       strcmp(name, "request") == 0 ? &pat->request_group :
		       strcmp(name, "truncated") == 0 ? &pat->truncated_group : NULL;
		if (!slot || *slot)
			pos->offset = group_offset(regex, len, name);
		if (!slot) {
			known_groups(known, sizeof known);
			error_set(err, "unknown group name '%s' (known: %s)", name, known);
			return -1;
		}
		if (*slot) {
			error_set(err, "group '%s' appears more than once "
			          "(use a (?|...) branch reset instead)", name);
			return -1;
		}
		*slot = num;
		pat->has_dur |= g >= 0;
	}
	if (need_status && !pat->group[FIELD_STATUS]) {
		error_set(err, "no (?<status>...) group: every format needs one");
		return -1;
	}
	return 0;
}

static struct pattern *compile_code(const char *name, const char *regex, size_t len,
                                    int layout, bool need_status,
                                    struct pattern_errpos *pos, struct error *err)
{
	PCRE2_UCHAR msg[256];
	PCRE2_SIZE off = 0;
	struct pattern *pat;
	int rc;

	pos->offset = SIZE_MAX;
	pos->pcre = false;
	pat = calloc(1, sizeof *pat);
	if (!pat) {
		error_set(err, "out of memory");
		return NULL;
	}
	snprintf(pat->name, sizeof pat->name, "%s", name ? name : "pattern");
	pat->layout = layout;
	pat->code = pcre2_compile((PCRE2_SPTR)regex, len,
	                          PCRE2_ANCHORED | PCRE2_NEVER_UTF | PCRE2_NEVER_UCP,
	                          &rc, &off, NULL);
	if (!pat->code) {
		pcre2_get_error_message(rc, msg, sizeof msg);
		pos->offset = off;
		pos->pcre = true;
		error_set(err, "%s", (const char *)msg);
		free(pat);
		return NULL;
	}
	if (map_groups(pat, regex, len, need_status, pos, err) < 0) {
		pattern_free(pat);
		return NULL;
	}
	/* Without JIT (unsupported CPU, out of executable memory) the
	 * interpreter runs the same regex under the same limits. */
	(void)pcre2_jit_compile(pat->code, PCRE2_JIT_COMPLETE);
	return pat;
}

struct pattern *pattern_compile_n(const char *name, const char *regex, size_t len,
                                  int layout, struct pattern_errpos *pos,
                                  struct error *err)
{
	return compile_code(name, regex, len, layout, true, pos, err);
}

/* A split format's tail (clf_split.h): no status group of its own. */
struct pattern *pattern_compile_tail(const char *name, const char *regex,
                                     struct error *err)
{
	struct pattern_errpos pos;
	struct pattern *pat = compile_code(name, regex, strlen(regex), TIME_NONE, false,
	                                   &pos, err);

	if (!pat)
		error_prefix(err, "pattern %s: tail regex", name);
	return pat;
}

struct pattern *pattern_compile(const char *name, const char *regex,
                                enum time_layout layout, struct error *err)
{
	struct pattern_errpos pos;
	struct pattern *pat;

	if (!regex) {
		error_set(err, "pattern %s: no regex", name ? name : "");
		return NULL;
	}
	pat = pattern_compile_n(name, regex, strlen(regex), (int)layout, &pos, err);
	if (!pat && pos.pcre)
		error_prefix(err, "pattern %s: bad regex at offset %zu",
		             name ? name : "", pos.offset);
	else if (!pat)
		error_prefix(err, "pattern %s", name ? name : "");
	return pat;
}

void pattern_free(struct pattern *pat)
{
	if (!pat)
		return;
	pcre2_code_free(pat->code);
	free(pat);
}

const char *pattern_name(const struct pattern *pat)
{
	return pat->name;
}

const char *pattern_description(const struct pattern *pat)
{
	return pat->description;
}

void pattern_set_description(struct pattern *pat, const char *desc)
{
	snprintf(pat->description, sizeof pat->description, "%s", desc ? desc : "");
}

struct pattern_matcher *pattern_matcher_new(const struct pattern *pat)
{
	struct pattern_matcher *m = calloc(1, sizeof *m);

	if (!m)
		return NULL;
	m->pat = pat;
	m->md = pcre2_match_data_create_from_pattern(pat->code, NULL);
	m->mctx = pcre2_match_context_create(NULL);
	m->jit_stack = pcre2_jit_stack_create(JIT_STACK_START, JIT_STACK_MAX, NULL);
	if (!m->md || !m->mctx || !m->jit_stack) {
		pattern_matcher_free(m);
		return NULL;
	}
	pcre2_set_match_limit(m->mctx, MATCH_LIMIT);
	pcre2_set_depth_limit(m->mctx, DEPTH_LIMIT);
	pcre2_set_heap_limit(m->mctx, HEAP_LIMIT_KIB);
	pcre2_jit_stack_assign(m->mctx, NULL, m->jit_stack);
	return m;
}

void pattern_matcher_free(struct pattern_matcher *m)
{
	if (!m)
		return;
	pcre2_match_data_free(m->md);
	pcre2_match_context_free(m->mctx);
	pcre2_jit_stack_free(m->jit_stack);
	free(m);
}

/* Capture g as a view into line; false when it did not participate. */
static bool capture(const PCRE2_SIZE *ov, uint32_t g, const char *line, struct sv *v)
{
	if (!g || ov[2 * g] == PCRE2_UNSET || ov[2 * g + 1] < ov[2 * g])
		return false;
	v->p = line + ov[2 * g];
	v->n = ov[2 * g + 1] - ov[2 * g];
	return true;
}

/* Each duration group: read when it took part, else absent (the format
 * logs the duration, this line did not give one). */
static void durations_read(const struct pattern *pat, const PCRE2_SIZE *ov,
                           const char *line, struct record *rec)
{
	struct sv v;

	for (int g = 0; g < DG_COUNT; g++) {
		if (!pat->dur_group[g])
			continue;
		if (capture(ov, pat->dur_group[g], line, &v))
			record_duration_set(rec, (enum record_dur_group)g, v.p, v.n);
		else
			record_duration_set(rec, (enum record_dur_group)g, NULL, 0);
	}
}

enum parse_result pattern_match(struct pattern_matcher *m, const char *line,
                                size_t n, struct record *rec)
{
	const struct pattern *pat = m->pat;
	const PCRE2_SIZE *ov;
	struct sv v;
	long long t;
	int f, rc;

	record_clear(rec);
	if (!line)
		line = "";
	rc = pcre2_match(pat->code, (PCRE2_SPTR)line, n, 0, 0, m->md, m->mctx);
	if (rc <= 0)      /* no match, match/depth/heap/JIT-stack limit hit */
		return PARSE_MALFORMED;
	ov = pcre2_get_ovector_pointer(m->md);
	if (capture(ov, pat->request_group, line, &v))
		record_split_request(rec, v.p, v.n);
	for (f = 0; f < FIELD_COUNT; f++) {
		if (capture(ov, pat->group[f], line, &v))
			rec->field[f] = v;
	}
	if (rec->field[FIELD_STATUS].n == 0)
		return PARSE_MALFORMED;
	/* a "truncated" group that took part: the line was cut short */
	rec->truncated = capture(ov, pat->truncated_group, line, &v);
	if (pat->has_dur)
		durations_read(pat, ov, line, rec);
	v = rec->field[FIELD_TIME];
	if (v.p && time_extra_parse(pat->layout, v.p, v.n, &t) == 0) {
		rec->time = t;
		rec->has_time = true;
	}
	return PARSE_OK;
}

enum parse_result pattern_match_tail(struct pattern_matcher *m, const char *line,
                                     size_t n, size_t offset, struct record *rec)
{
	const struct pattern *pat = m->pat;
	const PCRE2_SIZE *ov;
	struct sv v;
	int f, rc;

	rc = pcre2_match(pat->code, (PCRE2_SPTR)line, n, offset, 0, m->md, m->mctx);
	if (rc <= 0)
		return PARSE_MALFORMED;
	ov = pcre2_get_ovector_pointer(m->md);
	for (f = 0; f < FIELD_COUNT; f++) {
		if (capture(ov, pat->group[f], line, &v))
			rec->field[f] = v;
	}
	rec->truncated = capture(ov, pat->truncated_group, line, &v);
	if (pat->has_dur)
		durations_read(pat, ov, line, rec);
	return PARSE_OK;
}
