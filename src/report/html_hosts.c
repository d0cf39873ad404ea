/* html_hosts.c: the HTML report's per-host table for a merged report
 * (--merge): one row per host with its lines, counted lines, 5xx and their
 * share, flagged lines and the flagged codes it saw, then how the merge
 * was made (notes) and the reports it left out. Shown when more than one
 * report or host went in, or a report was left out (a plain run's one
 * host says nothing the header does not). Host names, codes, notes and file names come from
 * report files, so they are untrusted: text content through html_text
 * only; counts are <data data-k="hosts.N.KEY"> like the JSON's "hosts". */
#include <string.h>
#include "html_impl.h"

static void host_row(FILE *out, const struct report_host *h, size_t i)
{
	fputs("<tr><td class=\"k\">", out);
	html_text(out, h->host ? h->host : "?");
	fputs("</td><td class=\"n\">", out);
	html_count(out, h->lines, "hosts.%zu.lines", i);
	fputs("</td><td class=\"n\">", out);
	html_count(out, h->counted, "hosts.%zu.counted", i);
	fputs("</td><td class=\"n\">", out);
	html_count(out, h->c5xx, "hosts.%zu.5xx", i);
	fputs("</td><td class=\"n\">", out);
	html_share(out, h->c5xx, h->counted);
	fputs("</td><td>", out);
	html_bar(out, "c5", h->c5xx, h->counted);
	fputs("</td><td class=\"n\">", out);
	html_count(out, h->flagged, "hosts.%zu.flagged", i);
	fputs("</td><td class=\"k\">", out);
	html_text(out, h->flagged_codes ? h->flagged_codes : "");
	fputs("</td></tr>\n", out);
}

static void merge_list(FILE *out, const char *title, const char *const *items, size_t n)
{
	if (!n)
		return;
	fprintf(out, "<h3>%s</h3>\n<ul>\n", title);
	for (size_t i = 0; i < n; i++) {
		fputs("<li class=\"k\">", out);
		html_text(out, items[i]);
		fputs("</li>\n", out);
	}
	fputs("</ul>\n", out);
}

void html_hosts(FILE *out, const struct report_context *ctx)
{
	if (!(ctx->n_reports > 1 || ctx->n_hosts > 1 || ctx->n_left_out))
		return;
	fprintf(out, "<section id=\"hosts\">\n<h2>Hosts</h2>\n<p>%zu report%s merged.</p>\n",
	        ctx->n_reports, ctx->n_reports == 1 ? "" : "s");
	fputs("<div class=\"scroll\"><table id=\"host-table\">\n<thead><tr><th>host</th>"
	      "<th class=\"n\">lines</th><th class=\"n\">counted</th><th class=\"n\">5xx</th>"
	      "<th class=\"n\">5xx share</th><th></th><th class=\"n\">flagged</th>"
	      "<th>flagged codes</th></tr></thead>\n<tbody>\n", out);
	for (size_t i = 0; i < ctx->n_hosts; i++)
		host_row(out, &ctx->hosts[i], i);
	fputs("</tbody></table></div>\n", out);
	merge_list(out, "How the merge was made", ctx->notes, ctx->n_notes);
	merge_list(out, "Reports left out", ctx->left_out, ctx->n_left_out);
	fputs("</section>\n", out);
}
