/* The child's side of a run, between fork and exec: its streams, its limits, its confinement, its environment. */
#define _GNU_SOURCE
#include "child.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "confine.h"

__attribute__((noreturn)) static void child_fail(const char *what) {
    /* 127 + a message on the original stderr target: the host reports it as a judge error */
    dprintf(2, "cpsolve-runner: %s: %s\n", what, strerror(errno));
    _exit(127);
}

static int open_spec(const char *spec, int for_write, int capture_fd) {
    if (!strcmp(spec, "-")) return open("/dev/null", for_write ? O_WRONLY : O_RDONLY);
    if (!strcmp(spec, "@")) return dup(capture_fd);
    if (!strncmp(spec, "pipe:", 5)) {
        int k = atoi(spec + 5);
        if (k < 0 || k >= MAX_PIPES) { errno = EINVAL; return -1; }
        return dup(pipes[k][for_write ? 1 : 0]);
    }
    /* Plain blocking opens, as CMS's sandbox does: opening a FIFO waits for the other end, so a reader never
     * sees end-of-file before its writer came, nor blocks for ever on a writer that already left. Two processes
     * that feed each other must open in opposite orders (see outfirst). */
    if (!for_write) return open(spec, O_RDONLY);
    return open(spec, O_WRONLY | O_CREAT | O_TRUNC, 0644);
}

static void set_limit(int res, long long value) {
    struct rlimit rl = {(rlim_t)value, (rlim_t)value};
    setrlimit(res, &rl);
}

void start_child(struct proc *p, const char *box, const pid_t *prot, int nprot) {
    setpgid(0, 0);
    signal(SIGPIPE, SIG_DFL);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    char cwd[8300];
    if (p->subdir[0]) snprintf(cwd, sizeof cwd, "%s/%s", box, p->subdir);
    else snprintf(cwd, sizeof cwd, "%s", box);
    if (chdir(cwd) < 0) child_fail("chdir box");
    int in = -1, out = -1;
    if (p->outfirst) {
        out = open_spec(p->stdout_spec, 1, p->out_fd);
        if (out < 0) child_fail("stdout");
    }
    in = open_spec(p->stdin_spec, 0, -1);
    if (in < 0) child_fail("stdin");
    if (!p->outfirst) {
        out = open_spec(p->stdout_spec, 1, p->out_fd);
        if (out < 0) child_fail("stdout");
    }
    int err = open_spec(p->stderr_spec, 1, p->err_fd);
    if (err < 0) child_fail("stderr");
    if (dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0) child_fail("dup2");
    /* nothing of the runner (its protocol stream, other processes' pipes) may leak into the program */
    if (syscall(SYS_close_range, 3, ~0U, 0) < 0)
        for (int fd = 3; fd < 4096; fd++) close(fd);
    set_limit(RLIMIT_CORE, 0);
    if (p->cpu_ms > 0) {
        /* a backstop only: the runner polls CPU time and kills at the limit itself */
        long long s = (p->cpu_ms + 999) / 1000 + 1;
        struct rlimit rl = {(rlim_t)s, (rlim_t)s + 1};
        setrlimit(RLIMIT_CPU, &rl);
    }
    if (p->out_kib > 0) set_limit(RLIMIT_FSIZE, p->out_kib * 1024);
    if (p->stack_kib > 0) set_limit(RLIMIT_STACK, p->stack_kib * 1024);
    else set_limit(RLIMIT_STACK, RLIM_INFINITY);
    if (p->nofile > 0) set_limit(RLIMIT_NOFILE, p->nofile);
    /* one step nicer than the runner, so a fork bomb cannot starve the process that enforces its limits */
    if (p->untrusted) setpriority(PRIO_PROCESS, 0, 1);
    if (p->untrusted && install_landlock(p, cwd) < 0) child_fail("landlock");
    if (p->untrusted && install_seccomp(prot, nprot) < 0) child_fail("seccomp");
    char home[8320];
    snprintf(home, sizeof home, "HOME=%s", cwd);
    char tmpdir[8320];
    snprintf(tmpdir, sizeof tmpdir, "TMPDIR=%s", cwd);
    char *envp[] = {"PATH=/usr/local/bin:/usr/bin:/bin", home, tmpdir, "LANG=C.UTF-8",
                    "PYTHONDONTWRITEBYTECODE=1", "PYTHONIOENCODING=utf-8", NULL};
    execve(p->argv[0], p->argv, envp);
    child_fail("exec");
}
