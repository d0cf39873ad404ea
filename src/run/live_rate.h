/* live_rate.h: the live screen's two rates, apart from live.c so that
 * their definitions sit in one place (internal to sm_run).
 * - The header's lines/s: lines counted over the last LIVE_RATE_SECONDS of
 *   wall clock, divided by the seconds that span actually covers (less
 *   right after start or a reset).
 * - A snapshot's rates: per second of the time its window covers,
 *   min(window, time since the first line counted after start or reset),
 *   not the whole window length. */
#ifndef STATUSMON_LIVE_RATE_H
#define STATUSMON_LIVE_RATE_H

#include <stdint.h>
#include "statusmon/snapshot.h"

#define LIVE_RATE_SECONDS 5
#define LIVE_RATE_SLOTS 8          /* > LIVE_RATE_SECONDS: one per second */
#define LIVE_LAG_SECONDS 120       /* newest log time this close to the
                                      wall clock: the input is live      */

/* Lines per monotonic second, a ring of the last LIVE_RATE_SLOTS. */
struct live_arrivals {
	long long sec[LIVE_RATE_SLOTS];
	uint64_t n[LIVE_RATE_SLOTS];
	double since;                  /* monotonic time counting started    */
};

double live_clock_mono(void);      /* CLOCK_MONOTONIC_COARSE, seconds   */
double live_clock_wall(void);      /* CLOCK_REALTIME, seconds           */

void live_arrivals_reset(struct live_arrivals *a, double now_mono);
void live_arrivals_add(struct live_arrivals *a, double now_mono);
/* Lines per second over the last LIVE_RATE_SECONDS (see above). */
double live_arrivals_rate(const struct live_arrivals *a, double now_mono);

/* Rewrites snap's rates (each status's rate and window_rate) as counts per
 * second of the time the window covers. since_wall: when counting started
 * (start, reset or view change), wall clock; now_wall: the wall clock now.
 * A replayed log (newest time far from the clock) keeps "all"'s span rates
 * and measures its windows against its own newest time. */
void live_rate_snapshot(struct snapshot *snap, double since_wall, double now_wall);

#endif
