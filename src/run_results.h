/* run_results.h: the batch driver's results for the reports and stderr
 * (run_results.c). */
#ifndef STATUSMON_RUN_RESULTS_H
#define STATUSMON_RUN_RESULTS_H

#include <stddef.h>
#include "statusmon/pipeline.h"
#include "statusmon/report.h"

/* The malformed examples on stderr, at most limit, escaped. */
void print_examples(const struct pipeline_result *res, size_t limit);
/* Caller frees (views into res). */
struct report_input *report_inputs(const struct pipeline_result *res);
struct report_example *report_examples(const struct pipeline_result *res);

#endif
