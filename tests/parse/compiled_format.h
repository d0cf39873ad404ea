/* compiled_format.h: a format string (LogFormat or log_format) compiled and
 * ready to match lines, for the compiler tests. Include after <cmocka.h>.
 * Each test names its compiler (logformat_to_regex, nginx_format_to_regex). */
#ifndef STATUSMON_TEST_COMPILED_FORMAT_H
#define STATUSMON_TEST_COMPILED_FORMAT_H

#include <stdlib.h>
#include <string.h>
#include "format_impl.h"

typedef int (*format_compiler)(const char *fmt, char **regex, enum time_layout *layout,
                               struct error *err);

struct compiled {
	struct pattern *pat;
	struct pattern_matcher *m;
	enum time_layout layout;
};

/* fmt must compile; the test fails with the compiler's message if not. */
static inline struct compiled compiled_new(format_compiler compile, const char *name,
                                           const char *fmt)
{
	struct error err = { "" };
	struct compiled c = { NULL, NULL, TIME_NONE };
	char *regex = NULL;

	if (compile(fmt, &regex, &c.layout, &err) < 0)
		print_error("%s: %s\n", fmt, err.msg);
	assert_non_null(regex);
	c.pat = pattern_compile(name, regex, c.layout, &err);
	if (!c.pat)
		print_error("%s -> %s: %s\n", fmt, regex, err.msg);
	assert_non_null(c.pat);
	free(regex);
	c.m = pattern_matcher_new(c.pat);
	return c;
}

static inline void release(struct compiled *c)
{
	pattern_matcher_free(c->m);
	pattern_free(c->pat);
}

static inline enum parse_result parse(struct compiled *c, const char *line, struct record *rec)
{
	return pattern_match(c->m, line, strlen(line), rec);
}

/* The error message for fmt, which must not compile (valid until the next
 * call). */
static inline const char *compiled_fails(format_compiler compile, const char *fmt)
{
	static struct error err;
	enum time_layout layout;
	char *regex = (char *)1;

	assert_int_equal(compile(fmt, &regex, &layout, &err), -1);
	assert_null(regex);
	return err.msg;
}

#endif
