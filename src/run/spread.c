/* spread.c: see spread.h. Apart from pipeline.c because it knows nothing
 * of inputs or formats: one atomic counter hands out task numbers, so a
 * thread slowed by a busy core (or a big file) simply takes fewer. */
#include <stdatomic.h>
#include "spread.h"
#include "statusmon/run_thread.h"

#define SPREAD_MAX_THREADS 64

struct spread {
	size_t n;
	atomic_size_t next;
	void (*fn)(void *ctx, int t, size_t task);
	void *ctx;
};

struct spread_thread {
	struct spread *sp;
	int slot;
	struct run_thread thread;
};

static void *spread_main(void *arg)
{
	struct spread_thread *th = arg;
	struct spread *sp = th->sp;
	size_t task;

	while ((task = atomic_fetch_add(&sp->next, 1)) < sp->n)
		sp->fn(sp->ctx, th->slot, task);
	return NULL;
}

void spread_run(size_t n, int nt, void (*fn)(void *ctx, int t, size_t task), void *ctx)
{
	struct spread sp = { .n = n, .fn = fn, .ctx = ctx };
	struct spread_thread th[SPREAD_MAX_THREADS];
	int k, started = 0;

	atomic_init(&sp.next, 0);
	if (nt > SPREAD_MAX_THREADS)
		nt = SPREAD_MAX_THREADS;
	if (nt < 1)
		nt = 1;
	for (k = 0; k < nt; k++) {
		th[k].sp = &sp;
		th[k].slot = k;
		started += run_thread_start(&th[k].thread, spread_main, &th[k]);
	}
	if (started == 0)
		spread_main(&th[0]);
	for (k = 0; k < nt; k++)
		run_thread_join(&th[k].thread);
}
