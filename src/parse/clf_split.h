/* clf_split.h: internal to the parse module. A LogFormat / log_format
 * string that begins with a CLF-family format (combined, vhost_combined,
 * common) and then has more fields: the fast path (clf_fast.c) parses the
 * CLF part, a PCRE2 regex the rest (clf_split.c). */
#ifndef STATUSMON_CLF_SPLIT_H
#define STATUSMON_CLF_SPLIT_H

#include "format_impl.h"
#include "regex_build.h"
#include "time_cache.h"

/* logformat_to_regex / nginx_format_to_regex, and the split found (or
 * split->prefix NULL): see format_compile_split. */
int logformat_to_regex_split(const char *fmt, char **regex, enum time_layout *layout,
                             struct rx_split *split, struct error *err);
int nginx_format_to_regex_split(const char *fmt, char **regex, enum time_layout *layout,
                                struct rx_split *split, struct error *err);

/* clf_fast.c: the prefix of variant v, up to the size (common) or the
 * agent's closing quote (combined family), as the variant's pattern parses
 * it, into rec (referer, agent, vhost absent where v has none; durations
 * and truncated untouched); *tail_at is where the rest begins. -1 when the
 * fast path does not parse that prefix whole (rec then undefined). */
int clf_fast_parse_head(enum clf_variant v, struct time_cache *c, const char *line,
                        size_t n, struct record *rec, size_t *tail_at);

/* pattern.c: a tail regex (no status group needed), and its match at
 * line[offset] (anchored): the fields, durations and "truncated" it
 * captures go into rec over what is there. PARSE_MALFORMED when no
 * match (rec untouched). */
struct pattern *pattern_compile_tail(const char *name, const char *regex,
                                     struct error *err);
enum parse_result pattern_match_tail(struct pattern_matcher *m, const char *line,
                                     size_t n, size_t offset, struct record *rec);

/* clf_split.c: the split of one format. */
struct clf_split;
struct clf_split *clf_split_new(const struct rx_split *found, struct error *err);
void clf_split_free(struct clf_split *s);
/* per-thread: a matcher for the tail */
struct pattern_matcher *clf_split_matcher_new(const struct clf_split *s);
/* One line: the fast path and the tail, or the whole pattern (full) when
 * the fast path does not parse the prefix: always the record and verdict
 * full gives. */
enum parse_result clf_split_parse(const struct clf_split *s, struct time_cache *c,
                                  struct pattern_matcher *full,
                                  struct pattern_matcher *tail,
                                  const char *line, size_t n, struct record *rec);

#endif
