/* bus_fault.h: what main.c's SIGBUS handler says. A mapped input (see
 * src/input/mapped.c) that another program shrinks while it is read makes
 * the reader's next access past the new end fault (so does a page the
 * disk cannot give); the handler names the file and the process ends
 * without a report (its counts would be short). */
#ifndef STATUSMON_BUS_FAULT_H
#define STATUSMON_BUS_FAULT_H

/* Writes "statusmon: FILE shrank while it was being read ..." to fd 2,
 * FILE found in /proc/self/maps by the faulting address (or "an input
 * file" when /proc cannot tell). Async-signal-safe: only open, read,
 * write and close, no allocation, no stdio. */
void bus_fault_report(const void *addr);

#endif
