/* fuzz_util.h: what the libFuzzer harnesses share. Splitting the input into
 * lines, each copied into a heap buffer of exactly its length (so reading
 * one byte past it is an ASan error, as it would be at the end of the
 * reader's buffer), checking a record's views, and failing loudly: a broken
 * invariant is an abort, which libFuzzer saves as a crasher. Header-only so
 * that each harness stays one translation unit. */
#ifndef STATUSMON_FUZZ_UTIL_H
#define STATUSMON_FUZZ_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "statusmon/parse.h"
#include "statusmon/record.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Prints why and aborts: libFuzzer (or the replay driver) reports it. */
#define FUZZ_CHECK(cond, ...) do { \
	if (!(cond)) { \
		fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__, __LINE__, #cond); \
		fprintf(stderr, __VA_ARGS__); \
		fputc('\n', stderr); \
		abort(); \
	} \
} while (0)

/* A copy of data[0..n) in a buffer of exactly n bytes (1 if n is 0). */
static inline char *fuzz_dup(const uint8_t *data, size_t n)
{
	char *p = malloc(n ? n : 1);

	if (!p)
		abort();
	if (n)
		memcpy(p, data, n);
	return p;
}

/* A NUL-terminated copy of data[0..n), cut at the first NUL. */
static inline char *fuzz_strdup(const uint8_t *data, size_t n)
{
	size_t len = strnlen((const char *)data, n);
	char *p = malloc(len + 1);

	if (!p)
		abort();
	memcpy(p, data, len);
	p[len] = '\0';
	return p;
}

/* Calls fn(line, len, ctx) for each '\n'-separated line of data, each in
 * its own exact-size buffer, like the reader hands them out (the '\n' is
 * not part of the line; a last line without one still counts). */
static inline void fuzz_each_line(const uint8_t *data, size_t size,
                                  void (*fn)(const char *, size_t, void *), void *ctx)
{
	size_t start = 0, i;

	for (i = 0; i <= size; i++) {
		if (i < size && data[i] != '\n')
			continue;
		if (i == size && start == size && size > 0)
			break;
		char *line = fuzz_dup(data + start, i - start);

		fn(line, i - start, ctx);
		free(line);
		start = i + 1;
	}
}

/* Every field of rec is absent (NULL, 0) or a readable view; when inside
 * is non-NULL the view must lie within inside[0..n). Reads every byte so
 * ASan sees a dangling or out-of-bounds view. */
static inline void fuzz_check_record(const struct record *rec, const char *inside,
                                     size_t n)
{
	volatile unsigned sum = 0;
	int f;

	for (f = 0; f < FIELD_COUNT; f++) {
		const struct sv *v = &rec->field[f];
		size_t i;

		if (!v->p) {
			FUZZ_CHECK(v->n == 0, "field %s: NULL view of %zu bytes",
			           record_field_name((enum record_field)f), v->n);
			continue;
		}
		if (inside)
			FUZZ_CHECK(v->p >= inside && v->n <= n &&
			           (size_t)(v->p - inside) <= n - v->n,
			           "field %s outside its line",
			           record_field_name((enum record_field)f));
		for (i = 0; i < v->n; i++)
			sum += (unsigned char)v->p[i];
	}
	(void)sum;
}

/* Differential harnesses: the same time and truncated flag; with
 * durations, also the same duration flags and values (where set). */
static inline bool fuzz_record_rest_same(const struct record *a, const struct record *b,
                                         bool durations)
{
	int f;

	if (a->has_time != b->has_time || (a->has_time && a->time != b->time) ||
	    a->truncated != b->truncated)
		return false;
	if (!durations)
		return true;
	for (f = 0; f < DUR_COUNT; f++)
		if ((a->has_duration & (1u << f)) && a->duration_us[f] != b->duration_us[f])
			return false;
	return a->has_duration == b->has_duration && a->logs_duration == b->logs_duration;
}

/* Differential harnesses: two records with their fields at the same
 * places, and the same time and truncated flag; with durations, also the
 * same duration flags and values. */
static inline bool fuzz_records_same(const struct record *a, const struct record *b,
                                     bool durations)
{
	int f;

	for (f = 0; f < FIELD_COUNT; f++)
		if (a->field[f].p != b->field[f].p || a->field[f].n != b->field[f].n)
			return false;
	return fuzz_record_rest_same(a, b, durations);
}

/* What a differential harness prints about one side before aborting. */
static inline void fuzz_record_dump(const char *what, const char *line, enum parse_result r,
                                    const struct record *rec)
{
	int f;

	fprintf(stderr, "  %s: result %d\n", what, (int)r);
	for (f = 0; f < FIELD_COUNT && r == PARSE_OK; f++)
		fprintf(stderr, "    %-8s @%td+%zu\n", record_field_name((enum record_field)f),
		        rec->field[f].p ? rec->field[f].p - line : -1, rec->field[f].n);
	if (r == PARSE_OK)
		fprintf(stderr, "    time %d/%lld truncated %d durations %x/%x %llu %llu\n",
		        rec->has_time, (long long)rec->time, rec->truncated, rec->has_duration,
		        rec->logs_duration, (unsigned long long)rec->duration_us[0],
		        (unsigned long long)rec->duration_us[1]);
}

#endif
