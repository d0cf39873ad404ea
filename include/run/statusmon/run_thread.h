/* run_thread.h: starting threads, one failure policy for every driver. A
 * thread that cannot be started (pthread_create failing: a thread limit,
 * no memory for a stack) is never waited for: the caller learns it at once
 * and either does the same work inline (batch: fewer threads, the same
 * counts) or says so (live: the source is shown as failed). New threads
 * start with every signal blocked: signals are the main thread's. */
#ifndef STATUSMON_RUN_THREAD_H
#define STATUSMON_RUN_THREAD_H

#include <pthread.h>
#include <stdbool.h>

struct run_thread {
	pthread_t tid;
	bool started;
};

/* Starts fn(arg); true if it runs on its own thread, false if not (the
 * caller then runs fn inline or gives up; nothing was started). */
bool run_thread_start(struct run_thread *t, void *(*fn)(void *), void *arg);
/* Waits for a thread that started; does nothing for one that did not. */
void run_thread_join(struct run_thread *t);

#endif
