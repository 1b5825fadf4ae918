/* Confinement of untrusted processes: a seccomp filter and a Landlock ruleset, installed between fork and exec. */
#define _GNU_SOURCE
#include "confine.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <dirent.h>
#include <limits.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/landlock.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

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
int install_seccomp(const pid_t *protected_ids, int nprot) {
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

/* Landlock for untrusted processes. The system is read-only; the program may write only beneath its own box;
 * of the judge's files it may read exactly what its run hands it: the files on its command line (its binary,
 * its script) and its streams when they are files or FIFOs (so /dev/stdin reopens), plus the FIFOs the host
 * names (fifo_io). Staged inputs, checkers, managers, interactors and other boxes cannot even be listed.
 * In /proc it sees its own process and the system-wide files, never another process's entries (an
 * interactor's command line, a manager's memory and CPU time). From ABI 6 on it is also scoped: no signal and
 * no abstract Unix socket reaches a process outside its own domain. A kernel without Landlock leaves the uid,
 * mount and seccomp walls in place. */
#ifndef LANDLOCK_ACCESS_FS_REFER
#define LANDLOCK_ACCESS_FS_REFER (1ULL << 13)
#endif
#ifndef LANDLOCK_ACCESS_FS_TRUNCATE
#define LANDLOCK_ACCESS_FS_TRUNCATE (1ULL << 14)
#endif
#ifndef LANDLOCK_ACCESS_FS_IOCTL_DEV
#define LANDLOCK_ACCESS_FS_IOCTL_DEV (1ULL << 15)
#endif
#define LL_SCOPE_ABSTRACT_UNIX_SOCKET (1ULL << 0)
#define LL_SCOPE_SIGNAL (1ULL << 1)
#define LL_READ (LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR)
#define LL_FILE_RIGHTS (LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_READ_FILE | \
                        LANDLOCK_ACCESS_FS_TRUNCATE | LANDLOCK_ACCESS_FS_IOCTL_DEV)

/* The ruleset attribute as of ABI 6, whatever the build machine's headers know. */
struct ruleset_attr {
    uint64_t handled_access_fs;
    uint64_t handled_access_net;
    uint64_t scoped;
};

/* Grants `access` beneath `path` (a folder) or on it (a file: file rights only). With files_only a folder is
 * skipped: a command-line argument must never open a whole tree. */
static void landlock_rule(int ruleset, const char *path, unsigned long long access, unsigned long long handled,
                          int files_only) {
    int fd = open(path, O_PATH | O_CLOEXEC);
    if (fd < 0) return;
    struct stat st;
    int is_dir = fstat(fd, &st) == 0 && S_ISDIR(st.st_mode);
    if (!is_dir) access &= LL_FILE_RIGHTS;
    if (!(is_dir && files_only)) {
        struct landlock_path_beneath_attr rule = {.allowed_access = access & handled, .parent_fd = fd};
        syscall(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH, &rule, 0);
    }
    close(fd);
}

/* /proc's system-wide entries (cpuinfo, meminfo, sys, ...), named once by the runner. Their dentries, and
 * those of the run's untrusted processes' own folders, are held open by the runner: a procfs inode is made
 * afresh whenever its dentry is, so a rule on a dentry the kernel dropped would silently stop applying. */
#define MAX_PROC_ENTRIES 256
static char proc_entries[MAX_PROC_ENTRIES][256];
static int nproc_entries;

static int is_pid_name(const char *name) {
    for (const char *c = name; *c; c++)
        if (*c < '0' || *c > '9') return 0;
    return name[0] != 0;
}

void pin_proc_entries(void) {
    DIR *d = opendir("/proc");
    if (!d) return;
    struct dirent *e;
    while ((e = readdir(d)) && nproc_entries < MAX_PROC_ENTRIES) {
        /* pid folders are other processes'; self and thread-self point at whoever opens them */
        if (e->d_name[0] == '.' || is_pid_name(e->d_name) || !strcmp(e->d_name, "self") ||
            !strcmp(e->d_name, "thread-self"))
            continue;
        if (openat(dirfd(d), e->d_name, O_PATH | O_CLOEXEC | O_NOFOLLOW) < 0) continue;  /* held for ever */
        snprintf(proc_entries[nproc_entries++], sizeof proc_entries[0], "%s", e->d_name);
    }
    closedir(d);
}

int pin_proc_dir(pid_t pid) {
    char path[32];
    snprintf(path, sizeof path, "/proc/%d", (int)pid);
    return open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
}

static void landlock_proc(int ruleset, unsigned long long handled) {
    landlock_rule(ruleset, "/proc", LANDLOCK_ACCESS_FS_READ_DIR, handled, 0);  /* ls /proc: pids, not their files */
    landlock_rule(ruleset, "/proc/self", LL_READ, handled, 0);                 /* the program's own folder */
    char path[sizeof proc_entries[0] + 8];
    for (int i = 0; i < nproc_entries; i++) {
        snprintf(path, sizeof path, "/proc/%.255s", proc_entries[i]);
        landlock_rule(ruleset, path, LL_READ, handled, 0);
    }
}

/* A stream spec that names a file or FIFO (not "-", "@" or "pipe:k"). */
static int is_path_spec(const char *spec) { return spec[0] == '/'; }

int install_landlock(const struct proc *p, const char *box) {
    long abi = syscall(SYS_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);
    if (abi < 1) return 0;
    unsigned long long handled = (LANDLOCK_ACCESS_FS_MAKE_SYM << 1) - 1;  /* every ABI-1 right */
    if (abi >= 2) handled |= LANDLOCK_ACCESS_FS_REFER;
    if (abi >= 3) handled |= LANDLOCK_ACCESS_FS_TRUNCATE;
    if (abi >= 5) handled |= LANDLOCK_ACCESS_FS_IOCTL_DEV;
    struct ruleset_attr attr = {.handled_access_fs = handled};
    size_t attr_size = sizeof attr.handled_access_fs;
    if (abi >= 6) {
        attr.scoped = LL_SCOPE_ABSTRACT_UNIX_SOCKET | LL_SCOPE_SIGNAL;
        attr_size = sizeof attr;
    }
    int ruleset = (int)syscall(SYS_landlock_create_ruleset, &attr, attr_size, 0);
    if (ruleset < 0) return -1;
    static const char *system_dirs[] = {"/usr", "/lib", "/lib64", "/bin", "/sbin", "/etc", "/dev", "/sys"};
    for (size_t i = 0; i < sizeof system_dirs / sizeof *system_dirs; i++)
        landlock_rule(ruleset, system_dirs[i], LL_READ, handled, 0);
    landlock_proc(ruleset, handled);
    unsigned long long file_rw = LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_WRITE_FILE |
                                 LANDLOCK_ACCESS_FS_TRUNCATE;
    landlock_rule(ruleset, "/dev/null", file_rw, handled, 0);
    landlock_rule(ruleset, box, handled, handled, 0);
    for (int i = 0; i < p->argc; i++)
        if (p->argv[i][0] == '/')
            landlock_rule(ruleset, p->argv[i], LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_EXECUTE, handled, 1);
    if (is_path_spec(p->stdin_spec))
        landlock_rule(ruleset, p->stdin_spec, LANDLOCK_ACCESS_FS_READ_FILE, handled, 1);
    if (is_path_spec(p->stdout_spec)) landlock_rule(ruleset, p->stdout_spec, LANDLOCK_ACCESS_FS_WRITE_FILE, handled, 1);
    if (is_path_spec(p->stderr_spec)) landlock_rule(ruleset, p->stderr_spec, LANDLOCK_ACCESS_FS_WRITE_FILE, handled, 1);
    for (int i = 0; i < p->nrw; i++)
        landlock_rule(ruleset, p->rw_paths[i], file_rw | LANDLOCK_ACCESS_FS_READ_DIR, handled, 0);
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) return -1;
    int rc = (int)syscall(SYS_landlock_restrict_self, ruleset, 0);
    close(ruleset);
    return rc;
}
