/* The process table of one RUN: what the host asked for each process, and what the runner saw of it. */
#pragma once
#include <sys/resource.h>
#include <sys/types.h>

#define MAX_PROCS 128
#define MAX_PIPES 256
#define MAX_ARGS 256
#define MAX_COPIES 16
#define MAX_RW 8
#define LINE_MAX_LEN 65536
#define POLL_MS 5

struct proc {
    int argc;
    char *argv[MAX_ARGS + 1];
    long long cpu_ms, wall_ms, mem_kib, out_kib, stack_kib, nofile, err_tail;
    int nproc; /* processes (not threads) the run process's tree may hold at once; the pids cgroup backs it */
    char stdin_spec[4096], stdout_spec[4096], stderr_spec[4096], outfile[4096];
    char copy_src[MAX_COPIES][4096], copy_dst[MAX_COPIES][4096];
    int ncopies, untrusted;
    char subdir[256];          /* cwd under the box, made for this process alone (Communication users) */
    int outfirst;              /* open stdout before stdin: the program side of two processes joined by FIFOs */
    char rw_paths[MAX_RW][4096];    /* extra paths an untrusted process may write (FIFO folders) */
    int nrw;
    /* state */
    pid_t pid;
    int proc_fd;            /* holds /proc/<pid> while the run lasts (untrusted: see confine.c) */
    int out_fd, err_fd;
    long long start_us, end_us;
    int done, status;
    struct rusage ru;
    const char *killed;
    long long extra_cpu_us; /* descendants the runner reaped */
    long long peak_kib;     /* largest resident size of the whole tree seen while polling */
};


extern struct proc procs[MAX_PROCS];
extern int pipes[MAX_PIPES][2];
