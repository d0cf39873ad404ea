/* carry_scan.h: the state each range of a stateful format (W3C) starts
 * from, found by scanning the ranges' directive lines in parallel. Private
 * to the batch driver. */
#ifndef STATUSMON_CARRY_SCAN_H
#define STATUSMON_CARRY_SCAN_H

#include <sys/types.h>
#include "statusmon/error.h"
#include "statusmon/parse.h"

/* For the n ranges [bounds[k], bounds[k+1]) of path, scanned on up to nt
 * threads: an array of n carries, entry k being what ranges 0..k-1 leave
 * (entry 0 NULL: the start of the file), for parser_resume. NULL + err if a
 * range could not be read. Free with carry_scan_free(entries, n). */
struct parse_carry **carry_scan_ranges(const char *path, const off_t *bounds, int n,
                                       int nt, struct error *err);
void carry_scan_free(struct parse_carry **entries, int n);

#endif
