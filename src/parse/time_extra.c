/* time_extra.c: the time layouts only pattern files use (see time_extra.h).
 * It adds no date arithmetic of its own: each extra layout is rewritten
 * into one time.c already parses, so there is still one definition of a
 * valid date. */
#include <string.h>
#include "time_extra.h"

#define CLF_NOZONE_LEN 20          /* "06/Feb/2009:12:14:14" */

/* "06/Feb/2009:12:14:14" then optionally "." and 1-9 digits */
static int parse_clf_nozone(const char *s, size_t n, long long *out)
{
	char buf[CLF_NOZONE_LEN + 6];
	size_t i;

	if (n < CLF_NOZONE_LEN)
		return -1;
	if (n > CLF_NOZONE_LEN) {
		if (s[CLF_NOZONE_LEN] != '.' || n == CLF_NOZONE_LEN + 1 ||
		    n > CLF_NOZONE_LEN + 10)
			return -1;
		for (i = CLF_NOZONE_LEN + 1; i < n; i++) {
			if (s[i] < '0' || s[i] > '9')
				return -1;
		}
	}
	memcpy(buf, s, CLF_NOZONE_LEN);
	memcpy(buf + CLF_NOZONE_LEN, " +0000", 6);
	return time_parse_clf(buf, sizeof buf, out);
}

int time_extra_layout_parse(const char *name)
{
	if (!name)
		return -1;
	if (strcmp(name, "clf_nozone") == 0)
		return TIME_EXTRA_CLF_NOZONE;
	return time_layout_parse(name);
}

const char *time_extra_layout_name(int layout)
{
	static const char *const names[] = { "none", "clf", "iso8601", "epoch", "epoch_ms" };

	if (layout == TIME_EXTRA_CLF_NOZONE)
		return "clf_nozone";
	if (layout >= 0 && layout < (int)(sizeof names / sizeof names[0]))
		return names[layout];
	return NULL;
}

int time_extra_parse(int layout, const char *s, size_t n, long long *out)
{
	if (!s)
		return -1;
	if (layout == TIME_EXTRA_CLF_NOZONE)
		return parse_clf_nozone(s, n, out);
	if (layout < TIME_NONE || layout > TIME_EPOCH_MS)
		return -1;
	return time_parse_layout((enum time_layout)layout, s, n, out);
}
