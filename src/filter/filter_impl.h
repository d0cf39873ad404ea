/* filter_impl.h: the inside of struct filter, shared by filter.c (status,
 * method and vhost lists, the accept decision), filter_time.c (--since,
 * --until, durations) and filter_path.c (the PCRE2 path regex) and nobody
 * else. Every list is bounded: FILTER_LIST_MAX entries, each at most
 * FILTER_ITEM_MAX bytes. */
#ifndef STATUSMON_FILTER_IMPL_H
#define STATUSMON_FILTER_IMPL_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "statusmon/filter.h"

#define FILTER_LIST_MAX 64
#define FILTER_ITEM_MAX 256          /* a hostname is at most 253 bytes */
#define FILTER_CODES (STATUS_CODE_MAX + 1)
#define FILTER_MATCH_LIMIT 100000u   /* PCRE2 backtracking steps per line */
#define FILTER_DEPTH_LIMIT 1000u     /* PCRE2 nesting (interpreter only)  */
#define FILTER_HEAP_LIMIT 4096u      /* KiB of PCRE2 backtracking memory  */

struct filter_list {
	size_t n;
	size_t len[FILTER_LIST_MAX];
	char item[FILTER_LIST_MAX][FILTER_ITEM_MAX];
};

struct filter {
	bool has_since, has_until;
	long long since, until;        /* since inclusive, until exclusive */
	bool has_status;
	uint8_t codes[(FILTER_CODES + 7) / 8];
	unsigned class_mask, kind_mask;
	pcre2_code *path_re;           /* NULL: no path filter */
	struct filter_list methods, vhosts;
};

struct filter_scratch {
	pcre2_match_data *md;
	pcre2_match_context *mc;
};

/* filter_path.c: does the path (with its query string) match? */
bool filter_path_match(const struct filter *f, struct filter_scratch *s,
                       const struct sv *path);


#endif
