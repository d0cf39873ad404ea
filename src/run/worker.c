/* worker.c: the per-line stage every thread runs: parse the line, look its
 * status up in the registry, filter, count. Apart from the drivers so that
 * the batch and the live drivers count a line in exactly the same way; the
 * example list is here because every driver collects a worker's examples. */
#include <stdlib.h>
#include <string.h>
#include "statusmon/worker.h"
#include "statusmon/xalloc.h"

int worker_init(struct worker *w, const struct run_config *cfg,
                const struct format *fmt, struct stats *stats, struct error *err)
{
	memset(w, 0, sizeof *w);
	w->registry = cfg->registry;
	w->stats = stats;
	worker_set_filter(w, cfg->filter);
	if (worker_set_format(w, fmt, err) < 0) {
		worker_destroy(w);
		return -1;
	}
	w->max_examples = cfg->show_malformed;
	if (w->max_examples)
		w->examples = xcalloc(w->max_examples, sizeof *w->examples);
	return 0;
}

int worker_set_format(struct worker *w, const struct format *fmt, struct error *err)
{
	parser_free(w->parser);
	w->parser = NULL;
	if (!fmt)
		return 0;
	w->parser = parser_new(fmt, err);
	return w->parser ? 0 : -1;
}

void worker_set_filter(struct worker *w, const struct filter *filter)
{
	filter_scratch_free(w->scratch);
	w->scratch = NULL;
	w->filter = filter && !filter_is_empty(filter) ? filter : NULL;
	if (w->filter)
		w->scratch = filter_scratch_new(w->filter);
}

static void keep_example(struct worker *w, const struct input_line *line)
{
	struct malformed_example *ex;

	if (w->n_examples >= w->max_examples)
		return;
	ex = &w->examples[w->n_examples++];
	ex->input = w->input;
	ex->line = line->number;
	ex->len = line->n < EXAMPLE_TEXT_MAX ? line->n : EXAMPLE_TEXT_MAX;
	ex->cut = line->n > EXAMPLE_TEXT_MAX || line->truncated;
	ex->empty = line->n == 0;
	memcpy(ex->text, line->p, ex->len);
}

static void count_malformed(struct worker *w, const struct input_line *line, bool directive)
{
	stats_count_malformed(w->stats, directive);
	if (directive) {
		w->tally.directives++;
	} else {
		w->tally.malformed++;
		keep_example(w, line);
	}
}

static void tally_time(struct worker_tally *t, long long time)
{
	if (!t->has_time || time < t->first)
		t->first = time;
	if (!t->has_time || time > t->last)
		t->last = time;
	t->has_time = true;
}

enum parse_result worker_line(struct worker *w, const struct input_line *line)
{
	struct record rec;
	enum parse_result r;
	const struct sv *status;
	const struct status_info *info;

	if (line->truncated || !w->parser) {
		count_malformed(w, line, false);
		return PARSE_MALFORMED;
	}
	r = parser_parse(w->parser, line->p, line->n, &rec);
	if (r != PARSE_OK) {
		count_malformed(w, line, r == PARSE_DIRECTIVE);
		return r;
	}
	status = &rec.field[FIELD_STATUS];
	info = registry_lookup(w->registry, status_code_parse(status->p, status->n));
	w->tally.parsed++;
	if (rec.has_time)
		tally_time(&w->tally, rec.time);
	if (w->filter && !filter_accept(w->filter, w->scratch, &rec, info)) {
		w->tally.filtered++;
		stats_count_filtered(w->stats, &rec);
	} else {
		stats_add(w->stats, &rec, info, line->p, line->n);
	}
	return PARSE_OK;
}

void worker_tally_add(struct worker_tally *dst, const struct worker_tally *src)
{
	dst->parsed += src->parsed;
	dst->malformed += src->malformed;
	dst->directives += src->directives;
	dst->filtered += src->filtered;
	if (src->has_time) {
		tally_time(dst, src->first);
		tally_time(dst, src->last);
	}
}

void worker_destroy(struct worker *w)
{
	parser_free(w->parser);
	filter_scratch_free(w->scratch);
	free(w->examples);
	memset(w, 0, sizeof *w);
}

void example_list_append(struct example_list *list, const struct worker *w,
                         size_t from, size_t to, uint64_t line_offset)
{
	size_t i;

	if (to <= from)
		return;
	list->items = xreallocarray(list->items, list->n + (to - from), sizeof *list->items);
	for (i = from; i < to; i++) {
		list->items[list->n] = w->examples[i];
		list->items[list->n++].line += line_offset;
	}
}

static int example_order(const void *a, const void *b)
{
	const struct malformed_example *x = a, *y = b;

	if (x->input != y->input)
		return x->input < y->input ? -1 : 1;
	return (x->line > y->line) - (x->line < y->line);
}

void example_list_finish(struct example_list *list, size_t max)
{
	if (list->n)
		qsort(list->items, list->n, sizeof *list->items, example_order);
	if (list->n > max)
		list->n = max;
}

void example_list_free(struct example_list *list)
{
	free(list->items);
	memset(list, 0, sizeof *list);
}
