/* registry.h: what an HTTP status code means. A read-only table indexed by
 * code (0-999) built from the IANA registry plus vendor rows; any stage may
 * ask it, O(1) per lookup. The built-in table is generated from the CSV files in data/
 * at build time; --registry / --vendor-codes replace or extend it at run
 * time. */
#ifndef STATUSMON_REGISTRY_H
#define STATUSMON_REGISTRY_H

#include <stdbool.h>
#include <stddef.h>
#include "statusmon/error.h"

enum status_class {
	CLASS_1XX, CLASS_2XX, CLASS_3XX, CLASS_4XX, CLASS_5XX, CLASS_INVALID,
	CLASS_COUNT
};

enum status_kind {
	KIND_REGISTERED,  /* IANA names it (including "(Unused)" such as 306) */
	KIND_VENDOR,      /* IANA leaves it unassigned, a vendor row exists  */
	KIND_UNASSIGNED,  /* 100-599, neither                                 */
	KIND_INVALID,     /* not a 3-digit number in 100-599                  */
	KIND_COUNT
};

#define STATUS_CODE_MAX 999   /* codes 0..999 have table entries */

struct vendor_meaning {
	const char *vendor;   /* "nginx", "Cloudflare", ...  */
	const char *reason;   /* "Client Closed Request"     */
	const char *source;   /* where the meaning is documented */
};

struct status_info {
	int code;                  /* 0..999, or -1 for a non-numeric status */
	enum status_class cls;
	enum status_kind kind;
	const char *reason;        /* IANA's, else the first vendor's, else "" */
	const char *reference;     /* IANA reference, "" if none */
	size_t n_vendors;
	const struct vendor_meaning *vendors;
};

struct registry;

/* The table generated from data/ at build time. Never fails (aborts only on
 * out-of-memory). */
struct registry *registry_new_builtin(void);

/* Replaces the IANA part with an IANA-format CSV (Value,Description,
 * Reference; ranges "104-199,Unassigned,"). Vendor rows are kept. Returns 0,
 * or -1 with err naming file:line. */
int registry_load_iana(struct registry *reg, const char *path, struct error *err);

/* Adds vendor rows from a CSV (code,vendor,reason,source). 0 or -1 + err. */
int registry_load_vendors(struct registry *reg, const char *path, struct error *err);

void registry_free(struct registry *reg);

/* The entry for code 0..999; any other value gets the shared invalid entry
 * (code -1). Never NULL. */
const struct status_info *registry_lookup(const struct registry *reg, int code);

/* Parses a status field: exactly three ASCII digits -> 0..999, anything else
 * (including "", "-", "0", "1000", "+200") -> -1. */
int status_code_parse(const char *s, size_t n);

/* Where the IANA part came from ("built-in" or a path) and its date
 * ("2022-06-08" for the built-in table, "" if unknown). */
const char *registry_source(const struct registry *reg);
const char *registry_updated(const struct registry *reg);

/* "1xx".."5xx", "invalid"; "registered", "vendor", "unassigned", "invalid".
 * The *_parse functions return -1 for an unknown name. */
const char *status_class_name(enum status_class cls);
const char *status_kind_name(enum status_kind kind);
int status_class_parse(const char *name);
int status_kind_parse(const char *name);

#endif
