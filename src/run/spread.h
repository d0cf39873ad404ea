/* spread.h: a set of tasks (the inputs of a batch run) spread over threads,
 * each task run once, taken in order as a thread gets free. Private to the
 * batch driver. */
#ifndef STATUSMON_SPREAD_H
#define STATUSMON_SPREAD_H

#include <stddef.h>

/* Runs fn(ctx, t, task) for task = 0 .. n-1 on up to nt threads, t being
 * the thread's slot (0 .. nt-1: its own worker and stats). A thread takes
 * its tasks in increasing order. When no thread can be started, this
 * thread runs them all as slot 0. */
void spread_run(size_t n, int nt, void (*fn)(void *ctx, int t, size_t task), void *ctx);

#endif
