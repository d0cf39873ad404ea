/* html_drill.c: the HTML report's per-code drill-down (top paths and
 * clients of every 4xx, 5xx and flagged code, with their Space-Saving
 * error bounds) and the malformed examples with FILE:LINE. These are the
 * sections full of log bytes: each one goes through escape_html_write
 * into a table cell's text, nothing else. <details> opens and closes
 * without JavaScript. */
#include <inttypes.h>
#include "statusmon/escape.h"
#include "html_impl.h"

static bool drill_wanted(const struct snapshot_status *st)
{
	enum status_class c = report_status_class(st);

	return c == CLASS_4XX || c == CLASS_5XX || report_status_flagged(st);
}

static void drill_items(FILE *out, const struct report_context *ctx, size_t si,
                        const char *title, const char *col, const char *key,
                        const struct snapshot_item *items, size_t n)
{
	size_t i, len;

	n = report_top_count(ctx, n);
	fprintf(out, "<div class=\"scroll\"><h3>%s</h3><table><thead><tr><th>%s</th>"
	        "<th class=\"n\">count</th><th class=\"n\">error bound</th></tr></thead>\n<tbody>\n",
	        title, col);
	for (i = 0; i < n; i++) {
		len = items[i].key_len < sizeof items[i].key ? items[i].key_len : sizeof items[i].key;
		fputs("<tr><td class=\"k\">", out);
		escape_html_write(out, items[i].key, len);
		fputs(items[i].key_truncated ? "&hellip;</td><td class=\"n\">" : "</td><td class=\"n\">",
		      out);
		html_count(out, items[i].count, "statuses.%zu.%s.%zu.count", si, key, i);
		fputs("</td><td class=\"n\">", out);
		if (items[i].error == 0) {
			fputs("exact", out);
		} else {
			fputs("&plusmn;", out);
			html_count(out, items[i].error, "statuses.%zu.%s.%zu.error", si, key, i);
		}
		fputs("</td></tr>\n", out);
	}
	if (n == 0)
		fputs("<tr><td colspan=\"3\">none recorded</td></tr>\n", out);
	fputs("</tbody></table></div>\n", out);
}

static void drill_status(FILE *out, const struct report_context *ctx,
                         const struct snapshot_status *st, size_t i, uint64_t counted)
{
	bool open = report_status_class(st) == CLASS_5XX || report_status_flagged(st);

	fprintf(out, "<details%s><summary>", open ? " open" : "");
	html_status_label(out, st);
	fputs(html_marker(st), out);
	fputs(" ", out);
	html_text(out, report_status_reason(st));
	fputs(" &mdash; ", out);
	html_count(out, st->count, "statuses.%zu.count", i);
	fputs(" (", out);
	html_share(out, st->count, counted);
	fputs(")</summary>\n<div class=\"grid\">\n", out);
	drill_items(out, ctx, i, "Top paths", "path", "top_paths", st->paths, st->n_paths);
	drill_items(out, ctx, i, "Top clients", "client", "top_clients", st->clients, st->n_clients);
	fputs("</div>\n</details>\n", out);
}

void html_drill(FILE *out, const struct report_context *ctx, const struct snapshot *snap)
{
	uint64_t counted = snapshot_counted(snap);
	size_t i, shown = 0;

	fputs("<section id=\"drill\">\n<h2>Errors and flagged codes: top paths and clients</h2>\n",
	      out);
	for (i = 0; i < snap->n_statuses; i++) {
		if (!drill_wanted(&snap->statuses[i]))
			continue;
		drill_status(out, ctx, &snap->statuses[i], i, counted);
		shown++;
	}
	if (shown == 0)
		fputs("<p>No 4xx, 5xx, vendor, unassigned or invalid status was counted.</p>\n", out);
	fputs("</section>\n", out);
}

void html_examples(FILE *out, const struct report_context *ctx)
{
	size_t i;

	if (ctx->n_examples == 0)
		return;
	fputs("<section id=\"malformed\">\n<h2>Malformed lines (first examples)</h2>\n"
	      "<div class=\"scroll\"><table><thead><tr><th>where</th><th>line</th></tr></thead>\n"
	      "<tbody>\n", out);
	for (i = 0; i < ctx->n_examples; i++) {
		const struct report_example *ex = &ctx->examples[i];

		fputs("<tr><td class=\"k\">", out);
		html_text(out, ex->input ? ex->input : "-");
		fprintf(out, ":%" PRIu64 "</td><td class=\"k\">", ex->line);
		if (ex->empty)
			fputs("(empty line)", out);
		else
			escape_html_write(out, ex->text, ex->len);
		fputs(ex->cut ? "&hellip;</td></tr>\n" : "</td></tr>\n", out);
	}
	fputs("</tbody></table></div>\n</section>\n", out);
}
