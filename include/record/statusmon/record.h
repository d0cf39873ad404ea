/* record.h: one parsed log line. Every field is a view (pointer + length)
 * into the line buffer: no allocation, valid only until the next line is
 * read. Absent fields have p == NULL, n == 0. */
#ifndef STATUSMON_RECORD_H
#define STATUSMON_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sv {
	const char *p;
	size_t n;
};

enum record_field {
	FIELD_CLIENT, FIELD_IDENT, FIELD_USER, FIELD_TIME, FIELD_METHOD,
	FIELD_PATH, FIELD_PROTOCOL, FIELD_STATUS, FIELD_BYTES, FIELD_REFERER,
	FIELD_AGENT, FIELD_VHOST,
	FIELD_COUNT
};

/* Durations a log may record, each in integer microseconds. */
enum record_duration {
	DUR_REQUEST,    /* the whole request: $request_time, %D, time-taken, ... */
	DUR_UPSTREAM,   /* the backend's part: $upstream_response_time, HAProxy Tr */
	DUR_COUNT
};

/* Duration groups: the capture names (pattern files, compiled formats)
 * that carry a duration, each with its kind and unit. */
enum record_dur_group {
	DG_REQUEST_TIME, DG_REQUEST_MS, DG_REQUEST_US, DG_REQUEST_NS,
	DG_UPSTREAM_TIME, DG_UPSTREAM_MS, DG_UPSTREAM_US, DG_UPSTREAM_NS,
	DG_COUNT
};

/* The largest duration kept: 2^42 us (about 51 days). Longer values are
 * no duration (counted absent): nothing a web server logs runs that long. */
#define RECORD_DURATION_MAX_US (1ULL << 42)

struct record {
	struct sv field[FIELD_COUNT];
	/* duration_us[d] is valid when bit d of has_duration is set; bit d of
	 * logs_duration says the format records duration d at all, so a line
	 * whose format logs it but whose value is "-", empty or unreadable is
	 * an absent duration (counted), not a format without one. Both are 0
	 * for formats without durations. */
	uint64_t duration_us[DUR_COUNT];
	uint8_t has_duration, logs_duration;
	int64_t time;   /* seconds since the epoch, UTC; valid if has_time */
	bool has_time;
	/* The line ended inside a trailing field, after the status (and the
	 * size, where the format has one): a writer cut off mid-line. Such a
	 * line is parsed (its status counts); the field it ended in holds what
	 * was written of it, the fields after it are absent. False on every
	 * complete line. */
	bool truncated;
};

/* Every field absent, no time, no duration: what a parser returns for a
 * malformed line and starts a line from. Stores, not memset: GCC makes a
 * memset of the record one "rep stos", and perf (Intel Xeon VM, one
 * thread) put 7% of the JSON parser's samples and 5% of the W3C parser's
 * right after it, a start-up cost these few plain stores do not have
 * (by those samples at most 2-3% of a run, below what bench/pair
 * resolves there: not measured as a gain). */
static inline void record_clear(struct record *rec)
{
	for (int f = 0; f < FIELD_COUNT; f++)
		rec->field[f] = (struct sv){ NULL, 0 };
	for (int d = 0; d < DUR_COUNT; d++)
		rec->duration_us[d] = 0;
	rec->has_duration = rec->logs_duration = 0;
	rec->time = 0;
	rec->has_time = false;
	rec->truncated = false;
}

/* Field names as used by pattern named groups and JSON keys ("client",
 * "status", ...); record_field_parse returns -1 for an unknown name. */
const char *record_field_name(enum record_field f);
int record_field_parse(const char *name, size_t n);

/* Duration group by capture name ("request_time", "upstream_ms", ...),
 * -1 for none; its name; the duration it fills. */
int record_dur_group_parse(const char *name, size_t n);
const char *record_dur_group_name(enum record_dur_group g);
enum record_duration record_dur_group_kind(enum record_dur_group g);

/* Reads a logged duration of group g's unit into rec: a decimal number
 * ("0.010", "12", "1.5e-3" is not one), or a list of them separated by
 * ", " or " : " (nginx upstream times, one per upstream tried: summed).
 * "-" elements are skipped; a list of only "-", empty, negative or
 * unreadable text leaves the duration absent. Marks the format as logging
 * it either way. Fractions below the microsecond are cut. */
void record_duration_set(struct record *rec, enum record_dur_group g,
                         const char *p, size_t n);

/* A plain decimal number: at most RECORD_DECIMAL_FAST_MAX characters,
 * digits with at most one "." among them. record_decimal_read reads
 * p[0..n) as one in a pass ("0.012": mant 12, whole 1, frac 3, dot) or
 * returns false; "5." and ".5" are read, so a caller with a stricter
 * grammar checks whole and frac. record_duration_set_decimal then sets it
 * as record_duration_set would set the text; false, with rec untouched,
 * when the value is out of range (record_duration_set on the text then
 * decides). */
#define RECORD_DECIMAL_FAST_MAX 15
struct record_decimal {
	uint64_t mant;
	unsigned whole, frac;   /* digits before and after the dot */
	bool dot;
};
/* Inline: the --format tail and the duration reader call it per line. */
static inline bool record_decimal_read(const char *p, size_t n, struct record_decimal *d)
{
	uint64_t mant = 0;
	size_t i = 0;
	unsigned digit;

	if (!p || n == 0 || n > RECORD_DECIMAL_FAST_MAX)
		return false;
	while (i < n && (digit = (unsigned)(unsigned char)p[i] - '0') < 10) {
		mant = mant * 10 + digit;
		i++;
	}
	d->whole = (unsigned)i;
	d->dot = i < n;
	if (d->dot) {
		if (p[i++] != '.')
			return false;
		while (i < n && (digit = (unsigned)(unsigned char)p[i] - '0') < 10) {
			mant = mant * 10 + digit;
			i++;
		}
		if (i < n)
			return false;
	}
	d->mant = mant;
	d->frac = d->dot ? (unsigned)(n - d->whole - 1) : 0;
	return true;
}

bool record_duration_set_decimal(struct record *rec, enum record_dur_group g,
                                 uint64_t mant, unsigned frac);

/* Splits a request line "METHOD PATH PROTOCOL" into rec's method, path and
 * protocol. A request that is not three space-separated tokens ("-", binary
 * garbage) leaves method and protocol empty and puts the whole request in
 * path. Every parser uses this, so all paths give identical records. */
void record_split_request(struct record *rec, const char *req, size_t n);

/* The same rule for a parser that found the spaces while scanning the
 * request: sp1 and sp2 are its first two spaces (NULL if absent), more
 * says whether a third one follows. */
void record_split_request_at(struct record *rec, const char *req, size_t n,
                             const char *sp1, const char *sp2, bool more);

#endif
