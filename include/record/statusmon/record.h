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

struct record {
	struct sv field[FIELD_COUNT];
	int64_t time;   /* seconds since the epoch, UTC; valid if has_time */
	bool has_time;
	/* The line ended inside a trailing field, after the status (and the
	 * size, where the format has one): a writer cut off mid-line. Such a
	 * line is parsed (its status counts); the field it ended in holds what
	 * was written of it, the fields after it are absent. False on every
	 * complete line. */
	bool truncated;
};

/* Field names as used by pattern named groups and JSON keys ("client",
 * "status", ...); record_field_parse returns -1 for an unknown name. */
const char *record_field_name(enum record_field f);
int record_field_parse(const char *name, size_t n);

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
