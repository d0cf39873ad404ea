/* report_util.c: the small helpers every report writer shares
 * (percentages, UTC times, status labels, how many top entries to show),
 * so text, JSON, CSV, Prometheus and HTML agree on every number they
 * print. Apart from report.c, which only names and dispatches formats. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "report_impl.h"

double report_percent(uint64_t part, uint64_t whole)
{
	if (whole == 0)
		return 0.0;
	return 100.0 * (double)part / (double)whole;
}

void report_percent_str(char buf[REPORT_PERCENT_MAX], uint64_t part, uint64_t whole)
{
	double hundredths = report_percent(part, whole) * 100.0 + 0.5;
	uint64_t h = hundredths < 1e18 ? (uint64_t)hundredths : 0;

	snprintf(buf, REPORT_PERCENT_MAX, "%" PRIu64 ".%02u", h / 100, (unsigned)(h % 100));
}

bool report_time_iso(char buf[REPORT_TIME_MAX], long long t)
{
	struct tm tm;
	time_t tt = (time_t)t;

	if ((long long)tt != t || !gmtime_r(&tt, &tm) ||
	    tm.tm_year < -1900 || tm.tm_year > 9999 - 1900) {
		strcpy(buf, "?");
		return false;
	}
	/* the modulos change nothing in range; they bound the width for gcc */
	snprintf(buf, REPORT_TIME_MAX, "%04u-%02u-%02uT%02u:%02u:%02uZ",
	         (unsigned)(tm.tm_year + 1900) % 10000u, (unsigned)(tm.tm_mon + 1) % 100u,
	         (unsigned)tm.tm_mday % 100u, (unsigned)tm.tm_hour % 100u,
	         (unsigned)tm.tm_min % 100u, (unsigned)tm.tm_sec % 100u);
	return true;
}

enum status_class report_status_class(const struct snapshot_status *st)
{
	if (!st->info || st->info->cls >= CLASS_COUNT)
		return CLASS_INVALID;
	return st->info->cls;
}

enum status_kind report_status_kind(const struct snapshot_status *st)
{
	if (!st->info || st->info->kind >= KIND_COUNT)
		return KIND_INVALID;
	return st->info->kind;
}

const char *report_status_reason(const struct snapshot_status *st)
{
	return st->info && st->info->reason ? st->info->reason : "";
}

bool report_status_flagged(const struct snapshot_status *st)
{
	return report_status_kind(st) != KIND_REGISTERED;
}

size_t report_top_count(const struct report_context *ctx, size_t n)
{
	if (ctx->top_n > 0 && n > ctx->top_n)
		return ctx->top_n;
	return n;
}

uint64_t report_bucket_total(const struct snapshot_bucket *b)
{
	uint64_t t = 0;
	int c;

	for (c = 0; c < CLASS_COUNT; c++)
		t += b->by_class[c];
	return t;
}
