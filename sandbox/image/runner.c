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
 *   MKFIFO <path> [mode-octal]                (default 0666)                                 -> OK | ERR <msg>
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
 * trusted processes of the run; Landlock lets it read only the system, its box, the files on its command line,
 * its streams and its rw= paths: see confine.c); rw=<path> (read and write, repeatable, at most 8);
 * subdir=<name> (its own folder in the box); outfirst=1 (open stdout before stdin); err_tail=<bytes>.
 *
 * `cpsolve-runner --scratch DIR` empties DIR (the contestant's own tmpfs) before and after every run.
 * `cpsolve-runner --init` is the container's PID 1: it only reaps orphans.
 *
 * Files: runner.c (this: the command loop), protocol.c (reading commands, answering, PUT, GET, PROC fields),
 * files.c (folders, tree removal, the scratch tmpfs), run.c (RUN: box, start, watch, report), child.c (a
 * process between fork and exec: streams, limits, environment), confine.c (seccomp and Landlock), accounting.c
 * (limits and accounting over each process's tree), proc.h (the process table they share).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "confine.h"
#include "files.h"
#include "protocol.h"
#include "run.h"

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
    pin_proc_entries();
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
        } else if (!strcmp(tok[0], "MKFIFO") && (nt == 2 || nt == 3)) {
            mode_t mode = nt == 3 ? (mode_t)strtol(tok[2], NULL, 8) : 0666;
            parent_dirs(tok[1]);
            if (mkfifo(tok[1], mode) < 0 && errno != EEXIST) reply_err("mkfifo");
            else if (chmod(tok[1], mode) < 0) reply_err("mkfifo chmod");
            else reply_ok();
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

