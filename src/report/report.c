/* report.c: the report entry points: format names and the dispatch to one
 * writer per format. The helpers the writers share are report_util.c. */
#include <stdio.h>
#include <string.h>
#include "report_impl.h"

int report_format_parse(const char *name)
{
	if (!name)
		return -1;
	if (strcmp(name, "text") == 0)
		return REPORT_TEXT;
	if (strcmp(name, "json") == 0)
		return REPORT_JSON;
	if (strcmp(name, "csv") == 0)
		return REPORT_CSV;
	if (strcmp(name, "prometheus") == 0)
		return REPORT_PROMETHEUS;
	if (strcmp(name, "html") == 0)
		return REPORT_HTML;
	return -1;
}

void report_write(FILE *out, enum report_format fmt, const struct report_context *ctx,
                  const struct snapshot *snap)
{
	switch (fmt) {
	case REPORT_JSON:
		report_json_write(out, ctx, snap);
		break;
	case REPORT_CSV:
		report_csv_write(out, ctx, snap);
		break;
	case REPORT_PROMETHEUS:
		report_prometheus_write(out, ctx, snap);
		break;
	case REPORT_HTML:
		report_html_write(out, ctx, snap);
		break;
	case REPORT_TEXT:
	default:
		report_text_write(out, ctx, snap);
		break;
	}
}
