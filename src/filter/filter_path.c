/* filter_path.c: --path=REGEX. One PCRE2 pattern (JIT-compiled when the
 * platform allows, byte semantics) shared read-only by all threads, and
 * per-thread scratch holding the match data and a match context whose
 * match, depth and heap limits bound the work per line: a regex with
 * catastrophic backtracking hits a limit, and a line that hits one counts
 * as not matching. Apart from filter.c because it is the only part that
 * owns foreign resources (PCRE2 objects). */
#include <stdlib.h>
#include "filter_impl.h"
#include "statusmon/escape.h"
#include "statusmon/xalloc.h"

int filter_set_path(struct filter *f, const char *regex, struct error *err)
{
	int code;
	PCRE2_SIZE offset;
	pcre2_code *re;
	PCRE2_UCHAR msg[256];
	char q[256];

	if (!regex || !*regex) {
		pcre2_code_free(f->path_re);
		f->path_re = NULL;
		return 0;
	}
	re = pcre2_compile((PCRE2_SPTR)regex, PCRE2_ZERO_TERMINATED, 0, &code, &offset, NULL);
	if (!re) {
		pcre2_get_error_message(code, msg, sizeof msg);
		error_set(err, "--path: invalid regex '%s' at offset %zu: %s",
		          escape_shown(q, sizeof q, regex), (size_t)offset, (const char *)msg);
		return -1;
	}
	/* without JIT the interpreter runs, under the same limits */
	(void)pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
	pcre2_code_free(f->path_re);
	f->path_re = re;
	return 0;
}

struct filter_scratch *filter_scratch_new(const struct filter *f)
{
	struct filter_scratch *s = xcalloc(1, sizeof *s);

	(void)f;   /* the match data does not depend on the pattern */
	s->md = pcre2_match_data_create(1, NULL);
	s->mc = pcre2_match_context_create(NULL);
	if (!s->md || !s->mc)
		abort();   /* PCRE2 fails these only without memory: xalloc.h's policy */
	pcre2_set_match_limit(s->mc, FILTER_MATCH_LIMIT);
	pcre2_set_depth_limit(s->mc, FILTER_DEPTH_LIMIT);
	pcre2_set_heap_limit(s->mc, FILTER_HEAP_LIMIT);
	return s;
}

void filter_scratch_free(struct filter_scratch *s)
{
	if (!s)
		return;
	pcre2_match_data_free(s->md);
	pcre2_match_context_free(s->mc);
	free(s);
}

/* A missing path, a missing scratch, no match and any PCRE2 error (a limit
 * hit included) all mean "does not match". */
bool filter_path_match(const struct filter *f, struct filter_scratch *s,
                       const struct sv *path)
{
	int rc;

	if (!s || !path->p)
		return false;
	rc = pcre2_match(f->path_re, (PCRE2_SPTR)path->p, path->n, 0, 0, s->md, s->mc);
	return rc >= 0;
}
