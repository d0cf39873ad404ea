/* run_thread.c: see run_thread.h. Kept to one place so that the batch
 * ranges, the fan-out and the live sources cannot differ in how they
 * handle a thread that was not to be had (once, one of them hung). */
#include <signal.h>
#include "statusmon/run_thread.h"

bool run_thread_start(struct run_thread *t, void *(*fn)(void *), void *arg)
{
	sigset_t all, old;

	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	t->started = pthread_create(&t->tid, NULL, fn, arg) == 0;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return t->started;
}

void run_thread_join(struct run_thread *t)
{
	if (t->started)
		pthread_join(t->tid, NULL);
	t->started = false;
}
