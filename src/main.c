/* main.c: the process. Parses options, loads the registry, picks the job
 * (explain, list, batch report or live screen), and owns everything
 * process-wide: locale, signals, stdout/stderr messages and the exit code
 * (0 ok, 1 runtime error, 2 usage error, 3 a --fail-on rule held). */
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "cli.h"
#include "live_run.h"
#include "pipeline.h"
#include "statusmon/escape.h"
#include "statusmon/registry.h"
#include "statusmon/report.h"
#include "statusmon/tui.h"

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

static void pipeline_config_init(struct pipeline_config *cfg, const struct options *opt,
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

	for (i = 0; i < res->n_examples; i++) {
		const struct malformed_example *ex = &res->examples[i];
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

/* Writes the report to stdout or, atomically, to -o FILE. */
static int write_report(const struct options *opt, const struct report_context *ctx,
                        const struct snapshot *snap)
{
	struct outfile of;
	struct error err;
	FILE *out = stdout;

	if (opt->output_path && !(out = outfile_open(&of, opt->output_path, &err))) {
		print_error(NULL, err.msg);
		return EXIT_RUNTIME;
	}
	report_write(out, opt->report_format, ctx, snap);
	if (opt->output_path) {
		if (outfile_commit(&of, &err) < 0) {
			print_error(NULL, err.msg);
			return EXIT_RUNTIME;
		}
		return EXIT_OK;
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		if (errno == EPIPE)
			return EXIT_OK;   /* the reader went away (| head): not an error */
		fprintf(stderr, "statusmon: writing the report to standard output: %s\n",
		        strerror(errno));
		return EXIT_RUNTIME;
	}
	return EXIT_OK;
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
		         opt->fail_rules[i].text, measured, opt->fail_rules[i].percent ? "%" : "");
		print_error(NULL, msg);
		code = EXIT_ALERT;
	}
	return code;
}

static int run_batch(const struct options *opt, const struct registry *reg)
{
	struct pipeline_config cfg;
	struct pipeline_result res;
	struct report_context ctx;
	struct snapshot *snap;
	struct error err;
	char generator[64];
	int code, alert;

	pipeline_config_init(&cfg, opt, reg);
	if (pipeline_run(&cfg, opt->files, opt->n_files, &res, &err) < 0) {
		pipeline_result_free(&res);
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
		.inputs = res.inputs,
		.top_n = opt->top_n,
		.color = use_color(opt, stdout),
	};
	code = write_report(opt, &ctx, snap);
	alert = check_fail_rules(opt, snap);
	if (code == EXIT_OK && res.had_errors)
		code = EXIT_RUNTIME;
	if (code == EXIT_OK)
		code = alert;
	snapshot_free(snap);
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
	struct pipeline_config cfg;
	struct tui_options topt = {
		.tty_path = "/dev/tty", .ascii = opt->ascii,
		.color = opt->color != 0 && !getenv("NO_COLOR"), .top_n = opt->top_n,
	};
	struct sigaction sa;
	struct error err;
	struct live *lv;
	int r;

	pipeline_config_init(&cfg, opt, reg);
	cfg.show_malformed = 0;
	lv = live_start(&cfg, opt->filter, opt->files, opt->n_files, opt->follow, &err);
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
		return fflush(stdout) == 0 ? EXIT_OK : EXIT_RUNTIME;
	}
	reg = load_registry(&opt, &err);
	if (!reg) {
		cli_free(&opt);
		return usage_error(err.msg);
	}
	code = run_job(&opt, reg);
	registry_free(reg);
	cli_free(&opt);
	return code;
}
