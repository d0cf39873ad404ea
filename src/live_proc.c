/* live_proc.c: see live_proc.h. Apart from main.c because it reads the
 * file system (/var/log, /proc) for decisions only main acts on; nothing
 * here prints on its own or exits. */
#include <ctype.h>
#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include "live_proc.h"

bool live_default_log(const char *list, char *out, size_t cap)
{
	const char *p = list, *end;
	struct stat st;
	size_t n;

	for (; *p; p = *end ? end + 1 : end) {
		end = strchr(p, ':');
		if (!end)
			end = p + strlen(p);
		n = (size_t)(end - p);
		if (n == 0 || n >= cap)
			continue;
		memcpy(out, p, n);
		out[n] = '\0';
		if (stat(out, &st) == 0 && !S_ISDIR(st.st_mode))
			return true;
	}
	return false;
}

void live_default_usage(FILE *out, const char *list)
{
	const char *p;

	fputs("statusmon: no FILE given and standard input is a terminal, so there is\n"
	      "nothing to read; none of the usual access logs exists: ", out);
	for (p = list; *p; p++)
		fputs(*p == ':' ? ", " : (char[2]){*p, '\0'}, out);
	fputs("\n\nExamples:\n"
	      "  statusmon -f /path/to/access.log          follow a log (exact through logrotate)\n"
	      "  tail -F access.log | statusmon            read a pipe\n"
	      "  ssh -n web1 tail -F /var/log/nginx/access.log | statusmon\n"
	      "                                            another host (-n: ssh leaves the keys alone)\n"
	      "  statusmon --report=json access.log*       a report, .gz included\n"
	      "Try 'statusmon --help' for more information.\n", out);
}

/* The next n whitespace-separated decimal fields of *s into out[]; false
 * if one is missing or not a number. */
static bool stat_fields(const char *s, long *out, int n)
{
	char *end;
	int i;

	for (i = 0; i < n; i++) {
		errno = 0;
		out[i] = strtol(s, &end, 10);
		if (end == s || errno != 0)
			return false;
		s = end;
	}
	return true;
}

/* pid's process group, controlling terminal and name from /proc/PID/stat
 * ("pid (comm) S ppid pgrp session tty_nr ..."); false if unreadable. */
static bool proc_group(const char *pid, pid_t *pgrp, dev_t *tty, char *comm, size_t cap)
{
	char path[300], buf[512], *open_paren, *close_paren;
	long f[4];   /* ppid, pgrp, session, tty_nr */
	unsigned tty_nr;
	ssize_t n;
	int fd;

	snprintf(path, sizeof path, "/proc/%s/stat", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	open_paren = strchr(buf, '(');
	close_paren = strrchr(buf, ')');
	/* after ") " comes the one-letter state, then the numbers */
	if (!open_paren || !close_paren || close_paren < open_paren ||
	    close_paren[1] != ' ' || !close_paren[2] || !stat_fields(close_paren + 3, f, 4))
		return false;
	tty_nr = (unsigned)f[3];
	*tty = makedev((tty_nr >> 8) & 0xfff, (tty_nr & 0xff) | ((tty_nr >> 12) & 0xfff00));
	snprintf(comm, cap, "%.*s", (int)(close_paren - open_paren - 1), open_paren + 1);
	*pgrp = (pid_t)f[1];
	return true;
}

static bool reads_its_input(const char *comm)
{
	return !strcmp(comm, "ssh") || !strcmp(comm, "mosh-client");
}

/* Another process of group pgrp named like an input reader whose stdin is
 * the terminal tty. */
static bool find_sharer(dev_t tty, pid_t pgrp, char *msg, size_t cap)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	char comm[64], path[300];
	struct stat st;
	pid_t grp;
	dev_t ctty;
	bool found = false;

	if (!d)
		return false;
	while (!found && (e = readdir(d))) {
		if (!isdigit((unsigned char)e->d_name[0]) || strtol(e->d_name, NULL, 10) == (long)getpid())
			continue;
		if (!proc_group(e->d_name, &grp, &ctty, comm, sizeof comm) || grp != pgrp ||
		    !reads_its_input(comm))
			continue;
		snprintf(path, sizeof path, "/proc/%s/fd/0", e->d_name);
		if (stat(path, &st) != 0 || !S_ISCHR(st.st_mode) || st.st_rdev != tty)
			continue;
		snprintf(msg, cap, "%s (pid %s) in this pipeline reads this terminal too: keys "
		         "may go to it; start it as %s -n", comm, e->d_name, comm);
		found = true;
	}
	closedir(d);
	return found;
}

/* The terminal /dev/tty stands for (our controlling terminal). */
bool live_tty_shared(char *msg, size_t cap)
{
	struct stat in;
	char comm[64];
	pid_t grp;
	dev_t tty;

	if (fstat(STDIN_FILENO, &in) != 0 || !S_ISFIFO(in.st_mode) ||
	    !proc_group("self", &grp, &tty, comm, sizeof comm) || tty == 0)
		return false;
	return find_sharer(tty, getpgrp(), msg, cap);
}
