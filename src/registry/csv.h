/* csv.h: a small RFC 4180 reader over a whole file held in memory. Shared by
 * the build-time generator (gen/registry_gen.c) and the run-time loader
 * (load.c), so the built-in table and a --registry file are read the same
 * way. Fields are unquoted in place and NUL-terminated inside the buffer. */
#ifndef STATUSMON_REGISTRY_CSV_H
#define STATUSMON_REGISTRY_CSV_H

#include <stddef.h>
#include "statusmon/error.h"

#define CSV_MAX_FIELDS 8            /* fields stored per record           */
#define CSV_MAX_FILE (4u << 20)     /* data files are small: 4 MiB at most */

struct csv_reader {
	const char *path;           /* for messages only                   */
	char *buf;                  /* the file, NUL-terminated, not owned */
	size_t len, pos;
	unsigned line;              /* line the next record starts on      */
};

struct csv_record {
	unsigned line;              /* line the record starts on (1-based) */
	size_t n;                   /* number of fields, may exceed the max */
	char *field[CSV_MAX_FIELDS];
	size_t len[CSV_MAX_FIELDS];
};

/* Reads the whole file into a malloc'd, NUL-terminated buffer (*buf, owned
 * by the caller; *len excludes the NUL). A leading UTF-8 BOM is dropped.
 * 0, or -1 with err "PATH: why". */
int csv_read_file(const char *path, char **buf, size_t *len, struct error *err);

/* buf holds len bytes plus a NUL at buf[len] (as csv_read_file gives). */
void csv_init(struct csv_reader *r, const char *path, char *buf, size_t len);

/* The next record: 1, 0 at the end, -1 with err "PATH:LINE: what; expected
 * ...". Empty lines are skipped. Lines end in LF or CRLF. */
int csv_next(struct csv_reader *r, struct csv_record *rec, struct error *err);

#endif
