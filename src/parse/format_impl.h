/* format_impl.h: what the parse module's files share and nobody else sees.
 * format.c resolves names, detects and dispatches; clf_fast.c is the
 * hand-written CLF-family path; pattern.c runs PCRE2 patterns (pattern files
 * and compiled LogFormat / log_format strings); w3c.c and jsonl.c are the
 * self-describing formats; time.c parses timestamps. */
#ifndef STATUSMON_FORMAT_IMPL_H
#define STATUSMON_FORMAT_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include "statusmon/error.h"
#include "statusmon/parse.h"
#include "statusmon/record.h"

enum clf_variant { CLF_COMMON, CLF_COMBINED, CLF_VHOST_COMBINED };

enum format_type { FORMAT_FAST, FORMAT_PCRE2, FORMAT_W3C, FORMAT_JSONL };

struct pattern;           /* a compiled PCRE2 format (shared, read-only)  */
struct pattern_matcher;   /* per-thread match data                        */
struct clf_split;         /* a CLF-family prefix on the fast path (clf_split.c) */

struct format {
	char name[64];
	enum format_type type;
	enum clf_variant variant;     /* FORMAT_FAST                          */
	struct pattern *pattern;      /* FORMAT_PCRE2                         */
	struct clf_split *split;      /* FORMAT_PCRE2, or NULL                */
};

/* time layouts a pattern may declare in its "# time:" header */
enum time_layout { TIME_NONE, TIME_CLF, TIME_ISO8601, TIME_EPOCH, TIME_EPOCH_MS };
int time_layout_parse(const char *name);   /* "clf", "iso8601", "epoch", "epoch_ms"; -1 */
int time_parse_layout(enum time_layout layout, const char *s, size_t n, long long *out);

/* pattern.c */
struct pattern *pattern_compile(const char *name, const char *regex,
                                enum time_layout layout, struct error *err);
/* A pattern file: "# name: X", "# time: clf", other "#" lines comments,
 * then the regex (non-comment lines joined). err names file:line. */
struct pattern *pattern_load_file(const char *path, struct error *err);
void pattern_free(struct pattern *pat);
const char *pattern_name(const struct pattern *pat);
const char *pattern_description(const struct pattern *pat); /* "" if none */
struct pattern_matcher *pattern_matcher_new(const struct pattern *pat);
void pattern_matcher_free(struct pattern_matcher *m);
enum parse_result pattern_match(struct pattern_matcher *m, const char *line,
                                size_t n, struct record *rec);

/* logformat.c: Apache LogFormat -> regex; nginx_format.c: nginx log_format
 * -> regex. Unsupported directives are errors naming them. The caller
 * frees *regex. */
int logformat_to_regex(const char *fmt, char **regex, enum time_layout *layout,
                       struct error *err);
int nginx_format_to_regex(const char *fmt, char **regex, enum time_layout *layout,
                          struct error *err);

/* clf_fast.c: exactly the records the common/combined/vhost_combined
 * patterns give, without a regex. */
enum parse_result clf_fast_parse(enum clf_variant v, const char *line, size_t n,
                                 struct record *rec);

/* w3c.c: per-stream state (the current #Fields map). */
struct w3c_state;
struct w3c_state *w3c_state_new(void);
void w3c_state_free(struct w3c_state *st);
enum parse_result w3c_parse(struct w3c_state *st, const char *line, size_t n,
                            struct record *rec);
/* A range's directives (struct parse_carry of parse.h is this) and the
 * state a parser resumes from (c NULL: the start of a stream). */
struct w3c_carry *w3c_carry_new(void);
void w3c_carry_free(struct w3c_carry *c);
void w3c_carry_line(struct w3c_carry *c, const char *line, size_t n);
void w3c_carry_chain(struct w3c_carry *c, const struct w3c_carry *prev);
void w3c_state_resume(struct w3c_state *st, const struct w3c_carry *c);

/* jsonl.c: per-thread scratch for unescaped string values. */
struct jsonl_state;
struct jsonl_state *jsonl_state_new(void);
void jsonl_state_free(struct jsonl_state *st);
enum parse_result jsonl_parse(struct jsonl_state *st, const char *line, size_t n,
                              struct record *rec);
/* The reference path jsonl_parse must match exactly (json_scan.c, no
 * fast scan, no time cache): for tests and the differential fuzzer. */
enum parse_result jsonl_parse_full(struct jsonl_state *st, const char *line, size_t n,
                                   struct record *rec);

#endif
