/* main.c: the process. Parses options, loads the registry, picks the job
 * (explain, list, batch report or live screen), and owns everything
 * process-wide: locale, signals (and -o's temporary file, which they
 * remove), stdout/stderr messages, a failed stdout, and the exit code
 * (0 ok, 1 runtime error, 2 usage error, 3 a --fail-on rule held). */
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "cli.h"
#include "statusmon/escape.h"
#include "statusmon/live_run.h"
#include "statusmon/pipeline.h"
#include "statusmon/registry.h"
#include "statusmon/report.h"
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

static void run_config_init(struct run_config *cfg, const struct options *opt,
                                 const struct registry *reg)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->registry = reg;
	cfg->filter = opt->filter;
	cfg->format_spec = opt->format_spec;
	cfg->patterns_dir = opt->patterns_dir;
	cfg->fast_path = opt->fast_path;
	cfg->threads = opt->threads ? opt->threads : default_threads();
	cfg->stats.registry = reg;
	cfg->stats.top_n = opt->top_n;
	cfg->stats.bucket_seconds = opt->bucket_seconds;
	cfg->stats.hash_seed = stats_seed_new();   /* one per run: threads' stats merge */
	cfg->show_malformed = opt->show_malformed;
	cfg->on_error = print_error;
}

static void print_examples(const struct pipeline_result *res)
{
	size_t i;

	for (i = 0; i < res->examples.n; i++) {
		const struct malformed_example *ex = &res->examples.items[i];
		char name[512];

		escape_terminal(name, sizeof name, res->inputs[ex->input].name,
		                strlen(res->inputs[ex->input].name));
		fprintf(stderr, "statusmon: %s:%llu: malformed: ", name,
		        (unsigned long long)ex->line);
		if (ex->empty)
			fputs("(empty line)", stderr);
		else
			escape_terminal_write(stderr, ex->text, ex->len);
		fputs(ex->cut ? "...\n" : "\n", stderr);
	}
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

/* The driver's per-input results as the reports take them. */
static struct report_input *report_inputs(const struct pipeline_result *res)
{
	struct report_input *ri = xcalloc(res->n_inputs, sizeof *ri);
	size_t i;

	for (i = 0; i < res->n_inputs; i++) {
		const struct pipeline_input *in = &res->inputs[i];

		ri[i] = (struct report_input){
			.name = in->name, .lines = in->lines, .bytes = in->bytes,
			.failed = in->failed, .format = in->format,
			.parsed = in->tally.parsed, .malformed = in->tally.malformed,
			.directives = in->tally.directives, .filtered = in->tally.filtered,
		};
	}
	return ri;
}

static int run_batch(const struct options *opt, const struct registry *reg)
{
	struct run_config cfg;
	struct pipeline_result res;
	struct report_context ctx;
	struct snapshot *snap;
	struct report_input *inputs;
	struct outfile of;
	struct error err;
	FILE *out = stdout;
	char generator[64];
	int code, alert;

	if (opt->output_path && !(out = output_open(&of, opt->output_path)))
		return EXIT_RUNTIME;
	run_config_init(&cfg, opt, reg);
	if (pipeline_run(&cfg, opt->files, opt->n_files, &res, &err) < 0) {
		pipeline_result_free(&res);
		if (opt->output_path)
			output_close(&of, false);
		return usage_error(err.msg);
	}
	print_examples(&res);
	snap = stats_snapshot(res.stats, &(struct snapshot_options){0});
	snprintf(generator, sizeof generator, "statusmon %s", STATUSMON_VERSION);
	ctx = (struct report_context){
		.generator = generator,
		.registry_source = registry_source(reg),
		.registry_updated = registry_updated(reg),
		.format_name = res.format_name,
		.n_inputs = res.n_inputs,
		.inputs = inputs = report_inputs(&res),
		.top_n = opt->top_n,
		.color = use_color(opt, stdout),
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
	pipeline_result_free(&res);
	return code;
}

static void request_quit(int sig)
{
	(void)sig;
	tui_request_quit();
}

static int run_live(struct options *opt, const struct registry *reg)
{
	struct run_config cfg;
	struct tui_options topt = {
		.tty_path = "/dev/tty", .ascii = opt->ascii,
		.color = opt->color != 0 && !getenv("NO_COLOR"), .top_n = opt->top_n,
	};
	struct sigaction sa;
	struct error err;
	struct live *lv;
	int r;

	run_config_init(&cfg, opt, reg);
	cfg.show_malformed = 0;
	lv = live_start(&cfg, opt->files, opt->n_files, opt->follow, &err);
	if (!lv)
		return usage_error(err.msg);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = request_quit;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	r = tui_run(lv, &topt, &err);
	if (live_stop(lv) && r == 0)
		return EXIT_RUNTIME;
	if (r < 0) {
		print_error(NULL, err.msg);
		return EXIT_RUNTIME;
	}
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
		format_list(stdout, opt->patterns_dir);
		return EXIT_OK;
	default:
		break;
	}
	live = opt->mode == MODE_TUI || (opt->mode == MODE_AUTO && isatty(STDOUT_FILENO));
	/* --tui draws on /dev/tty, so it does not need stdout to be a terminal */
	if (live && !terminal_available()) {
		fprintf(stderr, "statusmon: no terminal for the live screen; writing the text "
		        "report instead%s\n", opt->follow ? " (not following)" : "");
		live = false;
	} else if (!live && opt->follow) {
		fprintf(stderr, "statusmon: --follow needs the live screen; reading each file "
		        "once for the report\n");
	}
	return live ? run_live(opt, reg) : run_batch(opt, reg);
}

int main(int argc, char **argv)
{
	struct options opt;
	struct registry *reg;
	struct error err;
	int code;

	setlocale(LC_CTYPE, "");   /* only CTYPE: numbers stay "1.25" in JSON */
	signal(SIGPIPE, SIG_IGN);  /* EPIPE is handled where the report is written */
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
