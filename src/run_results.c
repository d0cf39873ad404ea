/* run_results.c: the batch driver's results as the process hands them on:
 * each input and each malformed example as the report context takes them,
 * and the malformed examples on stderr (--show-malformed). Views into the
 * pipeline result; apart from main.c, which keeps the process itself. */
#include <stdio.h>
#include <string.h>
#include "run_results.h"
#include "statusmon/escape.h"
#include "statusmon/xalloc.h"

void print_examples(const struct pipeline_result *res, size_t limit)
{
	size_t i;

	for (i = 0; i < res->examples.n && i < limit; i++) {
		const struct malformed_example *ex = &res->examples.items[i];
		char name[512];

		escape_terminal(name, sizeof name, res->inputs[ex->input].name,
		                strlen(res->inputs[ex->input].name));
		fprintf(stderr, "statusmon: %s:%llu: malformed: ", name,
		        (unsigned long long)ex->line);
		if (ex->empty)
			fputs("(empty line)", stderr);
		else
			escape_terminal_write(stderr, ex->text, ex->len);
		fputs(ex->cut ? "...\n" : "\n", stderr);
	}
}

/* The driver's per-input results as the reports take them. */
struct report_input *report_inputs(const struct pipeline_result *res)
{
	struct report_input *ri = xcalloc(res->n_inputs, sizeof *ri);
	size_t i;

	for (i = 0; i < res->n_inputs; i++) {
		const struct pipeline_input *in = &res->inputs[i];

		ri[i] = (struct report_input){
			.name = in->name, .lines = in->lines, .bytes = in->bytes,
			.failed = in->failed, .format = in->format,
			.parsed = in->tally.parsed, .malformed = in->tally.malformed,
			.directives = in->tally.directives, .filtered = in->tally.filtered,
			.has_file_id = in->has_file_id, .device = in->device, .inode = in->inode,
			.size = in->size, .fingerprint = in->fingerprint[0] ? in->fingerprint : NULL,
			.has_time = in->tally.has_time, .first = in->tally.first,
			.last = in->tally.last,
		};
	}
	return ri;
}

/* The malformed examples as the HTML report shows them (views into res). */
struct report_example *report_examples(const struct pipeline_result *res)
{
	struct report_example *re = xcalloc(res->examples.n + 1, sizeof *re);
	size_t i;

	for (i = 0; i < res->examples.n; i++) {
		const struct malformed_example *ex = &res->examples.items[i];

		re[i] = (struct report_example){
			.input = res->inputs[ex->input].name, .line = ex->line,
			.text = ex->text, .len = ex->len, .cut = ex->cut, .empty = ex->empty,
		};
	}
	return re;
}
