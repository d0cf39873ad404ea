/* main.c: the process. Parses options, loads the registry, picks the job
 * (explain, list, batch report or live screen), and owns everything
 * process-wide: locale, signals (and -o's temporary file, which they
 * remove; SIGBUS from a mapped input that shrank), stdout/stderr messages,
 * a failed stdout, and the exit code (0 ok, 1 runtime error, 2 usage
 * error, 3 a --fail-on rule held). */
#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <locale.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "bus_fault.h"
#include "cli.h"
#include "listing.h"
#include "run_results.h"
#include "live_proc.h"
#include "statusmon/escape.h"
#include "statusmon/live_run.h"
#include "statusmon/merge.h"
#include "statusmon/pipeline.h"
#include "statusmon/registry.h"
#include "statusmon/report.h"
#include "statusmon/serve.h"
#include "statusmon/tui.h"
#include "statusmon/xalloc.h"

enum exit_code { EXIT_OK = 0, EXIT_RUNTIME = 1, EXIT_USAGE = 2, EXIT_ALERT = 3 };

/* Every message may carry a file name or an option value: no raw control
 * byte reaches the terminal. */
static void print_error(void *ctx, const char *msg)
{
	(void)ctx;
	fputs("statusmon: ", stderr);
	escape_message_write(stderr, msg);
	fputc('\n', stderr);
}

static int usage_error(const char *msg)
{
	print_error(NULL, msg);
	fputs("Try 'statusmon --help' for more information.\n", stderr);
	return EXIT_USAGE;
}

static struct registry *load_registry(const struct options *opt, struct error *err)
{
	struct registry *reg = registry_new_builtin();
	int i;

	if (opt->registry_path && registry_load_iana(reg, opt->registry_path, err) < 0)
		goto fail;
	for (i = 0; i < opt->n_vendor_paths; i++)
		if (registry_load_vendors(reg, opt->vendor_paths[i], err) < 0)
			goto fail;
	return reg;
fail:
	registry_free(reg);
	return NULL;
}

static int default_threads(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > 64 ? 64 : (int)n;
}

/* STATUSMON_TEST_CARRY_BLOCK, for tests only (tests/cli/test_w3c_held.sh):
 * the size in bytes of the chunks a W3C file is cut into for threads, so a
 * small file has many chunk boundaries. Not documented for users. */
static long long test_carry_block(void)
{
	const char *v = getenv("STATUSMON_TEST_CARRY_BLOCK");

	return v ? strtoll(v, NULL, 10) : 0;
}

static void run_config_init(struct run_config *cfg, const struct options *opt,
                                 const struct registry *reg)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->registry = reg;
	cfg->filter = opt->filter;
	cfg->format_spec = opt->format_spec;
	cfg->patterns_dir = opt->patterns_dir;
	cfg->fast_path = opt->fast_path;
	cfg->read = opt->read;
	cfg->threads = opt->threads ? opt->threads : default_threads();
	cfg->stats.registry = reg;
	cfg->stats.top_n = opt->top_n;
	cfg->stats.bucket_seconds = opt->bucket_seconds;
	cfg->stats.hash_seed = stats_seed_new();   /* one per run: threads' stats merge */
	cfg->stats.label_fields = opt->metrics_labels;
	cfg->stats.label_max = opt->metrics_max;
	cfg->show_malformed = opt->show_malformed;
	cfg->on_error = print_error;
	cfg->follow_from_end = opt->listen && !opt->from_start;
	cfg->carry_block = test_carry_block();
}

/* The prometheus report's "report" label: --report-label, else -o's file
 * name without its directory and ".prom", else "statusmon". */
static const char *report_label(const struct options *opt, char *buf, size_t cap)
{
	const char *base, *dot;
	size_t n;

	if (opt->report_label)
		return opt->report_label;
	if (!opt->output_path)
		return "statusmon";
	base = strrchr(opt->output_path, '/');
	base = base ? base + 1 : opt->output_path;
	dot = strrchr(base, '.');
	n = dot && dot != base && !strcmp(dot, ".prom") ? (size_t)(dot - base) : strlen(base);
	snprintf(buf, cap, "%.*s", (int)(n < cap ? n : cap - 1), base);
	return buf;
}

static bool use_color(const struct options *opt, FILE *out)
{
	if (opt->color >= 0)
		return opt->color == 1;
	return !opt->output_path && isatty(fileno(out)) && !getenv("NO_COLOR");
}

/* -o's temporary file while it exists, for on_output_signal: the one piece
 * of process-wide mutable state, owned here with the signals. */
static const char *volatile output_tmp;

/* SIGINT/SIGTERM/SIGHUP while -o is open: remove the temporary file, then
 * die of the signal as if unhandled. Only async-signal-safe calls. */
static void on_output_signal(int sig)
{
	const char *tmp = output_tmp;

	if (tmp && tmp[0])
		unlink(tmp);
	signal(sig, SIG_DFL);
	raise(sig);
}

static const int output_signals[] = { SIGINT, SIGTERM, SIGHUP };

/* SIGBUS at an address of a mapped file that has no data: an input that
 * mapped.c maps (a regular file unchanged for a minute) shrank while it
 * was read, or a page of it could not be read from the disk. Its counts
 * would be short and nothing can resume the read, so the file is named,
 * -o's temporary file removed, and the process ends with status 1 and no
 * report. Any other SIGBUS dies as unhandled. */
static void on_bus_error(int sig, siginfo_t *si, void *ctx)
{
	const char *tmp = output_tmp;

	(void)ctx;
	if (si->si_code != BUS_ADRERR) {
		signal(sig, SIG_DFL);
		raise(sig);
		return;
	}
	bus_fault_report(si->si_addr);
	if (tmp && tmp[0])
		unlink(tmp);
	_exit(EXIT_RUNTIME);
}

static void bus_error_install(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_bus_error;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGBUS, &sa, NULL);
}

/* Blocks (block true) or restores the output signals around the moments
 * the temporary file's name changes, so the handler sees a whole name. */
static void output_signals_mask(bool block, sigset_t *saved)
{
	sigset_t set;
	size_t i;

	if (!block) {
		pthread_sigmask(SIG_SETMASK, saved, NULL);
		return;
	}
	sigemptyset(&set);
	for (i = 0; i < sizeof output_signals / sizeof output_signals[0]; i++)
		sigaddset(&set, output_signals[i]);
	pthread_sigmask(SIG_BLOCK, &set, saved);
}

/* Opens -o FILE before any input is read, like a shell redirect: an
 * unwritable FILE fails at once, and an interrupted run leaves no
 * temporary file. A signal ignored by the caller (nohup) stays ignored. */
static FILE *output_open(struct outfile *of, const char *path)
{
	struct sigaction sa, old;
	struct error err;
	sigset_t saved;
	size_t i;
	FILE *f;

	output_signals_mask(true, &saved);
	f = outfile_open(of, path, &err);
	if (f) {
		output_tmp = of->tmp;
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = on_output_signal;
		for (i = 0; i < sizeof output_signals / sizeof output_signals[0]; i++)
			if (sigaction(output_signals[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN)
				sigaction(output_signals[i], &sa, NULL);
	}
	output_signals_mask(false, &saved);
	if (!f)
		print_error(NULL, err.msg);
	return f;
}

/* Renames the finished report into place (commit) or removes it. */
static int output_close(struct outfile *of, bool commit)
{
	struct error err;
	sigset_t saved;
	int r = 0;

	output_signals_mask(true, &saved);
	if (commit)
		r = outfile_commit(of, &err);
	else
		outfile_abort(of);
	output_tmp = NULL;
	output_signals_mask(false, &saved);
	if (r < 0)
		print_error(NULL, err.msg);
	return r < 0 ? EXIT_RUNTIME : EXIT_OK;
}

/* Every job's output to stdout ends here: a failed write (>/dev/full, a
 * closed stdout) is exit 1 with a message; a reader that went away
 * (| head) is not an error. */
static int stdout_finish(int code)
{
	bool failed = fflush(stdout) != 0 || ferror(stdout);
	int saved = errno;

	if (fclose(stdout) != 0 && !failed) {
		failed = true;
		saved = errno;
	}
	if (!failed || saved == EPIPE)
		return code;
	fprintf(stderr, "statusmon: writing to standard output: %s\n", strerror(saved));
	return EXIT_RUNTIME;
}

static int check_fail_rules(const struct options *opt, const struct snapshot *snap)
{
	int i, code = EXIT_OK;
	double measured;

	for (i = 0; i < opt->n_fail_rules; i++) {
		if (!fail_rule_eval(&opt->fail_rules[i], snap, &measured))
			continue;
		char msg[sizeof opt->fail_rules[i].text + 64];

		snprintf(msg, sizeof msg, "--fail-on '%s' holds: measured %g%s",
		         opt->fail_rules[i].text, measured, opt->fail_rules[i].percent ? "%" :
		         opt->fail_rules[i].quantile > 0 ? "s" : "");
		print_error(NULL, msg);
		code = EXIT_ALERT;
	}
	return code;
}

#define HTML_EXAMPLES 10   /* malformed lines the HTML report shows */

/* This machine's name for the reports' provenance ("unknown" if none). */
static const char *host_name(char *buf, size_t cap)
{
	if (gethostname(buf, cap) != 0 || !buf[0])
		snprintf(buf, cap, "unknown");
	buf[cap - 1] = '\0';
	return buf;
}

/* --merge: each report read and added; a bad one named on stderr and left
 * out (exit 1), a newer schema refused (exit 2) after the others. */
static int merge_inputs(const struct options *opt, struct merge *m)
{
	int i, code = EXIT_OK;
	struct error err;

	for (i = 0; i < opt->n_files; i++) {
		enum merge_status ms = merge_add_file(m, opt->files[i], &err);
		char msg[ERROR_MSG_MAX + 512];

		if (ms == MERGE_OK)
			continue;
		snprintf(msg, sizeof msg, "%.500s: %s", opt->files[i], err.msg);
		print_error(NULL, msg);
		merge_left_out(m, opt->files[i], err.msg);
		if (ms == MERGE_REFUSED)
			code = EXIT_USAGE;
		else if (code == EXIT_OK)
			code = EXIT_RUNTIME;
	}
	return code;
}

static int run_merge(const struct options *opt, const struct registry *reg)
{
	struct merge *m = merge_new(reg);
	struct merge_result res;
	struct report_context ctx;
	struct outfile of;
	FILE *out = stdout;
	char generator[64], host[HOST_NAME_MAX + 1], label[256];
	int code = merge_inputs(opt, m), alert, wrote;

	if (code == EXIT_USAGE || (opt->output_path && !(out = output_open(&of, opt->output_path)))) {
		merge_free(m);
		return code == EXIT_USAGE ? code : EXIT_RUNTIME;
	}
	merge_finish(m, opt->top_n, &res);
	if (opt->anonymize_clients)
		report_anonymize_clients(res.snap);
	snprintf(generator, sizeof generator, "statusmon %s", STATUSMON_VERSION);
	ctx = (struct report_context){
		.generator = generator, .registry_source = registry_source(reg),
		.registry_updated = registry_updated(reg), .format_name = res.format_name,
		.n_inputs = res.n_inputs, .inputs = res.inputs, .top_n = res.top_n,
		.color = use_color(opt, stdout), .host = host_name(host, sizeof host),
		.n_reports = res.n_reports ? res.n_reports : 1, .n_hosts = res.n_hosts,
		.hosts = res.hosts, .n_notes = res.n_notes, .notes = res.notes,
		.n_left_out = res.n_left_out, .left_out = res.left_out,
		.report_label = report_label(opt, label, sizeof label),
		.now = (long long)time(NULL), .fail_rules = opt->fail_rules,
		.n_fail_rules = (size_t)opt->n_fail_rules,
	};
	report_write(out, opt->report_format, &ctx, res.snap);
	wrote = opt->output_path ? output_close(&of, true) : EXIT_OK;
	alert = check_fail_rules(opt, res.snap);
	snapshot_free(res.snap);
	merge_free(m);
	if (wrote != EXIT_OK)
		return wrote;
	return code != EXIT_OK ? code : alert;
}

static int run_batch(const struct options *opt, const struct registry *reg)
{
	struct run_config cfg;
	struct pipeline_result res;
	struct report_context ctx;
	struct snapshot *snap;
	struct report_input *inputs;
	struct report_example *examples;
	struct outfile of;
	struct error err;
	FILE *out = stdout;
	char generator[64], label[256], host[HOST_NAME_MAX + 1];
	int code, alert;

	if (opt->output_path && !(out = output_open(&of, opt->output_path)))
		return EXIT_RUNTIME;
	run_config_init(&cfg, opt, reg);
	if (opt->report_format == REPORT_HTML && cfg.show_malformed < HTML_EXAMPLES)
		cfg.show_malformed = HTML_EXAMPLES;
	if (pipeline_run(&cfg, opt->files, opt->n_files, &res, &err) < 0) {
		pipeline_result_free(&res);
		if (opt->output_path)
			output_close(&of, false);
		return usage_error(err.msg);
	}
	print_examples(&res, opt->show_malformed);
	snap = stats_snapshot(res.stats, &(struct snapshot_options){0});
	if (opt->anonymize_clients)
		report_anonymize_clients(snap);
	snprintf(generator, sizeof generator, "statusmon %s", STATUSMON_VERSION);
	inputs = report_inputs(&res);
	examples = report_examples(&res);
	ctx = (struct report_context){
		.generator = generator,
		.registry_source = registry_source(reg),
		.registry_updated = registry_updated(reg),
		.format_name = res.format_name,
		.n_inputs = res.n_inputs,
		.inputs = inputs,
		.top_n = opt->top_n,
		.color = use_color(opt, stdout),
		.report_label = report_label(opt, label, sizeof label),
		.now = (long long)time(NULL),
		.fail_rules = opt->fail_rules,
		.n_fail_rules = (size_t)opt->n_fail_rules,
		.n_examples = res.examples.n, .examples = examples,
		.host = host_name(host, sizeof host),
	};
	report_write(out, opt->report_format, &ctx, snap);
	code = opt->output_path ? output_close(&of, true) : EXIT_OK;   /* stdout: at exit */
	alert = check_fail_rules(opt, snap);
	if (code == EXIT_OK && res.had_errors)
		code = EXIT_RUNTIME;
	if (code == EXIT_OK)
		code = alert;
	snapshot_free(snap);
	free(inputs);
	free(examples);
	pipeline_result_free(&res);
	return code;
}

/* The signal that ended the live screen, for run_live to die of after
 * the terminal is restored; set only by on_live_signal. */
static volatile sig_atomic_t live_signal;

static void on_live_signal(int sig)
{
	live_signal = sig;
	tui_request_quit();
}

/* --listen: the metrics server over lv; NULL (message printed) if it
 * cannot listen. */
static struct serve *serve_open(const struct options *opt, const struct registry *reg,
                                struct live *lv)
{
	struct serve_config sc = opt->serve;
	struct error err;
	struct serve *sv;

	sc.version = STATUSMON_VERSION;
	sc.registry = registry_updated(reg)[0] ? registry_updated(reg) : registry_source(reg);
	sc.start_time = (long long)time(NULL);
	sv = serve_start(lv, &sc, &err);
	if (!sv)
		print_error(NULL, err.msg);
	return sv;
}

/* --listen without a terminal (a service): no screen; follows and serves
 * until SIGTERM or SIGINT, then exits 0. The signals are blocked before
 * any thread starts (every thread inherits the mask) and taken here by
 * sigwait, so no handler runs inside a reader or the server. */
static int run_headless(struct options *opt, const struct registry *reg)
{
	struct run_config cfg;
	struct error err;
	struct live *lv;
	struct serve *sv;
	sigset_t set, saved;
	int sig = 0;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, &saved);
	run_config_init(&cfg, opt, reg);
	cfg.show_malformed = 0;
	lv = live_start(&cfg, opt->files, opt->n_files,
	                &(struct live_options){ .follow = true,
	                                        .rotate_wait_ms = opt->rotate_wait_ms },
	                &err);
	if (!lv) {
		pthread_sigmask(SIG_SETMASK, &saved, NULL);
		return usage_error(err.msg);
	}
	sv = serve_open(opt, reg, lv);
	while (sv && sigwait(&set, &sig) != 0)
		;
	serve_stop(sv);
	live_stop(lv);
	pthread_sigmask(SIG_SETMASK, &saved, NULL);
	return sv ? EXIT_OK : EXIT_RUNTIME;
}


/* Every signal that would end the process ends the screen first: the TUI
 * leaves at its next wake-up and restores the terminal. A signal ignored
 * by the caller (nohup) stays ignored. */
static void live_signals_install(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM };
	struct sigaction sa, old;
	size_t i;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_live_signal;
	for (i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN)
			sigaction(sigs[i], &sa, NULL);
}

/* After the terminal is restored: INT, TERM and HUP end the screen like q;
 * any other signal ends the process by itself, as it would have. */
static void live_signal_finish(void)
{
	int sig = live_signal;

	if (sig == 0 || sig == SIGINT || sig == SIGTERM || sig == SIGHUP)
		return;
	fflush(NULL);
	signal(sig, SIG_DFL);
	raise(sig);
}

/* --fail-on on the final counts of the screen, printed after it closed. */
static int live_fail_verdict(const struct options *opt, struct live *lv)
{
	struct snapshot *snap;
	int code;

	if (opt->n_fail_rules == 0)
		return EXIT_OK;
	snap = live_snapshot_totals(lv);
	if (!snap)
		return EXIT_RUNTIME;
	code = check_fail_rules(opt, snap);
	if (code == EXIT_OK)
		fprintf(stderr, "statusmon: --fail-on: no rule held on the final counts "
		        "(%llu lines)\n", (unsigned long long)snap->lines);
	snapshot_free(snap);
	return code;
}

static int run_live(struct options *opt, const struct registry *reg, const char *note)
{
	struct serve *sv = NULL;
	struct run_config cfg;
	struct tui_options topt = {
		.tty_path = "/dev/tty", .ascii = opt->ascii,
		.color = opt->color != 0 && !getenv("NO_COLOR"), .top_n = opt->top_n,
		.redraw_log = getenv("STATUSMON_DEBUG_REDRAWS"),
	};
	struct live_options lopt = {
		.follow = opt->follow, .rotate_wait_ms = opt->rotate_wait_ms, .note = note,
	};
	char shared[256];
	struct error err;
	struct live *lv;
	int r, alert;
	bool failed;

	run_config_init(&cfg, opt, reg);
	cfg.show_malformed = 0;
	live_signals_install();
	lv = live_start(&cfg, opt->files, opt->n_files, &lopt, &err);
	if (!lv)
		return usage_error(err.msg);
	if (opt->listen && !(sv = serve_open(opt, reg, lv))) {
		live_stop(lv);
		return EXIT_RUNTIME;
	}
	if (live_tty_shared(shared, sizeof shared))
		topt.notice = shared;
	r = tui_run(lv, &topt, &err);
	alert = r == 0 ? live_fail_verdict(opt, lv) : EXIT_OK;
	serve_stop(sv);
	failed = live_stop(lv);
	if (r < 0) {
		print_error(NULL, err.msg);
		return EXIT_RUNTIME;
	}
	live_signal_finish();
	return failed ? EXIT_RUNTIME : alert;
}

/* No FILE and a terminal on stdin: the usual access log, followed on the
 * screen; into picked (caller frees). 0, or EXIT_USAGE after the short
 * usage when none exists. */
static int pick_default_log(struct options *opt, bool live, char ***picked)
{
	const char *list = getenv("STATUSMON_DEFAULT_LOGS");   /* test hook */
	char path[4096];

	if (!list || !*list)
		list = LIVE_DEFAULT_LOGS;
	if (!live_default_log(list, path, sizeof path)) {
		live_default_usage(stderr, list);
		return EXIT_USAGE;
	}
	*picked = xcalloc(2, sizeof **picked);
	(*picked)[0] = xstrdup(path);
	opt->files = *picked;
	opt->n_files = 1;
	opt->follow |= live;
	return EXIT_OK;
}

/* The live screen needs a terminal for keys and drawing; without one (cron,
 * ssh without -t) the batch report is the answer, never a hang. */
static bool terminal_available(void)
{
	int fd;

	fd = open("/dev/tty", O_RDWR | O_NOCTTY);
	if (fd < 0)
		return false;
	close(fd);
	return true;
}

/* The live screen or the batch report, after the default log when no
 * FILE was given at a terminal. */
static int run_chosen(struct options *opt, const struct registry *reg, bool live)
{
	char **picked = NULL;   /* { path, NULL } on the heap, opt->files */
	int code;

	if (opt->n_files == 0 && isatty(STDIN_FILENO)) {
		code = pick_default_log(opt, live, &picked);
		if (code != EXIT_OK)
			return code;
	}
	code = live ? run_live(opt, reg, picked ? "default log: no FILE given" : NULL)
	            : run_batch(opt, reg);
	if (picked) {
		opt->files = NULL;
		opt->n_files = 0;
		free(picked[0]);
		free(picked);
	}
	return code;
}

static int run_job(struct options *opt, const struct registry *reg)
{
	int i;
	bool live;

	switch (opt->mode) {
	case MODE_EXPLAIN:
		for (i = 0; i < opt->n_files; i++)
			report_explain(stdout, reg, opt->files[i]);
		return EXIT_OK;
	case MODE_LIST_CODES:
		report_list_codes(stdout, reg, opt->list_kind);
		return EXIT_OK;
	case MODE_LIST_FORMATS:
		list_formats(stdout, opt->patterns_dir);
		return EXIT_OK;
	default:
		break;
	}
	live = opt->mode == MODE_TUI || (opt->mode == MODE_AUTO && isatty(STDOUT_FILENO));
	if (opt->listen && (!live || !terminal_available()))
		return run_headless(opt, reg);
	/* --tui draws on /dev/tty, so it does not need stdout to be a terminal */
	if (live && !terminal_available()) {
		fprintf(stderr, "statusmon: no terminal for the live screen; writing the text "
		        "report instead%s\n", opt->follow ? " (not following)" : "");
		live = false;
	} else if (!live && opt->follow) {
		fprintf(stderr, "statusmon: --follow needs the live screen; reading each file "
		        "once for the report\n");
	}
	if (opt->merge)
		return run_merge(opt, reg);
	return run_chosen(opt, reg, live);
}

int main(int argc, char **argv)
{
	struct options opt;
	struct registry *reg;
	struct error err;
	int code;

	setlocale(LC_CTYPE, "");   /* only CTYPE: numbers stay "1.25" in JSON */
	signal(SIGPIPE, SIG_IGN);  /* EPIPE is handled where the report is written */
	bus_error_install();
	if (cli_parse(argc, argv, (long long)time(NULL), &opt, &err) < 0) {
		cli_free(&opt);
		return usage_error(err.msg);
	}
	if (opt.mode == MODE_HELP || opt.mode == MODE_VERSION) {
		if (opt.mode == MODE_HELP)
			cli_usage(stdout);
		else
			printf("statusmon %s\n", STATUSMON_VERSION);
		cli_free(&opt);
		return stdout_finish(EXIT_OK);
	}
	reg = load_registry(&opt, &err);
	if (!reg) {
		cli_free(&opt);
		return usage_error(err.msg);
	}
	code = run_job(&opt, reg);
	registry_free(reg);
	cli_free(&opt);
	return stdout_finish(code);
}
