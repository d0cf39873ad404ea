/* logformat_time.c: Apache LogFormat %{format}t -> regex (see
 * logformat_time.h). strftime conversions become fixed-width regexes (C
 * locale); the few whole formats that time.c can parse are recognised
 * after %F and %T are expanded, so "%{%d/%b/%Y:%H:%M:%S %z}t" and "%t"
 * give the same record. */
#include <stdio.h>
#include <string.h>
#include "logformat_time.h"

#define TIME_ARG_MAX 128

static const struct conv {
	char c;
	const char *rx;
} conv_table[] = {
	{ 'a', "[A-Za-z]{3}" }, { 'A', "[A-Za-z]+" }, { 'b', "[A-Za-z]{3}" },
	{ 'h', "[A-Za-z]{3}" }, { 'B', "[A-Za-z]+" }, { 'C', "\\d{2}" },
	{ 'd', "\\d{2}" }, { 'D', "\\d{2}/\\d{2}/\\d{2}" }, { 'e', "[ \\d]\\d" },
	{ 'F', "\\d{4}-\\d{2}-\\d{2}" }, { 'G', "\\d{4}" }, { 'g', "\\d{2}" },
	{ 'H', "\\d{2}" }, { 'I', "\\d{2}" }, { 'j', "\\d{3}" },
	{ 'k', "[ \\d]\\d" }, { 'l', "[ \\d]\\d" }, { 'm', "\\d{2}" },
	{ 'M', "\\d{2}" }, { 'n', "\\n" }, { 'p', "[AP]M" }, { 'P', "[ap]m" },
	{ 'R', "\\d{2}:\\d{2}" }, { 'r', "\\d{2}:\\d{2}:\\d{2} [AP]M" },
	{ 's', "\\d+" }, { 'S', "\\d{2}" }, { 't', "\\t" },
	{ 'T', "\\d{2}:\\d{2}:\\d{2}" }, { 'u', "\\d" }, { 'U', "\\d{2}" },
	{ 'V', "\\d{2}" }, { 'w', "\\d" }, { 'W', "\\d{2}" }, { 'y', "\\d{2}" },
	{ 'Y', "\\d{4}" }, { 'z', "[+-]\\d{4}" }, { 'Z', "[A-Za-z]+" },
	{ '%', "%" },
};

/* Whole strftime formats (after %F, %T expansion) time.c parses. */
static const struct whole {
	const char *fmt;
	enum time_layout layout;
} whole_table[] = {
	{ "%d/%b/%Y:%H:%M:%S %z", TIME_CLF },
	{ "%Y-%m-%dT%H:%M:%S%z", TIME_ISO8601 },
	{ "%Y-%m-%dT%H:%M:%SZ", TIME_ISO8601 },
	{ "%Y-%m-%dT%H:%M:%S", TIME_ISO8601 },
	{ "%Y-%m-%d %H:%M:%S%z", TIME_ISO8601 },
	{ "%Y-%m-%d %H:%M:%S", TIME_ISO8601 },
	{ "%s", TIME_EPOCH },
};

static const char *conv_regex(char c)
{
	size_t i;

	for (i = 0; i < sizeof conv_table / sizeof conv_table[0]; i++) {
		if (conv_table[i].c == c)
			return conv_table[i].rx;
	}
	return NULL;
}

/* arg as a strftime format -> regex in rx, and the expanded format in
 * norm (for whole_table); -1 on an unknown conversion. */
static int strftime_regex(struct rbuf *rx, char *norm, const char *arg, size_t n,
                          size_t offset, struct error *err)
{
	size_t i, len = 0;
	const char *r, *add;

	for (i = 0; i < n; i++) {
		if (arg[i] != '%') {
			rbuf_put_literal(rx, arg + i, 1);
			norm[len++] = arg[i];
			continue;
		}
		r = i + 1 < n ? conv_regex(arg[i + 1]) : NULL;
		if (!r) {
			error_set(err, "unsupported strftime conversion %%%c in LogFormat "
			          "%%{...}t at offset %zu",
			          i + 1 < n && arg[i + 1] > 0x20 && arg[i + 1] < 0x7f ?
			          arg[i + 1] : '?', offset);
			return -1;
		}
		rbuf_puts(rx, r);
		i++;
		add = arg[i] == 'F' ? "%Y-%m-%d" : arg[i] == 'T' ? "%H:%M:%S" : NULL;
		if (add) {
			memcpy(norm + len, add, 8);
			len += 8;
		} else {
			norm[len++] = '%';
			norm[len++] = arg[i];
		}
	}
	norm[len] = '\0';
	return 0;
}

static enum time_layout whole_layout(const char *norm)
{
	size_t i;

	for (i = 0; i < sizeof whole_table / sizeof whole_table[0]; i++) {
		if (strcmp(whole_table[i].fmt, norm) == 0)
			return whole_table[i].layout;
	}
	return TIME_NONE;
}

/* sec, msec, usec, msec_frac, usec_frac; 1 if arg was one, 0 if not. */
static int epoch_form(struct rbuf *b, struct group_set *gs, const char *arg,
                      size_t n, enum time_layout *layout)
{
	if ((n == 3 && memcmp(arg, "sec", 3) == 0) ||
	    (n == 4 && memcmp(arg, "msec", 4) == 0)) {
		if (rbuf_group(b, gs, FIELD_TIME, "\\d+"))
			*layout = n == 3 ? TIME_EPOCH : TIME_EPOCH_MS;
	} else if (n == 4 && memcmp(arg, "usec", 4) == 0) {
		/* the seconds are all but the last six digits */
		if (rbuf_group(b, gs, FIELD_TIME, "\\d+"))
			*layout = TIME_EPOCH;
		rbuf_puts(b, "\\d{6}");
	} else if (n == 9 && memcmp(arg, "msec_frac", 9) == 0) {
		rbuf_puts(b, "\\d{3}");
	} else if (n == 9 && memcmp(arg, "usec_frac", 9) == 0) {
		rbuf_puts(b, "\\d{6}");
	} else {
		return 0;
	}
	return 1;
}

int logformat_time(struct rbuf *b, struct group_set *gs, const char *arg, size_t n,
                   enum time_layout *layout, size_t offset, struct error *err)
{
	char norm[TIME_ARG_MAX * 4 + 1];
	enum time_layout whole;
	struct rbuf rx;

	if (n >= 6 && memcmp(arg, "begin:", 6) == 0) {
		arg += 6;
		n -= 6;
	} else if (n >= 4 && memcmp(arg, "end:", 4) == 0) {
		arg += 4;
		n -= 4;
	}
	if (n == 0 || n > TIME_ARG_MAX) {
		error_set(err, "%s time format in LogFormat %%{...}t at offset %zu",
		          n ? "too long a" : "empty", offset);
		return -1;
	}
	if (epoch_form(b, gs, arg, n, layout))
		return 0;
	rbuf_init(&rx);
	if (strftime_regex(&rx, norm, arg, n, offset, err) < 0) {
		rbuf_free(&rx);
		return -1;
	}
	if (rx.failed || !rx.p) {
		rbuf_free(&rx);
		error_set(err, "out of memory");
		return -1;
	}
	whole = whole_layout(norm);
	if (rbuf_group(b, gs, whole != TIME_NONE ? FIELD_TIME : -1, rx.p) &&
	    whole != TIME_NONE)
		*layout = whole;
	rbuf_free(&rx);
	return 0;
}
