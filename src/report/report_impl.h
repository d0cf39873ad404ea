/* report_impl.h: helpers shared by the report writers, implemented in
 * report.c. Internal to sm_report. */
#ifndef STATUSMON_REPORT_IMPL_H
#define STATUSMON_REPORT_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "statusmon/report.h"

#define REPORT_TIME_MAX 32

/* part as a percentage of whole; 0 when whole is 0 (never nan or inf). */
double report_percent(uint64_t part, uint64_t whole);

#define REPORT_PERCENT_MAX 32

/* report_percent with two decimals ("81.30"), written without printf's
 * %f so no locale can turn the point into a comma. */
void report_percent_str(char buf[REPORT_PERCENT_MAX], uint64_t part, uint64_t whole);

/* t (UTC seconds) as "2015-05-17T10:05:03Z" into buf; false (buf "?") if
 * the time cannot be shown (year outside 0..9999). */
bool report_time_iso(char buf[REPORT_TIME_MAX], long long t);

/* The status's class, kind and reason, safe when info is NULL. */
enum status_class report_status_class(const struct snapshot_status *st);
enum status_kind report_status_kind(const struct snapshot_status *st);
const char *report_status_reason(const struct snapshot_status *st);

/* True for the codes the reports flag: vendor, unassigned or invalid. */
bool report_status_flagged(const struct snapshot_status *st);

/* Items of a top list to show: at most ctx->top_n (all if top_n is 0). */
size_t report_top_count(const struct report_context *ctx, size_t n);

/* Provenance and --merge sections (provenance.c). codes: room for the
 * flagged codes named in the row (cap bytes). */
void report_host_of_snapshot(struct report_host *h, const char *host,
                             const struct snapshot *snap, char *codes, size_t cap);
void report_json_provenance(FILE *out, const struct report_context *ctx,
                            const struct snapshot *snap);
void report_json_input_provenance(FILE *out, const struct report_context *ctx,
                                  const struct report_input *in);
/* CSV: a merged report's host, note and left_out tables (none for a plain run). */
void report_csv_merge(FILE *out, const struct report_context *ctx);

/* Durations (latency_report.c): "request"/"upstream"; a short display
 * form ("12.3ms"); the text section, the JSON "latency" value of one
 * status (lat: its DUR_COUNT histograms, NULL ones as null), the
 * top-level per-class object, and the CSV table (nothing without
 * durations). */
const char *report_duration_name(enum record_duration d);
void report_duration_str(char *buf, size_t cap, double us);
void report_latency_text(FILE *out, const struct report_context *ctx,
                         const struct snapshot *snap);
void report_latency_json(FILE *out, struct latency *const lat[DUR_COUNT]);
void report_latency_json_classes(FILE *out, const struct snapshot *snap);
void report_latency_csv(FILE *out, const struct snapshot *snap);

/* Every line of a timeline bucket, all classes together. */
uint64_t report_bucket_total(const struct snapshot_bucket *b);

#endif
