/* load.h: the two data files as validated rows, plus the rows generated
 * from data/ at build time. Shared by the generator (which turns rows into
 * C) and registry.c (which turns rows into the lookup table), so a bad row
 * is refused the same way at build time and at run time. */
#ifndef STATUSMON_REGISTRY_LOAD_H
#define STATUSMON_REGISTRY_LOAD_H

#include <stddef.h>
#include "statusmon/error.h"

#define LOAD_CODE_MIN 100
#define LOAD_CODE_MAX 599
#define LOAD_MAX_VENDOR_ROWS 10000
#define LOAD_MAX_FIELD 512          /* bytes per field */

/* One row of an IANA-format file: a code (lo == hi) or an unassigned
 * range. description "Unassigned" (any case) means IANA gives no name. */
struct iana_row {
	int lo, hi;
	const char *description;
	const char *reference;
	unsigned line;
};

/* One row of a vendor file: what one vendor means by one code. */
struct vendor_row {
	int code;
	const char *vendor;
	const char *reason;
	const char *source;         /* may be "" in a run-time file */
	unsigned line;
};

/* Rows read from a file. The strings point into buf; all owned here. */
struct iana_file {
	char *buf;
	struct iana_row *rows;
	size_t n;
};

struct vendor_file {
	char *buf;
	struct vendor_row *rows;
	size_t n;
};

/* Reads and validates an IANA-format CSV (header Value,Description,Reference;
 * every code 100-599 exactly once, as a value or an Unassigned range).
 * 0, or -1 with err "PATH:LINE: what is wrong; expected ..." and f empty. */
int iana_file_read(const char *path, struct iana_file *f, struct error *err);
void iana_file_free(struct iana_file *f);

/* Reads and validates a vendor CSV (header Code,Vendor,Reason,Source; codes
 * 100-599; one row per (code, vendor)). 0, or -1 with err as above. */
int vendor_file_read(const char *path, struct vendor_file *f, struct error *err);
void vendor_file_free(struct vendor_file *f);

/* true if an IANA description means "no name" ("Unassigned"). */
int iana_unassigned(const char *description);

/* The built-in rows, generated into registry_table.c by registry_gen. */
extern const char registry_builtin_updated[];
extern const struct iana_row registry_builtin_iana[];
extern const size_t registry_builtin_iana_count;
extern const struct vendor_row registry_builtin_vendors[];
extern const size_t registry_builtin_vendor_count;

#endif
