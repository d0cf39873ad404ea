/* filter_time.c: --since and --until, and durations ("90s", "5m", "2h",
 * "7d", "1w"; a bare number is seconds) shared with --bucket. Apart from
 * filter.c because reading a time from a person is its own small grammar:
 * a duration counts back from the caller's `now`, anything else must be an
 * ISO 8601 date or date-time (time_parse_iso8601: "2024-05-01",
 * "2024-05-01 10:00", "2024-05-01T10:00:00+02:00"; no zone = UTC).
 * --since is inclusive, --until exclusive: [since, until). */
#include <limits.h>
#include <string.h>
#include "filter_impl.h"
#include "statusmon/escape.h"
#include "statusmon/parse.h"

#define TIME_ARG_MAX 64

/* Seconds per unit letter, 0 if unknown (units are lower case: "m" is
 * minutes, and there are no months). */
static long long unit_seconds(char c)
{
	switch (c) {
	case 's': return 1;
	case 'm': return 60;
	case 'h': return 3600;
	case 'd': return 86400;
	case 'w': return 604800;
	default: return 0;
	}
}

long long duration_parse(const char *s)
{
	long long v = 0, unit = 1;
	size_t i = 0;

	if (!s)
		return -1;
	while (s[i] >= '0' && s[i] <= '9') {
		if (v > (LLONG_MAX - 9) / 10)
			return -1;
		v = v * 10 + (s[i++] - '0');
	}
	if (i == 0)
		return -1;
	if (s[i]) {
		unit = unit_seconds(s[i++]);
		if (!unit || s[i])
			return -1;
	}
	if (v > LLONG_MAX / unit)
		return -1;
	return v * unit;
}

int filter_time_arg(const char *arg, long long now, long long *out)
{
	char buf[TIME_ARG_MAX];
	size_t n;
	long long d;

	while (*arg == ' ' || *arg == '\t')
		arg++;
	n = strlen(arg);
	while (n && (arg[n - 1] == ' ' || arg[n - 1] == '\t'))
		n--;
	if (n == 0 || n >= sizeof buf)
		return -1;
	memcpy(buf, arg, n);
	buf[n] = '\0';
	d = duration_parse(buf);
	if (d >= 0) {
		if (now < LLONG_MIN + d)
			return -1;
		*out = now - d;
		return 0;
	}
	return time_parse_iso8601(buf, n, out);
}

static int set_time(const char *opt, const char *arg, long long now,
                    long long *out, struct error *err)
{
	char q[256];

	if (arg && filter_time_arg(arg, now, out) == 0)
		return 0;
	error_set(err, "%s: invalid time '%s' (expected ISO 8601 such as 2024-05-01, "
	          "2024-05-01T10:00 or 2024-05-01T10:00:00+02:00, no zone meaning "
	          "UTC; or a duration before now such as 90s, 30m, 2h, 7d, 1w)",
	          opt, arg ? escape_shown(q, sizeof q, arg) : "");
	return -1;
}

int filter_set_since(struct filter *f, const char *arg, long long now, struct error *err)
{
	long long t;

	if (set_time("--since", arg, now, &t, err) < 0)
		return -1;
	f->since = t;
	f->has_since = true;
	return 0;
}

int filter_set_until(struct filter *f, const char *arg, long long now, struct error *err)
{
	long long t;

	if (set_time("--until", arg, now, &t, err) < 0)
		return -1;
	f->until = t;
	f->has_until = true;
	return 0;
}
