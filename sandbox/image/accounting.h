/* Limits and accounting: every process of the runner's uid belongs to one run process, which is charged for
 * its whole tree (CPU time, resident memory, process count) and killed with it. */
#pragma once
#include <sys/resource.h>
#include <sys/types.h>

#include "proc.h"

long long now_us(void);
/* CPU (ms), resident memory (KiB) and process count of each run process's live tree, plus what its finished
 * members used. */
void scan_trees(int nprocs, long long *cpu_ms, long long *rss_kib, int *count);
/* A reaped process: a run process records its status; anyone else's usage goes to its owner. */
void account_reaped(pid_t r, int status, const struct rusage *ru, int nprocs);
/* Kill a run process and everything it owns; `why` is the reason the host sees (cpu, wall, mem, nproc). */
void kill_proc(struct proc *p, const char *why);
/* Kill and reap everything of our uid the run left behind, then forget the run's ownership table. */
void reap_all_blocking(int nprocs);
