/* worker.c: the per-line stage every thread runs: parse the line, look its
 * status up in the registry, filter, count. Apart from pipeline.c so that
 * the batch and the live drivers count a line in exactly the same way. */
#include <stdlib.h>
#include <string.h>
#include "pipeline.h"

int worker_init(struct worker *w, const struct pipeline_config *cfg,
                const struct format *fmt, struct stats *stats, struct error *err)
{
	memset(w, 0, sizeof *w);
	w->registry = cfg->registry;
	w->stats = stats;
	if (cfg->filter && !filter_is_empty(cfg->filter)) {
		w->filter = cfg->filter;
		w->scratch = filter_scratch_new(cfg->filter);
	}
	if (fmt) {
		w->parser = parser_new(fmt, err);
		if (!w->parser) {
			filter_scratch_free(w->scratch);
			return -1;
		}
	}
	w->max_examples = cfg->show_malformed;
	if (w->max_examples) {
		w->examples = calloc(w->max_examples, sizeof *w->examples);
		if (!w->examples)
			abort();
	}
	return 0;
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
	if (w->lock)
		pthread_mutex_lock(w->lock);
	stats_count_malformed(w->stats, directive);
	if (w->lock)
		pthread_mutex_unlock(w->lock);
	if (!directive)
		keep_example(w, line);
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
	if (w->lock)
		pthread_mutex_lock(w->lock);
	if (w->filter && !filter_accept(w->filter, w->scratch, &rec, info))
		stats_count_filtered(w->stats, &rec);
	else
		stats_add(w->stats, &rec, info, line->p, line->n);
	if (w->lock)
		pthread_mutex_unlock(w->lock);
	return PARSE_OK;
}

void worker_destroy(struct worker *w)
{
	parser_free(w->parser);
	filter_scratch_free(w->scratch);
	free(w->examples);
	memset(w, 0, sizeof *w);
}
