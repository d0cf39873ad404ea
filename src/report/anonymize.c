/* anonymize.c: --anonymize-clients, for reports that leave the team. Masks
 * the client addresses of a snapshot in place before any writer sees it,
 * so text, JSON, CSV and HTML all show the same masked lists: the last
 * IPv4 octet, the last 80 bits of an IPv6 address (what remains is the
 * /48 a site is usually given). Clients that mask to the same key are
 * merged; their Space-Saving error bounds add up, which keeps each an
 * upper bound of the merged count's overestimate. */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include "report_impl.h"

#define ANON_NOT_ADDRESS "(not an address)"

/* key (not NUL-terminated) masked into out; false if it is no address. */
static bool anonymize_key(const char *key, size_t len, char out[INET6_ADDRSTRLEN])
{
	char buf[INET6_ADDRSTRLEN];
	unsigned char a[16];

	if (len == 0 || len >= sizeof buf)
		return false;
	memcpy(buf, key, len);
	buf[len] = '\0';
	if (inet_pton(AF_INET, buf, a) == 1) {
		a[3] = 0;
		return inet_ntop(AF_INET, a, out, INET6_ADDRSTRLEN) != NULL;
	}
	if (inet_pton(AF_INET6, buf, a) != 1)
		return false;
	if (IN6_IS_ADDR_V4MAPPED((struct in6_addr *)a)) {
		a[15] = 0;
		return inet_ntop(AF_INET, a + 12, out, INET6_ADDRSTRLEN) != NULL;
	}
	memset(a + 6, 0, 10);     /* keep the first 48 bits */
	return inet_ntop(AF_INET6, a, out, INET6_ADDRSTRLEN) != NULL;
}

static void item_mask(struct snapshot_item *it)
{
	char masked[INET6_ADDRSTRLEN];
	const char *m = masked;

	if (it->key_truncated || !anonymize_key(it->key, it->key_len, masked))
		m = ANON_NOT_ADDRESS;
	it->key_len = strlen(m);
	memcpy(it->key, m, it->key_len + 1);
	it->key_truncated = false;
}

static int item_order(const void *pa, const void *pb)
{
	const struct snapshot_item *a = pa, *b = pb;
	size_t n = a->key_len < b->key_len ? a->key_len : b->key_len;
	int c;

	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	c = memcmp(a->key, b->key, n);
	if (c)
		return c;
	return (a->key_len > b->key_len) - (a->key_len < b->key_len);
}

static bool item_same_key(const struct snapshot_item *a, const struct snapshot_item *b)
{
	return a->key_len == b->key_len && memcmp(a->key, b->key, a->key_len) == 0;
}

/* Masks, merges equal keys (quadratic: a list holds at most top_n items),
 * and sorts by count descending, then key. */
static void items_anonymize(struct snapshot_item *items, size_t *n)
{
	size_t i, j, kept = 0;

	for (i = 0; i < *n; i++)
		item_mask(&items[i]);
	for (i = 0; i < *n; i++) {
		for (j = 0; j < kept && !item_same_key(&items[j], &items[i]); j++)
			;
		if (j < kept) {
			items[j].count += items[i].count;
			items[j].error += items[i].error;
		} else {
			if (kept != i)
				items[kept] = items[i];
			kept++;
		}
	}
	*n = kept;
	if (kept > 1)
		qsort(items, kept, sizeof *items, item_order);
}

void report_anonymize_clients(struct snapshot *snap)
{
	size_t i;

	for (i = 0; i < snap->n_statuses; i++) {
		struct snapshot_status *st = &snap->statuses[i];

		if (st->clients)
			items_anonymize(st->clients, &st->n_clients);
		st->n_recent = 0;   /* raw lines: they hold the addresses */
	}
}
