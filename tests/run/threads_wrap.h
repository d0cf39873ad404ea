/* threads_wrap.h: the run tests' pthread_create, linked with
 * --wrap=pthread_create (tests/CMakeLists.txt): fails with EAGAIN while
 * threads_fail is set, else counts the threads it starts. */
#ifndef STATUSMON_THREADS_WRAP_H
#define STATUSMON_THREADS_WRAP_H

#include <errno.h>
#include <pthread.h>

int __real_pthread_create(pthread_t *t, const pthread_attr_t *a, void *(*fn)(void *), void *arg);
int __wrap_pthread_create(pthread_t *t, const pthread_attr_t *a, void *(*fn)(void *), void *arg);
static int threads_fail;
static int threads_started;

int __wrap_pthread_create(pthread_t *t, const pthread_attr_t *a, void *(*fn)(void *), void *arg)
{
	if (threads_fail)
		return EAGAIN;
	threads_started++;
	return __real_pthread_create(t, a, fn, arg);
}

#endif
