/* Limits and accounting: a run process is charged for its whole tree, and killed with it. */
#define _GNU_SOURCE
#include "accounting.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>

long long now_us(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

/* A program that forks must not hide CPU time or memory in its children, also when they outlive it or are
 * reaped by the runner. Every process of our uid in the container belongs to one run process (its "owner"),
 * learnt from its parent when first seen; orphans default to the first untrusted process. */
#define MAX_TRACKED 2048
static struct { pid_t pid; int owner; } tracked[MAX_TRACKED];
static int ntracked;

static int owner_of(pid_t pid, int nprocs) {
    for (int i = 0; i < nprocs; i++)
        if (procs[i].pid == pid) return i;
    for (int i = 0; i < ntracked; i++)
        if (tracked[i].pid == pid) return tracked[i].owner;
    return -1;
}

static void set_owner(pid_t pid, int owner) {
    for (int i = 0; i < ntracked; i++)
        if (tracked[i].pid == pid) { tracked[i].owner = owner; return; }
    if (ntracked < MAX_TRACKED) { tracked[ntracked].pid = pid; tracked[ntracked].owner = owner; ntracked++; }
}

static void forget(pid_t pid) {
    for (int i = 0; i < ntracked; i++)
        if (tracked[i].pid == pid) { tracked[i] = tracked[--ntracked]; return; }
}

static int default_owner(int nprocs) {
    for (int i = 0; i < nprocs; i++)
        if (procs[i].untrusted) return i;
    return 0;
}

struct proc_stat { pid_t ppid; unsigned long long cpu_ticks; long long rss_pages; };

static int read_stat(pid_t pid, struct proc_stat *f) {
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    int fd = open(path, O_RDONLY);
    if (fd < 0) return -1;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0) return -1;
    buf[n] = 0;
    char *p = strrchr(buf, ')'); /* the command name may hold spaces */
    if (!p) return -1;
    int ppid = 0;
    unsigned long long ut = 0, st = 0;
    long long cut = 0, cst = 0, rss = 0;
    /* after ')': state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime
     * priority nice threads itrealvalue starttime vsize rss */
    if (sscanf(p + 2, "%*c %d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu %lld %lld %*d %*d %*d %*d %*u %*u %lld",
               &ppid, &ut, &st, &cut, &cst, &rss) != 6)
        return -1;
    f->ppid = ppid;
    f->cpu_ticks = ut + st + (unsigned long long)cut + (unsigned long long)cst;
    f->rss_pages = rss;
    return 0;
}

/* CPU (ms) and resident memory (KiB) of each run process's live tree, plus what its finished members used. */
void scan_trees(int nprocs, long long *cpu_ms, long long *rss_kib, int *count) {
    static long tick = 0, page_kib = 0;
    if (!tick) tick = sysconf(_SC_CLK_TCK);
    if (!page_kib) page_kib = sysconf(_SC_PAGESIZE) / 1024;
    for (int i = 0; i < nprocs; i++) {
        struct proc *p = &procs[i];
        cpu_ms[i] = p->extra_cpu_us / 1000;
        if (p->done)
            cpu_ms[i] += ((long long)p->ru.ru_utime.tv_sec + p->ru.ru_stime.tv_sec) * 1000 +
                         (p->ru.ru_utime.tv_usec + p->ru.ru_stime.tv_usec) / 1000;
        rss_kib[i] = 0;
        count[i] = 0;
    }
    DIR *d = opendir("/proc");
    if (!d) return;
    uid_t me = getuid();
    pid_t self = getpid();
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] < '1' || e->d_name[0] > '9') continue;
        pid_t pid = (pid_t)atoi(e->d_name);
        struct stat st;
        if (pid == self || pid == 1 || fstatat(dirfd(d), e->d_name, &st, 0) < 0 || st.st_uid != me) continue;
        struct proc_stat f;
        if (read_stat(pid, &f) < 0) continue;
        int owner = owner_of(pid, nprocs);
        if (owner < 0) {
            owner = owner_of(f.ppid, nprocs);
            if (owner < 0) owner = default_owner(nprocs);
            set_owner(pid, owner);
        }
        cpu_ms[owner] += (long long)(f.cpu_ticks * 1000ULL / (unsigned long long)tick);
        rss_kib[owner] += f.rss_pages * page_kib;
        count[owner]++;
    }
    closedir(d);
}

/* A reaped process: a run process records its status; anyone else's usage goes to its owner. */
void account_reaped(pid_t r, int status, const struct rusage *ru, int nprocs) {
    for (int i = 0; i < nprocs; i++) {
        if (procs[i].pid != r || procs[i].done) continue;
        procs[i].done = 1;
        procs[i].status = status;
        procs[i].ru = *ru;
        procs[i].end_us = now_us();
        return;
    }
    int owner = owner_of(r, nprocs);
    if (owner < 0) owner = default_owner(nprocs);
    struct proc *p = &procs[owner];
    p->extra_cpu_us += (long long)(ru->ru_utime.tv_sec + ru->ru_stime.tv_sec) * 1000000LL +
                       ru->ru_utime.tv_usec + ru->ru_stime.tv_usec;
    if (ru->ru_maxrss > p->peak_kib) p->peak_kib = ru->ru_maxrss;
    forget(r);
}

void kill_proc(struct proc *p, const char *why) {
    if (p->done || strcmp(p->killed, "none") != 0) return;
    p->killed = why;
    kill(-p->pid, SIGKILL);
    kill(p->pid, SIGKILL);
    for (int i = 0; i < ntracked; i++)
        if (&procs[tracked[i].owner] == p) kill(tracked[i].pid, SIGKILL);
}

void reap_all_blocking(int nprocs) {
    /* kill(-1) reaches every process of our uid in this container's pid namespace but the runner itself
     * (PID 1 is exempt by the kernel): exactly what a run may have left behind. Repeat until no child is left. */
    for (int round = 0; round < 100; round++) {
        kill(-1, SIGKILL);
        int st;
        struct rusage ru;
        pid_t r;
        while ((r = wait4(-1, &st, WNOHANG, &ru)) > 0) account_reaped(r, st, &ru, nprocs);
        if (r < 0 && errno == ECHILD) break;
        usleep(1000);
    }
    ntracked = 0;
}
