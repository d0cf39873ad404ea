/* xalloc.h: the one allocation failure policy. Running out of memory is
 * not an error statusmon can recover from in any useful way (every
 * structure is bounded, so it means the machine is out), so these abort
 * with a message instead of returning NULL, as tmux's xmalloc and htop's
 * XUtils do. It follows that a NULL + struct error from any statusmon
 * function always means a recoverable error (a bad file, a bad option),
 * never "out of memory", and every such return is checked. */
#ifndef STATUSMON_XALLOC_H
#define STATUSMON_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);                  /* size 0 is taken as 1 */
void *xcalloc(size_t n, size_t size);        /* n or size 0 is taken as 1 */
/* As xcalloc, starting on a 64-byte cache line, the size rounded up to
 * whole lines: for an array of per-thread state whose type is
 * _Alignas(64), so that no two threads' elements share a line. */
void *xcalloc_lines(size_t n, size_t size);
void *xrealloc(void *p, size_t size);        /* size 0 is taken as 1 */
void *xreallocarray(void *p, size_t n, size_t size);   /* overflow aborts */
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);      /* s holds at least n bytes */

#endif
