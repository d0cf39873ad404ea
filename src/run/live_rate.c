/* live_rate.c: see live_rate.h. The header's rate and the snapshot's
 * rates are the same notion (count / seconds actually covered), one over
 * the last seconds of wall clock, the other over the chosen window. */
#include <time.h>
#include "live_rate.h"

#define MIN_COVERED 0.25    /* seconds: below this a rate means nothing */

static double clock_seconds(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

double live_clock_mono(void)
{
	return clock_seconds(CLOCK_MONOTONIC_COARSE);
}

double live_clock_wall(void)
{
	return clock_seconds(CLOCK_REALTIME);
}

void live_arrivals_reset(struct live_arrivals *a, double now_mono)
{
	for (int i = 0; i < LIVE_RATE_SLOTS; i++) {
		a->sec[i] = -1;
		a->n[i] = 0;
	}
	a->since = now_mono;
}

void live_arrivals_add(struct live_arrivals *a, double now_mono)
{
	long long sec = (long long)now_mono;
	int slot = (int)(sec % LIVE_RATE_SLOTS);

	if (a->sec[slot] != sec) {
		a->sec[slot] = sec;
		a->n[slot] = 0;
	}
	a->n[slot]++;
}

double live_arrivals_rate(const struct live_arrivals *a, double now_mono)
{
	long long sec = (long long)now_mono, from = sec - (LIVE_RATE_SECONDS - 1);
	double covered = now_mono - (double)from;
	uint64_t n = 0;

	for (int i = 0; i < LIVE_RATE_SLOTS; i++)
		if (a->sec[i] >= from && a->sec[i] <= sec)
			n += a->n[i];
	if (now_mono - a->since < covered)
		covered = now_mono - a->since;
	if (covered < MIN_COVERED)
		covered = MIN_COVERED;
	return (double)n / covered;
}

/* When the counted lines begin: the first line's log time, unless that is
 * within the second counting started (then the start itself, to the
 * fraction); lines from before the start (a log's history) keep theirs. */
static double data_start(const struct snapshot *snap, double since_wall)
{
	double first;

	if (!snap->has_time)
		return since_wall;
	first = (double)snap->first;
	if (first >= (double)(long long)since_wall)
		return first > since_wall ? first : since_wall;
	return first;
}

void live_rate_snapshot(struct snapshot *snap, double since_wall, double now_wall)
{
	double lag = now_wall - (double)snap->last;
	bool live = !snap->has_time || (lag <= LIVE_LAG_SECONDS && lag >= -LIVE_LAG_SECONDS);
	double end = live ? now_wall : (double)snap->last + 1.0;
	double covered = end - data_start(snap, since_wall);
	uint64_t total = 0;

	if (snap->window_seconds == 0 && !live)
		return;                  /* a replay: the run's own span */
	if (snap->window_seconds > 0 && covered > snap->window_seconds)
		covered = snap->window_seconds;
	if (covered < MIN_COVERED)
		covered = MIN_COVERED;
	for (size_t i = 0; i < snap->n_statuses; i++)
		snap->statuses[i].rate = (double)snap->statuses[i].window_count / covered;
	for (int c = 0; c < CLASS_COUNT; c++)
		total += snap->window_by_class[c];
	snap->window_rate = (double)total / covered;
}
