/* w3c.c: the W3C extended log format (IIS, and CloudFront-style tab
 * separated logs). Self-describing: a "#Fields:" directive names the
 * columns and may change mid-file, so this parser keeps per-stream state
 * (struct w3c_state) and is kept apart from the regex formats.
 *
 * Rules (also in patterns/README.md, "W3C extended"):
 *  - lines starting with '#' are directives (PARSE_DIRECTIVE); "#Fields:"
 *    sets the columns, "#Date:" supplies the date when there is no date
 *    column; data lines before any "#Fields:" use the IIS default columns;
 *  - columns are separated by runs of spaces or tabs; "-" is an empty
 *    value (except for sc-status, where "-" stays: an invalid status);
 *  - a data line with a different number of columns is malformed; at most
 *    W3C_FIELDS_MAX columns;
 *  - date and time are UTC; vhost is cs-host / cs(Host) / x-host-header,
 *    else s-sitename; path is cs-uri-stem (the query stays out), else
 *    cs-uri; values are kept as logged (IIS writes spaces in the user
 *    agent as '+');
 *  - time-taken is the request's duration: IIS writes integer
 *    milliseconds, CloudFront seconds with a decimal point ("0.002"), so
 *    a value with a '.' is seconds, one without milliseconds; "-" is an
 *    absent duration.
 *
 * Splitting a file into ranges (pipeline.c): the state in force at any
 * line is a function of the last "#Fields:" and the last "#Date:" line
 * before it, nothing else. A range's directive lines are summarized in a
 * struct w3c_carry (fixed size, whatever the number of directives), the
 * carries are chained in file order, and each range's parser resumes from
 * the chained carry of the ranges before it: every line is then parsed
 * with exactly the state one pass over the file would have. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "format_impl.h"
#include "w3c_split.h"
#include "statusmon/xalloc.h"

#define W3C_FIELDS_MAX 64

enum w3c_col {
	W_IGNORE, W_DATE, W_TIME, W_CLIENT, W_USER, W_METHOD, W_STEM, W_URI,
	W_STATUS, W_BYTES, W_REFERER, W_AGENT, W_HOST, W_HOST_HEADER,
	W_SITENAME, W_PROTOCOL, W_TIME_TAKEN
};

/* The epoch of the last day a time was read for: most lines share it, so
 * an "HH:MM:SS" clock then costs a few digit checks, not a date
 * conversion. A cache of a pure function: never part of a carry. */
struct day_cache {
	char day[10];
	long long base;         /* that day's 00:00:00 UTC */
	bool valid;
};

#define COL_SPECIAL 0xff   /* column_apply decides */

/* The field each plain column sets ("-" leaving it absent); COL_SPECIAL
 * for the columns column_apply handles (and for date and time, which
 * record_fill reads itself). */
static const unsigned char field_of[] = {
	[W_IGNORE] = COL_SPECIAL, [W_DATE] = COL_SPECIAL, [W_TIME] = COL_SPECIAL,
	[W_CLIENT] = FIELD_CLIENT, [W_USER] = FIELD_USER, [W_METHOD] = FIELD_METHOD,
	[W_STEM] = FIELD_PATH, [W_URI] = COL_SPECIAL, [W_STATUS] = COL_SPECIAL,
	[W_BYTES] = FIELD_BYTES, [W_REFERER] = FIELD_REFERER, [W_AGENT] = FIELD_AGENT,
	[W_HOST] = FIELD_VHOST, [W_HOST_HEADER] = COL_SPECIAL, [W_SITENAME] = COL_SPECIAL,
	[W_PROTOCOL] = FIELD_PROTOCOL, [W_TIME_TAKEN] = COL_SPECIAL,
};
_Static_assert(sizeof field_of == W_TIME_TAKEN + 1, "a field_of entry per column kind");

/* What record_fill does with a line, derived from col[] (plan_build):
 * the columns that set a field, in column order (the order decides
 * between cs-uri-stem and cs-uri), each with its field_of (COL_SPECIAL:
 * column_apply sets it), and the last date and time columns (-1: none).
 * Not part of a carry: rebuilt wherever col[] changes. */
struct w3c_plan {
	unsigned char at[W3C_FIELDS_MAX], col[W3C_FIELDS_MAX], field[W3C_FIELDS_MAX];
	size_t n;
	int date_at, time_at;
};

struct w3c_state {
	unsigned char col[W3C_FIELDS_MAX];
	size_t n_cols;
	struct w3c_plan plan;
	char date[10];          /* "#Date: 2002-05-24 ..." */
	bool has_date;
	struct day_cache days;
};

static const struct {
	const char *name;
	enum w3c_col col;
} col_table[] = {
	{ "date", W_DATE }, { "time", W_TIME }, { "c-ip", W_CLIENT },
	{ "cs-username", W_USER }, { "cs-method", W_METHOD },
	{ "cs-uri-stem", W_STEM }, { "cs-uri", W_URI }, { "sc-status", W_STATUS },
	{ "sc-bytes", W_BYTES }, { "cs(Referer)", W_REFERER },
	{ "cs(User-Agent)", W_AGENT }, { "cs-host", W_HOST }, { "cs(Host)", W_HOST },
	{ "x-host-header", W_HOST_HEADER }, { "s-sitename", W_SITENAME },
	{ "cs-version", W_PROTOCOL }, { "cs-protocol-version", W_PROTOCOL },
	{ "time-taken", W_TIME_TAKEN },
};

/* IIS's default field set: used before any #Fields: line. */
static const char iis_default_fields[] =
	"date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username "
	"c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status "
	"time-taken";

static bool is_sep(char c)
{
	return c == ' ' || c == '\t';
}

static enum w3c_col col_lookup(struct sv name)
{
	size_t i;

	for (i = 0; i < sizeof col_table / sizeof col_table[0]; i++) {
		if (strlen(col_table[i].name) == name.n &&
		    strncasecmp(col_table[i].name, name.p, name.n) == 0)
			return col_table[i].col;
	}
	return W_IGNORE;
}

static void plan_build(struct w3c_state *st)
{
	struct w3c_plan *pl = &st->plan;
	size_t i;

	pl->n = 0;
	pl->date_at = pl->time_at = -1;
	for (i = 0; i < st->n_cols; i++) {
		if (st->col[i] == W_DATE) {
			pl->date_at = (int)i;
		} else if (st->col[i] == W_TIME) {
			pl->time_at = (int)i;
		} else if (st->col[i] != W_IGNORE) {
			pl->at[pl->n] = (unsigned char)i;
			pl->field[pl->n] = field_of[st->col[i]];
			pl->col[pl->n++] = st->col[i];
		}
	}
}

/* "#Fields: a b c": more than W3C_FIELDS_MAX columns leaves none, so
 * every data line is malformed until the next #Fields:. */
static void fields_set(struct w3c_state *st, const char *s, size_t n)
{
	struct sv names[W3C_FIELDS_MAX];
	size_t i, count = w3c_split(s, n, names, W3C_FIELDS_MAX);

	if (count > W3C_FIELDS_MAX)
		count = 0;
	for (i = 0; i < count; i++)
		st->col[i] = (unsigned char)col_lookup(names[i]);
	st->n_cols = count;
	plan_build(st);
}

static bool prefix_is(const char *s, size_t n, const char *prefix)
{
	size_t len = strlen(prefix);

	return n >= len && strncasecmp(s, prefix, len) == 0;
}

static void directive(struct w3c_state *st, const char *s, size_t n)
{
	if (prefix_is(s, n, "#Fields:")) {
		fields_set(st, s + 8, n - 8);
	} else if (prefix_is(s, n, "#Date:")) {
		s += 6;
		n -= 6;
		while (n > 0 && is_sep(*s)) {
			s++;
			n--;
		}
		st->has_date = n >= 10;
		if (st->has_date)
			memcpy(st->date, s, 10);
	}
}

/* A line as the parser sees it: trailing "\r", spaces and tabs dropped. */
static size_t trimmed_len(const char *line, size_t n)
{
	while (n > 0 && (line[n - 1] == '\r' || is_sep(line[n - 1])))
		n--;
	return n;
}

/* What a stretch of lines leaves for the lines after it: the last
 * "#Fields:" map and the last "#Date:" of the stretch, when it has one. */
struct w3c_carry {
	struct w3c_state st;
	bool has_fields, has_date_line;
};

struct w3c_carry *w3c_carry_new(void)
{
	return xcalloc(1, sizeof(struct w3c_carry));
}

void w3c_carry_free(struct w3c_carry *c)
{
	free(c);
}

void w3c_carry_line(struct w3c_carry *c, const char *line, size_t n)
{
	n = trimmed_len(line, n);
	if (n == 0 || line[0] != '#')
		return;
	c->has_fields |= prefix_is(line, n, "#Fields:");
	c->has_date_line |= prefix_is(line, n, "#Date:");
	directive(&c->st, line, n);
}

void w3c_carry_chain(struct w3c_carry *c, const struct w3c_carry *prev)
{
	if (!c->has_fields && prev->has_fields) {
		memcpy(c->st.col, prev->st.col, sizeof c->st.col);
		c->st.n_cols = prev->st.n_cols;
		c->has_fields = true;
	}
	if (!c->has_date_line && prev->has_date_line) {
		memcpy(c->st.date, prev->st.date, sizeof c->st.date);
		c->st.has_date = prev->st.has_date;
		c->has_date_line = true;
	}
}

void w3c_state_resume(struct w3c_state *st, const struct w3c_carry *c)
{
	memset(st, 0, sizeof *st);
	fields_set(st, iis_default_fields, sizeof iis_default_fields - 1);
	if (c && c->has_fields) {
		memcpy(st->col, c->st.col, sizeof st->col);
		st->n_cols = c->st.n_cols;
		plan_build(st);
	}
	if (c && c->has_date_line) {
		memcpy(st->date, c->st.date, sizeof st->date);
		st->has_date = c->st.has_date;
	}
}

struct w3c_state *w3c_state_new(void)
{
	struct w3c_state *st = calloc(1, sizeof *st);

	if (st)
		fields_set(st, iis_default_fields, sizeof iis_default_fields - 1);
	return st;
}

void w3c_state_free(struct w3c_state *st)
{
	free(st);
}

/* "HH:MM:SS" with hours < 24, minutes and seconds < 60 -> seconds since
 * midnight; false for anything else (the general parser decides it). */
static bool clock_seconds(struct sv c, long long *secs)
{
	static const unsigned char at[] = { 0, 1, 3, 4, 6, 7 };
	unsigned d[6];

	if (c.n != 8 || c.p[2] != ':' || c.p[5] != ':')
		return false;
	for (size_t i = 0; i < sizeof at; i++)
		if ((d[i] = (unsigned)(unsigned char)c.p[at[i]] - '0') > 9)
			return false;
	if (d[0] * 10 + d[1] > 23 || d[2] > 5 || d[4] > 5)
		return false;
	*secs = (long long)(d[0] * 10 + d[1]) * 3600 + (d[2] * 10 + d[3]) * 60 + d[4] * 10 + d[5];
	return true;
}

/* The day's epoch from the cache, or computed and cached: false if the
 * date is no valid day. */
static bool day_base(struct day_cache *dc, const char *date, long long *base)
{
	char buf[] = "YYYY-MM-DDT00:00:00Z";

	if (!dc->valid || memcmp(dc->day, date, 10) != 0) {
		memcpy(buf, date, 10);
		if (time_parse_iso8601(buf, sizeof buf - 1, &dc->base) != 0) {
			dc->valid = false;
			return false;
		}
		memcpy(dc->day, date, 10);
		dc->valid = true;
	}
	*base = dc->base;
	return true;
}

/* "YYYY-MM-DD" + "HH:MM:SS[.fff]" (UTC) -> rec->time: the day cache for a
 * plain clock, else time_parse_iso8601 on the whole (the same result). */
static void time_set(struct day_cache *dc, struct record *rec, const char *date,
                     struct sv clock)
{
	char buf[40];
	long long t, secs;

	if (clock_seconds(clock, &secs) && day_base(dc, date, &t)) {
		rec->time = t + secs;
		rec->has_time = true;
		return;
	}
	if (clock.n < 5 || clock.n > 24)
		return;
	memcpy(buf, date, 10);
	buf[10] = 'T';
	memcpy(buf + 11, clock.p, clock.n);
	buf[11 + clock.n] = 'Z';
	if (time_parse_iso8601(buf, clock.n + 12, &t) == 0) {
		rec->time = t;
		rec->has_time = true;
	}
}

static void sv_set_value(struct sv *dst, struct sv v)
{
	if (v.n == 1 && v.p[0] == '-')
		return;         /* "-": empty, field stays absent */
	*dst = v;
}

/* Puts a special column's value (field_of[col] == COL_SPECIAL) where
 * its name says. */
static void column_apply(struct record *rec, enum w3c_col col, struct sv v,
                         struct sv *host_header, struct sv *sitename)
{
	switch (col) {
	case W_STATUS:
		rec->field[FIELD_STATUS] = v;
		break;
	case W_URI:
		if (!rec->field[FIELD_PATH].p)
			sv_set_value(&rec->field[FIELD_PATH], v);
		break;
	case W_HOST_HEADER:
		sv_set_value(host_header, v);
		break;
	case W_SITENAME:
		sv_set_value(sitename, v);
		break;
	case W_TIME_TAKEN:
		record_duration_set(rec, byte_find(v.p, v.p + v.n, '.') ? DG_REQUEST_TIME
		                    : DG_REQUEST_MS, v.p, v.n);
		break;
	default:        /* plain columns: record_fill sets them */
		break;
	}
}

static void record_fill(struct w3c_state *st, const struct sv *v, struct record *rec)
{
	const struct w3c_plan *pl = &st->plan;
	struct sv host_header = { 0 }, sitename = { 0 }, date = { 0 }, clock = { 0 };
	size_t i;

	for (i = 0; i < pl->n; i++) {
		if (pl->field[i] != COL_SPECIAL)
			sv_set_value(&rec->field[pl->field[i]], v[pl->at[i]]);
		else
			column_apply(rec, (enum w3c_col)pl->col[i], v[pl->at[i]],
			             &host_header, &sitename);
	}
	if (pl->date_at >= 0)
		date = v[pl->date_at];
	if (pl->time_at >= 0)
		clock = v[pl->time_at];
	if (host_header.p)
		rec->field[FIELD_VHOST] = host_header;
	else if (!rec->field[FIELD_VHOST].p)
		rec->field[FIELD_VHOST] = sitename;
	if (clock.p) {
		rec->field[FIELD_TIME] = clock;
		if (date.p && date.p + date.n + 1 == clock.p) {
			rec->field[FIELD_TIME].p = date.p;
			rec->field[FIELD_TIME].n = date.n + 1 + clock.n;
		}
		if (date.p && date.n == 10)
			time_set(&st->days, rec, date.p, clock);
		else if (!date.p && st->has_date)
			time_set(&st->days, rec, st->date, clock);
	}
}

enum parse_result w3c_parse(struct w3c_state *st, const char *line, size_t n,
                            struct record *rec)
{
	struct sv v[W3C_FIELDS_MAX];
	size_t count;

	record_clear(rec);
	if (!line)
		return PARSE_MALFORMED;
	n = trimmed_len(line, n);
	if (n > 0 && line[0] == '#') {
		directive(st, line, n);
		return PARSE_DIRECTIVE;
	}
	count = w3c_split(line, n, v, W3C_FIELDS_MAX);
	if (count == 0 || count != st->n_cols)
		return PARSE_MALFORMED;
	record_fill(st, v, rec);
	if (rec->field[FIELD_STATUS].n == 0)
		return PARSE_MALFORMED;
	return PARSE_OK;
}
