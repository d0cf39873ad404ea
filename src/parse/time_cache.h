/* time_cache.h: internal to parse. A time cache remembers the last
 * "dd/Mon/yyyy:HH:MM" + " +hhmm" it parsed and that minute's epoch, so
 * consecutive lines of the same minute cost two short compares instead of
 * a date conversion. One per parser (thread); no global state. Owned by
 * time.c (time_parse_clf_cached); the fast path inlines the hit test. */
#ifndef STATUSMON_TIME_CACHE_H
#define STATUSMON_TIME_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#define CLF_TIME_LEN 26          /* "10/Oct/2000:13:55:36 -0700" */

struct time_cache {
	char minute[17];         /* "10/Oct/2000:13:55" */
	char zone[6];            /* " -0700"            */
	long long base;          /* epoch of that minute's second 0, UTC */
	bool valid;
};

/* time_parse_clf with a cache; exactly its result for every input. c may
 * be NULL (no caching). */
int time_parse_clf_cached(struct time_cache *c, const char *s, size_t n,
                          long long *out);

/* The cached time of the CLF_TIME_LEN bytes at s if they fall in the
 * cached minute: 0 and *out, else -1 (without parsing). A hit means the
 * bytes are a valid time, so they hold no ']'. Inline: most lines hit. */
static inline int time_clf_cache_hit(const struct time_cache *c, const char *s,
                                     long long *out)
{
	unsigned d1 = (unsigned)(unsigned char)s[18] - '0';
	unsigned d2 = (unsigned)(unsigned char)s[19] - '0';

	if (!c->valid || memcmp(s, c->minute, 17) != 0 || s[17] != ':' ||
	    memcmp(s + 20, c->zone, 6) != 0 || d1 > 9 || d2 > 9 || d1 * 10 + d2 > 60)
		return -1;
	*out = c->base + (long long)(d1 * 10 + d2);
	return 0;
}

#endif
