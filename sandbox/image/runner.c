/* cpsolve-runner: the in-container half of the judge.
 *
 * One runner process serves one `docker exec`: it reads commands on stdin and answers on stdout, so a whole batch
 * of tests costs one exec (~80 ms) instead of one `docker run` (~280 ms) per test.
 *
 * Why C and not Python: a test's peak memory comes from ru_maxrss, and Linux seeds it with the resident size of
 * the process that fork()ed the test. A Python runner would add ~10 MiB to every figure; this static binary adds
 * a few hundred KiB. For the same reason output is streamed through a small fixed buffer, never held in memory.
 *
 * Protocol: header lines of space-separated tokens; binary payloads follow a header that gives their length.
 *   PUT <path> <mode-octal> <size>\n<bytes>   write a file atomically (parents made 0755)   -> OK | ERR <msg>
 *   GET <path> <max>                          read a regular file, never through a link     -> DATA <n> <trunc>\n<bytes>
 *   MKDIR <path> <mode-octal>                 mkdir -p, then chmod                           -> OK | ERR <msg>
 *   RM <path>                                 remove a tree, never following links           -> OK | ERR <msg>
 *   MKFIFO <path>                                                                            -> OK | ERR <msg>
 *   RUN <nprocs> <npipes> <box> [keep] [group=<g>]   then per process a PROC line and its arguments (one per
 *                                             line); "keep" leaves the box for GET/RM (checkers' feedback files);
 *                                             once a run of group g ends badly, later runs of g are "skipped"
 *       PROC argc=N [key=value ...]
 *   -> per process, in order:  RESULT <idx> exit=E sig=S cpu_us=C wall_us=W rss_kib=M killed=K out=N err=M\n
 *      followed by N bytes of output and M bytes of stderr tail; then DONE\n
 *   QUIT
 *
 * RUN makes <box> afresh (mode 0700) as the working directory, runs the processes with their own limits, kills
 * every process the run left behind (also those that called setsid or double-forked: the runner is a child
 * subreaper, and kill(-1) reaches every process of its uid in the container), then removes the box.
 *
 * PROC keys: cpu_ms wall_ms mem_kib out_kib stack_kib nofile nproc (0 = no limit); stdin stdout stderr, each a path,
 * "-" (/dev/null), "@" (stdout/stderr only: captured and returned) or "pipe:<k>:r|w"; outfile=<path in box>
 * (returned instead of captured stdout); copy=<src>:<dst> (into the box before start, repeatable);
 * untrusted=1 (a seccomp filter keeps the process from signalling, tracing or re-limiting the runner and the
 * trusted processes of the run); err_tail=<bytes>.
 *
 * `cpsolve-runner --scratch DIR` empties DIR (the contestant's own tmpfs) before and after every run.
 * `cpsolve-runner --init` is the container's PID 1: it only reaps orphans.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <limits.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/landlock.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_PROCS 128
#define MAX_PIPES 256
#define MAX_ARGS 256
#define MAX_COPIES 16
#define LINE_MAX_LEN 65536
#define POLL_MS 5

static char iobuf[1 << 16];

/* ---------- small helpers ---------- */

static void die(const char *msg) {
    fprintf(stdout, "FATAL %s: %s\n", msg, strerror(errno));
    fflush(stdout);
    _exit(2);
}

static void reply_ok(void) { fputs("OK\n", stdout); }

static void reply_err(const char *what) {
    fprintf(stdout, "ERR %s: %s\n", what, strerror(errno));
}

static int read_line(char *buf, size_t cap) {
    if (!fgets(buf, (int)cap, stdin)) return 0;
    size_t n = strlen(buf);
    if (n && buf[n - 1] == '\n') buf[--n] = 0;
    return 1;
}

static long long now_us(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

static int mkdirs(const char *path, mode_t mode) {
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s", path);
    for (char *p = tmp + 1; *p; p++) {
        if (*p != '/') continue;
        *p = 0;
        if (mkdir(tmp, 0755) < 0 && errno != EEXIST) return -1;
        *p = '/';
    }
    if (mkdir(tmp, mode) < 0 && errno != EEXIST) return -1;
    return 0;
}

static void parent_dirs(const char *path) {
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s", path);
    char *slash = strrchr(tmp, '/');
    if (slash && slash != tmp) {
        *slash = 0;
        mkdirs(tmp, 0755);
    }
}

/* Copy exactly n bytes from fd (or skip them when out < 0). */
static int copy_fd(int in, int out, long long n) {
    while (n > 0) {
        ssize_t want = n < (long long)sizeof iobuf ? (ssize_t)n : (ssize_t)sizeof iobuf;
        ssize_t got = read(in, iobuf, want);
        if (got <= 0) return -1;
        if (out >= 0) {
            for (ssize_t off = 0; off < got;) {
                ssize_t w = write(out, iobuf + off, got - off);
                if (w <= 0) return -1;
                off += w;
            }
        }
        n -= got;
    }
    return 0;
}

/* Stream n bytes of a file descriptor, starting at offset, to our stdout. */
static void send_fd_range(int fd, off_t offset, long long n) {
    fflush(stdout);
    while (n > 0) {
        ssize_t want = n < (long long)sizeof iobuf ? (ssize_t)n : (ssize_t)sizeof iobuf;
        ssize_t got = pread(fd, iobuf, want, offset);
        if (got <= 0) { /* file shrank under us: pad so the framing stays intact */
            memset(iobuf, 0, want);
            got = want;
        }
        fwrite(iobuf, 1, got, stdout);
        offset += got;
        n -= got;
    }
}

/* ---------- file commands ---------- */

static void cmd_put(const char *path, const char *mode_s, const char *size_s) {
    long long size = atoll(size_s);
    mode_t mode = (mode_t)strtol(mode_s, NULL, 8);
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.part%d", path, (int)getpid());
    parent_dirs(path);
    fflush(stdout);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, 0600);
    /* The payload must be consumed even when the file cannot be written, or the stream loses its framing. */
    if (fd < 0) {
        int saved = errno;
        long long left = size;
        while (left > 0) {
            size_t want = left < (long long)sizeof iobuf ? (size_t)left : sizeof iobuf;
            size_t got = fread(iobuf, 1, want, stdin);
            if (got == 0) break;
            left -= got;
        }
        errno = saved;
        reply_err("put");
        return;
    }
    long long left = size;
    while (left > 0) {
        size_t want = left < (long long)sizeof iobuf ? (size_t)left : sizeof iobuf;
        size_t got = fread(iobuf, 1, want, stdin);
        if (got == 0) die("put: short payload");
        if (write(fd, iobuf, got) != (ssize_t)got) {
            int saved = errno;
            left -= got;
            while (left > 0) { /* drain */
                size_t w2 = left < (long long)sizeof iobuf ? (size_t)left : sizeof iobuf;
                size_t g2 = fread(iobuf, 1, w2, stdin);
                if (g2 == 0) break;
                left -= g2;
            }
            close(fd);
            unlink(tmp);
            errno = saved;
            reply_err("put write");
            return;
        }
        left -= got;
    }
    fchmod(fd, mode);
    close(fd);
    if (rename(tmp, path) < 0) {
        unlink(tmp);
        reply_err("put rename");
        return;
    }
    reply_ok();
}

static void cmd_get(const char *path, const char *max_s) {
    long long max = atoll(max_s);
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
        if (fd >= 0) { close(fd); errno = EINVAL; }
        reply_err("get");
        return;
    }
    long long n = st.st_size > max ? max : st.st_size;
    fprintf(stdout, "DATA %lld %d\n", n, st.st_size > max);
    send_fd_range(fd, 0, n);
    close(fd);
}

/* Remove a tree without following links, at any depth (no PATH_MAX: every step is relative to an open folder)
 * and whatever modes the program left on its folders (each is set to 0700 before it is entered). An explicit
 * stack of open folders replaces recursion, and each level keeps a batch of subfolder names so a wide folder
 * is not rescanned for every child. */
#define RM_BATCH 64
struct rm_level {
    int fd;
    char name[NAME_MAX + 1];  /* this folder's name in its parent */
    char pending[RM_BATCH][NAME_MAX + 1];
    int npending;
};

static int rm_scan(struct rm_level *lv) {
    /* unlink every non-folder, queue up to RM_BATCH subfolders; returns how many were queued */
    int dfd = dup(lv->fd);
    if (dfd < 0) return -1;
    DIR *d = fdopendir(dfd);
    if (!d) { close(dfd); return -1; }
    rewinddir(d);
    lv->npending = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        struct stat st;
        if (fstatat(lv->fd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0) continue;
        if (!S_ISDIR(st.st_mode)) unlinkat(lv->fd, e->d_name, 0);
        else if (lv->npending < RM_BATCH) snprintf(lv->pending[lv->npending++], NAME_MAX + 1, "%s", e->d_name);
    }
    closedir(d);
    return lv->npending;
}

static int remove_tree(const char *path) {
    struct stat st;
    if (lstat(path, &st) < 0) return errno == ENOENT ? 0 : -1;
    if (!S_ISDIR(st.st_mode)) return unlink(path);
    chmod(path, 0700);
    int cap = 16, depth = 0, failed = 0;
    struct rm_level *lv = malloc(sizeof *lv * cap);
    if (!lv) return -1;
    lv[0].fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
    lv[0].name[0] = 0;
    if (lv[0].fd < 0) { free(lv); return -1; }
    if (rm_scan(&lv[0]) < 0) failed = 1;
    depth = 1;
    while (depth > 0 && !failed) {
        struct rm_level *top = &lv[depth - 1];
        if (top->npending == 0 && rm_scan(top) < 0) { failed = 1; break; }
        if (top->npending == 0) {  /* empty now: leave it and remove it from its parent */
            close(top->fd);
            depth--;
            if (depth > 0 && unlinkat(lv[depth - 1].fd, top->name, AT_REMOVEDIR) < 0) failed = 1;
            continue;
        }
        char child[NAME_MAX + 1];
        snprintf(child, sizeof child, "%s", top->pending[--top->npending]);
        fchmodat(top->fd, child, 0700, 0);
        int cfd = openat(top->fd, child, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
        if (cfd < 0) {
            if (unlinkat(top->fd, child, AT_REMOVEDIR) < 0 && errno != ENOENT) failed = 1;
            continue;
        }
        if (depth == cap) {
            struct rm_level *grown = realloc(lv, sizeof *lv * (cap *= 2));
            if (!grown) { close(cfd); failed = 1; break; }
            lv = grown;
        }
        lv[depth].fd = cfd;
        snprintf(lv[depth].name, NAME_MAX + 1, "%s", child);
        lv[depth].npending = 0;
        depth++;
        if (rm_scan(&lv[depth - 1]) < 0) failed = 1;
    }
    while (depth > 0) close(lv[--depth].fd);
    free(lv);
    if (failed) return -1;
    return rmdir(path) < 0 && errno != ENOENT ? -1 : 0;
}

/* The contestant's scratch root (its own tmpfs): emptied before and after every run, so nothing a program made
 * next to its box, or renamed its box to, survives into the next test. */
static const char *scratch_root = NULL;

static void wipe_scratch(void) {
    if (!scratch_root) return;
    DIR *d = opendir(scratch_root);
    if (!d) return;
    struct dirent *e;
    char path[4096 + NAME_MAX + 2];
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        snprintf(path, sizeof path, "%s/%s", scratch_root, e->d_name);
        remove_tree(path);
    }
    closedir(d);
}

/* ---------- running processes ---------- */

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
    char rw_paths[8][4096];    /* extra paths an untrusted process may write (FIFO folders) */
    int nrw;
    /* state */
    pid_t pid;
    int out_fd, err_fd;
    long long start_us, end_us;
    int done, status;
    struct rusage ru;
    const char *killed;
    long long extra_cpu_us; /* descendants the runner reaped */
    long long peak_kib;     /* largest resident size of the whole tree seen while polling */
};

static struct proc procs[MAX_PROCS];
static int pipes[MAX_PIPES][2];

static void parse_proc(struct proc *p, char *line) {
    memset(p, 0, sizeof *p);
    strcpy(p->stdin_spec, "-");
    strcpy(p->stdout_spec, "@");
    strcpy(p->stderr_spec, "@");
    p->err_tail = 4096;
    p->out_fd = p->err_fd = -1;
    p->killed = "none";
    char *save = NULL;
    for (char *tok = strtok_r(line, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
        char *eq = strchr(tok, '=');
        if (!eq) continue;
        *eq = 0;
        const char *k = tok, *v = eq + 1;
        if (!strcmp(k, "argc")) p->argc = atoi(v);
        else if (!strcmp(k, "cpu_ms")) p->cpu_ms = atoll(v);
        else if (!strcmp(k, "wall_ms")) p->wall_ms = atoll(v);
        else if (!strcmp(k, "mem_kib")) p->mem_kib = atoll(v);
        else if (!strcmp(k, "out_kib")) p->out_kib = atoll(v);
        else if (!strcmp(k, "stack_kib")) p->stack_kib = atoll(v);
        else if (!strcmp(k, "nofile")) p->nofile = atoll(v);
        else if (!strcmp(k, "err_tail")) p->err_tail = atoll(v);
        else if (!strcmp(k, "untrusted")) p->untrusted = atoi(v);
        else if (!strcmp(k, "nproc")) p->nproc = atoi(v);
        else if (!strcmp(k, "subdir")) snprintf(p->subdir, sizeof p->subdir, "%s", v);
        else if (!strcmp(k, "outfirst")) p->outfirst = atoi(v);
        else if (!strcmp(k, "rw") && p->nrw < 8) snprintf(p->rw_paths[p->nrw++], 4096, "%s", v);
        else if (!strcmp(k, "stdin")) snprintf(p->stdin_spec, 4096, "%s", v);
        else if (!strcmp(k, "stdout")) snprintf(p->stdout_spec, 4096, "%s", v);
        else if (!strcmp(k, "stderr")) snprintf(p->stderr_spec, 4096, "%s", v);
        else if (!strcmp(k, "outfile")) snprintf(p->outfile, 4096, "%s", v);
        else if (!strcmp(k, "copy") && p->ncopies < MAX_COPIES) {
            char *colon = strchr(v, ':');
            if (!colon) continue;
            snprintf(p->copy_src[p->ncopies], 4096, "%.*s", (int)(colon - v), v);
            snprintf(p->copy_dst[p->ncopies], 4096, "%s", colon + 1);
            p->ncopies++;
        }
    }
    if (p->argc > MAX_ARGS) p->argc = MAX_ARGS;
}

/* seccomp for untrusted processes: no signals, traces or limit changes aimed at protected pids. */
#if defined(__x86_64__)
#define SANDBOX_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define SANDBOX_ARCH AUDIT_ARCH_AARCH64
#endif

#define ARG_LO(i) (offsetof(struct seccomp_data, args[i]))
#define DENY BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (EPERM & SECCOMP_RET_DATA))
#define ALLOW BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)

/* One filter block about syscall `nr`: load argument `arg` and compare it with `vals`. With deny_on_match the call
 * fails (EPERM) when the argument is one of the values, else it fails unless it is. Layout: [jeq nr] [load arg]
 * [jeq v]... [no-match action] [match action] [reload nr]; another syscall jumps straight to the reload. */
static int emit_arg_block(struct sock_filter *f, int n, int nr, int arg, const uint32_t *vals, int nvals,
                          int deny_on_match) {
    f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)nr, 0, (unsigned char)(3 + nvals));
    f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG_LO(arg));
    for (int i = 0; i < nvals; i++)
        f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, vals[i], (unsigned char)(nvals - i), 0);
    if (deny_on_match) { f[n++] = (struct sock_filter)ALLOW; f[n++] = (struct sock_filter)DENY; }
    else { f[n++] = (struct sock_filter)DENY; f[n++] = (struct sock_filter)ALLOW; }
    f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr));
    return n;
}

/* seccomp for untrusted programs: nothing aimed at the runner or the run's trusted processes (signals, traces,
 * limits, priorities, SIGIO ownership), no System V / POSIX IPC objects (they would outlive the test). */
static int install_seccomp(const pid_t *protected_ids, int nprot) {
#ifdef SANDBOX_ARCH
    struct sock_filter f[1024];
    int n = 0;
    f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch));
    f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SANDBOX_ARCH, 1, 0);
    f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS);
    f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr));
#if defined(__x86_64__)
    /* x32 syscalls would bypass the numbers below */
    f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x40000000, 0, 1);
    f[n++] = (struct sock_filter)DENY;
#endif
    int always_denied[] = {
        __NR_ptrace, __NR_process_vm_readv, __NR_process_vm_writev, __NR_rt_sigqueueinfo,
        __NR_rt_tgsigqueueinfo, __NR_ioprio_set, __NR_shmget, __NR_msgget, __NR_semget, __NR_mq_open,
#ifdef __NR_pidfd_open
        __NR_pidfd_open,
#endif
#ifdef __NR_pidfd_send_signal
        __NR_pidfd_send_signal,
#endif
#ifdef __NR_pidfd_getfd
        __NR_pidfd_getfd,
#endif
    };
    for (size_t i = 0; i < sizeof always_denied / sizeof *always_denied; i++) {
        f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, always_denied[i], 0, 1);
        f[n++] = (struct sock_filter)DENY;
    }
    /* calls that take a pid act on the program itself only (pid 0) */
    static const uint32_t zero[] = {0};
    int self_only[] = {__NR_prlimit64, __NR_sched_setaffinity, __NR_sched_setscheduler, __NR_sched_setparam,
#ifdef __NR_sched_setattr
                       __NR_sched_setattr,
#endif
    };
    for (size_t i = 0; i < sizeof self_only / sizeof *self_only; i++)
        n = emit_arg_block(f, n, self_only[i], 0, zero, 1, 0);
    /* setpriority(PRIO_PROCESS, 0, ...) only: other forms reach the runner (PRIO_USER covers our uid) */
    f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_setpriority, 0, 6);
    f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG_LO(0));
    f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 3);
    f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG_LO(1));
    f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 1);
    f[n++] = (struct sock_filter)ALLOW;
    f[n++] = (struct sock_filter)DENY;
    f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr));
    /* SIGIO ownership would let a signal (even SIGKILL, via F_SETSIG) reach the runner without kill() */
    static const uint32_t fcntl_owner[] = {8 /* F_SETOWN */, 10 /* F_SETSIG */, 15 /* F_SETOWN_EX */};
    n = emit_arg_block(f, n, __NR_fcntl, 1, fcntl_owner, 3, 1);
    static const uint32_t ioctl_owner[] = {0x8901 /* FIOSETOWN */, 0x8902 /* SIOCSPGRP */};
    n = emit_arg_block(f, n, __NR_ioctl, 1, ioctl_owner, 2, 1);
    /* kill, tkill, tgkill: first argument must not be -1, a protected pid, or a protected group */
    uint32_t values[1 + 2 * 64];
    int nv = 0;
    values[nv++] = (uint32_t)-1;
    for (int i = 0; i < nprot && i < 64; i++) {
        values[nv++] = (uint32_t)protected_ids[i];
        values[nv++] = (uint32_t)(-protected_ids[i]);
    }
    int signal_calls[] = {__NR_kill, __NR_tkill, __NR_tgkill};
    for (int s = 0; s < 3; s++) n = emit_arg_block(f, n, signal_calls[s], 0, values, nv, 1);
    f[n++] = (struct sock_filter)ALLOW;
    struct sock_fprog prog = {.len = (unsigned short)n, .filter = f};
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) return -1;
    return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog);
#else
    (void)protected_ids; (void)nprot;
    return 0;
#endif
}

static void child_fail(const char *what) {
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

/* Landlock for untrusted processes: the system is read-only, the program may write only beneath its own box,
 * and other boxes (another process's, another test's) cannot even be read. A kernel without Landlock leaves the
 * uid, mount and seccomp walls in place. */
#ifndef LANDLOCK_ACCESS_FS_REFER
#define LANDLOCK_ACCESS_FS_REFER (1ULL << 13)
#endif
#ifndef LANDLOCK_ACCESS_FS_TRUNCATE
#define LANDLOCK_ACCESS_FS_TRUNCATE (1ULL << 14)
#endif
#ifndef LANDLOCK_ACCESS_FS_IOCTL_DEV
#define LANDLOCK_ACCESS_FS_IOCTL_DEV (1ULL << 15)
#endif
#define LL_READ (LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR)

static void landlock_rule(int ruleset, const char *path, unsigned long long access, unsigned long long handled) {
    int fd = open(path, O_PATH | O_CLOEXEC);
    if (fd < 0) return;
    struct stat st;
    if (fstat(fd, &st) == 0 && !S_ISDIR(st.st_mode))  /* a file takes file rights only */
        access &= LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_READ_FILE |
                  LANDLOCK_ACCESS_FS_TRUNCATE | LANDLOCK_ACCESS_FS_IOCTL_DEV;
    struct landlock_path_beneath_attr rule = {.allowed_access = access & handled, .parent_fd = fd};
    syscall(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH, &rule, 0);
    close(fd);
}

static int install_landlock(const char *rw_dir, char (*extra)[4096], int nextra) {
    long abi = syscall(SYS_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);
    if (abi < 1) return 0;
    unsigned long long handled = (LANDLOCK_ACCESS_FS_MAKE_SYM << 1) - 1;  /* every ABI-1 right */
    if (abi >= 2) handled |= LANDLOCK_ACCESS_FS_REFER;
    if (abi >= 3) handled |= LANDLOCK_ACCESS_FS_TRUNCATE;
    if (abi >= 5) handled |= LANDLOCK_ACCESS_FS_IOCTL_DEV;
    struct landlock_ruleset_attr attr = {.handled_access_fs = handled};
    int ruleset = (int)syscall(SYS_landlock_create_ruleset, &attr, sizeof attr, 0);
    if (ruleset < 0) return -1;
    static const char *readable[] = {"/usr", "/lib", "/lib64", "/bin", "/sbin", "/etc", "/dev", "/proc", "/sys",
                                     "/work/stage"};
    for (size_t i = 0; i < sizeof readable / sizeof *readable; i++) landlock_rule(ruleset, readable[i], LL_READ, handled);
    unsigned long long file_rw = LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_WRITE_FILE |
                                 LANDLOCK_ACCESS_FS_TRUNCATE;
    landlock_rule(ruleset, "/dev/null", file_rw, handled);
    landlock_rule(ruleset, rw_dir, handled, handled);
    for (int i = 0; i < nextra; i++) landlock_rule(ruleset, extra[i], file_rw | LANDLOCK_ACCESS_FS_READ_DIR, handled);
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) return -1;
    int rc = (int)syscall(SYS_landlock_restrict_self, ruleset, 0);
    close(ruleset);
    return rc;
}

static void start_child(struct proc *p, const char *box, const pid_t *prot, int nprot) {
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
    if (p->untrusted && install_landlock(cwd, p->rw_paths, p->nrw) < 0) child_fail("landlock");
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

/* ---------- accounting: a run process is charged for its whole tree ----------
 * A program that forks must not hide CPU time or memory in its children, also when they outlive it or are
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
static void scan_trees(int nprocs, long long *cpu_ms, long long *rss_kib, int *count) {
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
static void account_reaped(pid_t r, int status, const struct rusage *ru, int nprocs) {
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

static void kill_proc(struct proc *p, const char *why) {
    if (p->done || strcmp(p->killed, "none") != 0) return;
    p->killed = why;
    kill(-p->pid, SIGKILL);
    kill(p->pid, SIGKILL);
    for (int i = 0; i < ntracked; i++)
        if (&procs[tracked[i].owner] == p) kill(tracked[i].pid, SIGKILL);
}

static void reap_all_blocking(int nprocs) {
    /* kill(-1) reaches every process of our uid in this container's pid namespace but the runner itself
     * (PID 1 is exempt by the kernel): exactly what a run may have left behind. Repeat until no child is left. */
    for (int round = 0; round < 100; round++) {
        kill(-1, SIGKILL);
        int st;
        struct rusage ru;
        pid_t r;
        while ((r = wait4(-1, &st, WNOHANG, &ru)) > 0) account_reaped(r, st, &ru, nprocs);
        if (r < 0 && errno == ECHILD) return;
        usleep(1000);
    }
}

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

static void cmd_run(int nprocs, int npipes, const char *box, int keep, const char *group) {
    if (nprocs < 1 || nprocs > MAX_PROCS || npipes < 0 || npipes > MAX_PIPES) {
        fputs("FATAL bad RUN header\n", stdout);
        fflush(stdout);
        _exit(2);
    }
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
    if (group[0] && group_failed(group)) {
        for (int i = 0; i < nprocs; i++) {
            fprintf(stdout, "RESULT %d exit=0 sig=0 cpu_us=0 wall_us=0 rss_kib=0 killed=skipped out=0 err=0\n", i);
            for (int a = 0; a < procs[i].argc; a++) free(procs[i].argv[a]);
        }
        fputs("DONE\n", stdout);
        return;
    }
    wipe_scratch();
    remove_tree(box);
    const char *setup_error = NULL;
    if (mkdirs(box, 0700) < 0) setup_error = "mkdir_box";
    for (int i = 0; i < nprocs && !setup_error; i++) {
        struct proc *p = &procs[i];
        for (int c = 0; c < p->ncopies && !setup_error; c++) {
            char dst[8300];
            snprintf(dst, sizeof dst, "%s/%s", box, p->copy_dst[c]);
            parent_dirs(dst);
            int in = open(p->copy_src[c], O_RDONLY);
            struct stat st;
            int out = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, 0755);
            if (in < 0 || out < 0 || fstat(in, &st) < 0 || copy_fd(in, out, st.st_size) < 0) setup_error = "copy";
            if (in >= 0) close(in);
            if (out >= 0) close(out);
        }
        if (p->subdir[0]) {
            char sub[8300];
            snprintf(sub, sizeof sub, "%s/%s", box, p->subdir);
            if (mkdirs(sub, 0700) < 0) setup_error = "mkdir_subdir";
        }
        /* captured streams are nameless files: nothing in the box can rename, replace or link them */
        p->out_fd = open(box, O_TMPFILE | O_RDWR, 0600);
        p->err_fd = open(box, O_TMPFILE | O_RDWR, 0600);
        if (p->out_fd < 0 || p->err_fd < 0) setup_error = "capture_file";
    }
    for (int k = 0; k < npipes && !setup_error; k++)
        if (pipe2(pipes[k], O_CLOEXEC) < 0) setup_error = "pipe";

    pid_t protected_ids[64];
    int nprot = 0;
    protected_ids[nprot++] = getpid();
    if (!setup_error) {
        /* trusted processes (managers, interactors) start first so untrusted ones can be denied their pids */
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
                if (!p->untrusted && nprot < 64) protected_ids[nprot++] = p->pid;
            }
        }
        for (int k = 0; k < npipes; k++) { close(pipes[k][0]); close(pipes[k][1]); }

        sigset_t chld;
        sigemptyset(&chld);
        sigaddset(&chld, SIGCHLD);
        int running = nprocs;
        static long long tree_cpu[MAX_PROCS], tree_rss[MAX_PROCS];
        static int tree_count[MAX_PROCS];
        while (running > 0) {
            struct timespec ts = {0, POLL_MS * 1000000L};
            sigtimedwait(&chld, NULL, &ts);
            int st;
            struct rusage ru;
            pid_t r;
            while ((r = wait4(-1, &st, WNOHANG, &ru)) > 0) account_reaped(r, st, &ru, nprocs);
            running = 0;
            for (int i = 0; i < nprocs; i++) running += !procs[i].done;
            if (!running) break;
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
    reap_all_blocking(nprocs);
    ntracked = 0;

    for (int i = 0; i < nprocs; i++) {
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
        for (int a = 0; a < p->argc; a++) free(p->argv[a]);
    }
    if (!keep) {
        remove_tree(box);
        wipe_scratch();
    }
    fputs("DONE\n", stdout);
}

/* ---------- main ---------- */

static void on_chld(int sig) { (void)sig; }

static int init_main(void) {
    /* PID 1 of the container: reap whatever is orphaned to us, exit on SIGTERM */
    signal(SIGCHLD, on_chld);
    signal(SIGTERM, SIG_DFL);
    for (;;) {
        if (waitpid(-1, NULL, 0) < 0) pause();
    }
    return 0;
}

int main(int argc, char **argv) {
    if (argc > 1 && !strcmp(argv[1], "--init")) return init_main();
    if (argc > 2 && !strcmp(argv[1], "--scratch")) scratch_root = argv[2];
    /* orphans of a run are re-parented to us, so they can be reaped and nothing outlives its test */
    prctl(PR_SET_CHILD_SUBREAPER, 1);
    /* /proc/<runner>/{mem,fd,environ} stay closed to programs of the same uid */
    prctl(PR_SET_DUMPABLE, 0);
    signal(SIGPIPE, SIG_IGN);
    sigset_t chld;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigprocmask(SIG_BLOCK, &chld, NULL);
    umask(022);
    static char line[LINE_MAX_LEN];
    fputs("READY 1\n", stdout);
    fflush(stdout);
    while (read_line(line, sizeof line)) {
        char *tok[8] = {0};
        int nt = 0;
        char *save = NULL;
        for (char *t = strtok_r(line, " ", &save); t && nt < 8; t = strtok_r(NULL, " ", &save)) tok[nt++] = t;
        if (nt == 0) continue;
        if (!strcmp(tok[0], "QUIT")) break;
        else if (!strcmp(tok[0], "PUT") && nt == 4) cmd_put(tok[1], tok[2], tok[3]);
        else if (!strcmp(tok[0], "GET") && nt == 3) cmd_get(tok[1], tok[2]);
        else if (!strcmp(tok[0], "MKDIR") && nt == 3) {
            if (mkdirs(tok[1], (mode_t)strtol(tok[2], NULL, 8)) < 0 || chmod(tok[1], (mode_t)strtol(tok[2], NULL, 8)) < 0)
                reply_err("mkdir");
            else reply_ok();
        } else if (!strcmp(tok[0], "RM") && nt == 2) {
            if (remove_tree(tok[1]) < 0) reply_err("rm");
            else reply_ok();
        } else if (!strcmp(tok[0], "MKFIFO") && nt == 2) {
            parent_dirs(tok[1]);
            if (mkfifo(tok[1], 0666) < 0 && errno != EEXIST) reply_err("mkfifo");
            else { chmod(tok[1], 0666); reply_ok(); }
        } else if (!strcmp(tok[0], "RUN") && nt >= 4) {
            int keep = 0;
            const char *group = "";
            for (int i = 4; i < nt; i++) {
                if (!strcmp(tok[i], "keep")) keep = 1;
                else if (!strncmp(tok[i], "group=", 6)) group = tok[i] + 6;
            }
            cmd_run(atoi(tok[1]), atoi(tok[2]), tok[3], keep, group);
        }
        else {
            fputs("FATAL unknown command\n", stdout);
            fflush(stdout);
            return 2;
        }
        fflush(stdout);
    }
    return 0;
}
