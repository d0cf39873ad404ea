/* no_threads.c: an LD_PRELOAD shim whose pthread_create always fails with
 * EAGAIN (a process at its thread limit), for tests/cli/test_no_threads.sh:
 * every driver must then finish or fail cleanly, never wait for a thread
 * that was not started. */
#include <errno.h>
#include <pthread.h>

int pthread_create(pthread_t *thread, const pthread_attr_t *attr,
                   void *(*start)(void *), void *arg)
{
	(void)thread;
	(void)attr;
	(void)start;
	(void)arg;
	return EAGAIN;
}
