/* RUN: a fresh box, the processes started with their limits and confinement, watched, reaped, reported. */
#define _GNU_SOURCE
#include "run.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>

#include "accounting.h"
#include "child.h"
#include "confine.h"
#include "files.h"
#include "proc.h"
#include "protocol.h"

struct proc procs[MAX_PROCS];
int pipes[MAX_PIPES][2];

/* Groups whose runs stop early: once a run of a group ends badly (killed, signalled or a non-zero exit), the
 * runs of that group the host already queued are answered "skipped" without starting, so a subtask that is
 * lost costs one time limit, not one per queued test. */
#define MAX_FAILED_GROUPS 256
static char failed_groups[MAX_FAILED_GROUPS][64];
static int nfailed_groups;

static int group_failed(const char *g) {
    for (int i = 0; i < nfailed_groups; i++)
        if (!strcmp(failed_groups[i], g)) return 1;
    return 0;
}

static void mark_group_failed(const char *g) {
    if (!g[0] || group_failed(g)) return;
    snprintf(failed_groups[nfailed_groups % MAX_FAILED_GROUPS], 64, "%s", g);
    if (nfailed_groups < MAX_FAILED_GROUPS) nfailed_groups++;
}

/* The PROC lines and arguments of a RUN; the header was checked. */
static void read_procs(int nprocs) {
    static char line[LINE_MAX_LEN];
    for (int i = 0; i < nprocs; i++) {
        if (!read_line(line, sizeof line) || strncmp(line, "PROC", 4)) die("expected PROC");
        parse_proc(&procs[i], line + 4);
        for (int a = 0; a < procs[i].argc; a++) {
            if (!read_line(line, sizeof line)) die("expected argument");
            procs[i].argv[a] = strdup(line);
        }
        procs[i].argv[procs[i].argc] = NULL;
    }
}

static void free_args(struct proc *p) {
    for (int a = 0; a < p->argc; a++) free(p->argv[a]);
}

/* A fresh box with each process's copies, subfolder and capture files, and the run's pipes; NULL when all is
 * ready, else the step that failed (the host reports it as a judge error). */
static const char *setup_box(int nprocs, int npipes, const char *box) {
    wipe_scratch();
    remove_tree(box);
    if (mkdirs(box, 0700) < 0) return "mkdir_box";
    for (int i = 0; i < nprocs; i++) {
        struct proc *p = &procs[i];
        for (int c = 0; c < p->ncopies; c++) {
            char dst[8300];
            snprintf(dst, sizeof dst, "%s/%s", box, p->copy_dst[c]);
            parent_dirs(dst);
            int in = open(p->copy_src[c], O_RDONLY);
            struct stat st;
            int out = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, 0755);
            int failed = in < 0 || out < 0 || fstat(in, &st) < 0 || copy_fd(in, out, st.st_size) < 0;
            if (in >= 0) close(in);
            if (out >= 0) close(out);
            if (failed) return "copy";
        }
        if (p->subdir[0]) {
            char sub[8300];
            snprintf(sub, sizeof sub, "%s/%s", box, p->subdir);
            if (mkdirs(sub, 0700) < 0) return "mkdir_subdir";
        }
        /* captured streams are nameless files: nothing in the box can rename, replace or link them */
        p->out_fd = open(box, O_TMPFILE | O_RDWR, 0600);
        p->err_fd = open(box, O_TMPFILE | O_RDWR, 0600);
        if (p->out_fd < 0 || p->err_fd < 0) return "capture_file";
    }
    for (int k = 0; k < npipes; k++)
        if (pipe2(pipes[k], O_CLOEXEC) < 0) return "pipe";
    return NULL;
}

/* Fork every process: trusted ones (managers, interactors) first, so untrusted ones can be denied their pids. */
static void start_procs(int nprocs, int npipes, const char *box) {
    pid_t protected_ids[64];
    int nprot = 0;
    protected_ids[nprot++] = getpid();
    for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i < nprocs; i++) {
            struct proc *p = &procs[i];
            if (p->untrusted != pass) continue;
            fflush(stdout);
            p->start_us = now_us();
            p->pid = fork();
            if (p->pid < 0) die("fork");
            if (p->pid == 0) start_child(p, box, protected_ids, nprot);
            setpgid(p->pid, p->pid);
            if (p->untrusted) p->proc_fd = pin_proc_dir(p->pid);
            if (!p->untrusted && nprot < 64) protected_ids[nprot++] = p->pid;
        }
    }
    for (int k = 0; k < npipes; k++) { close(pipes[k][0]); close(pipes[k][1]); }
}

/* Poll until every run process has ended, killing each at its first limit passed. */
static void watch_procs(int nprocs) {
    sigset_t chld;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    static long long tree_cpu[MAX_PROCS], tree_rss[MAX_PROCS];
    static int tree_count[MAX_PROCS];
    for (;;) {
        struct timespec ts = {0, POLL_MS * 1000000L};
        sigtimedwait(&chld, NULL, &ts);
        int st;
        struct rusage ru;
        pid_t r;
        while ((r = wait4(-1, &st, WNOHANG, &ru)) > 0) account_reaped(r, st, &ru, nprocs);
        int running = 0;
        for (int i = 0; i < nprocs; i++) running += !procs[i].done;
        if (!running) return;
        scan_trees(nprocs, tree_cpu, tree_rss, tree_count);
        long long t = now_us();
        for (int i = 0; i < nprocs; i++) {
            struct proc *p = &procs[i];
            if (tree_rss[i] > p->peak_kib) p->peak_kib = tree_rss[i];
            if (p->done || strcmp(p->killed, "none")) continue;
            if (p->wall_ms > 0 && t - p->start_us > p->wall_ms * 1000) kill_proc(p, "wall");
            else if (p->cpu_ms > 0 && tree_cpu[i] > p->cpu_ms) kill_proc(p, "cpu");
            else if (p->mem_kib > 0 && tree_rss[i] > p->mem_kib) kill_proc(p, "mem");
            else if (p->nproc > 0 && tree_count[i] > p->nproc) kill_proc(p, "nproc");
        }
    }
}

/* The RESULT line and payloads of process i; closes its files. */
static void report(int i, const char *box, const char *setup_error, const char *group) {
    struct proc *p = &procs[i];
    long long out_n = 0, err_n = 0, err_off = 0;
    int out_src = p->out_fd;
    int outfile_fd = -1;
    if (p->outfile[0] && !setup_error) {
        char path[8300];
        snprintf(path, sizeof path, "%s/%s", box, p->outfile);
        struct stat st;
        outfile_fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
        if (outfile_fd >= 0 && (fstat(outfile_fd, &st) < 0 || !S_ISREG(st.st_mode))) {
            close(outfile_fd);
            outfile_fd = -1;
        }
        out_src = outfile_fd;
    }
    struct stat st;
    if (out_src >= 0 && fstat(out_src, &st) == 0) out_n = st.st_size;
    if (p->err_fd >= 0 && fstat(p->err_fd, &st) == 0) {
        err_n = st.st_size > p->err_tail ? p->err_tail : st.st_size;
        err_off = st.st_size - err_n;
    }
    if (setup_error) {
        fprintf(stdout, "RESULT %d exit=-1 sig=0 cpu_us=0 wall_us=0 rss_kib=0 killed=setup:%s out=0 err=0\n", i,
                setup_error);
    } else {
        int code = WIFEXITED(p->status) ? WEXITSTATUS(p->status) : -1;
        int sig = WIFSIGNALED(p->status) ? WTERMSIG(p->status) : 0;
        if (p->untrusted && (code != 0 || sig || strcmp(p->killed, "none"))) mark_group_failed(group);
        long long cpu_us = (long long)p->ru.ru_utime.tv_sec * 1000000LL + p->ru.ru_utime.tv_usec +
                           (long long)p->ru.ru_stime.tv_sec * 1000000LL + p->ru.ru_stime.tv_usec +
                           p->extra_cpu_us;
        long rss = p->ru.ru_maxrss > p->peak_kib ? p->ru.ru_maxrss : (long)p->peak_kib;
        fprintf(stdout, "RESULT %d exit=%d sig=%d cpu_us=%lld wall_us=%lld rss_kib=%ld killed=%s out=%lld err=%lld\n",
                i, code, sig, cpu_us, p->end_us - p->start_us, rss, p->killed, out_n, err_n);
        if (out_n) send_fd_range(out_src, 0, out_n);
        if (err_n) send_fd_range(p->err_fd, err_off, err_n);
    }
    if (outfile_fd >= 0) close(outfile_fd);
    if (p->out_fd >= 0) close(p->out_fd);
    if (p->err_fd >= 0) close(p->err_fd);
    if (p->proc_fd >= 0) close(p->proc_fd);
}

void cmd_run(int nprocs, int npipes, const char *box, int keep, const char *group) {
    if (nprocs < 1 || nprocs > MAX_PROCS || npipes < 0 || npipes > MAX_PIPES) {
        fputs("FATAL bad RUN header\n", stdout);
        fflush(stdout);
        _exit(2);
    }
    read_procs(nprocs);
    if (group[0] && group_failed(group)) {
        for (int i = 0; i < nprocs; i++) {
            fprintf(stdout, "RESULT %d exit=0 sig=0 cpu_us=0 wall_us=0 rss_kib=0 killed=skipped out=0 err=0\n", i);
            free_args(&procs[i]);
        }
        fputs("DONE\n", stdout);
        return;
    }
    const char *setup_error = setup_box(nprocs, npipes, box);
    if (!setup_error) {
        start_procs(nprocs, npipes, box);
        watch_procs(nprocs);
    }
    reap_all_blocking(nprocs);
    for (int i = 0; i < nprocs; i++) {
        report(i, box, setup_error, group);
        free_args(&procs[i]);
    }
    if (!keep) {
        remove_tree(box);
        wipe_scratch();
    }
    fputs("DONE\n", stdout);
}
