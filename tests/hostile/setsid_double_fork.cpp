// Daemonises the textbook way (fork, setsid, fork again), plus a CLONE_PARENT sibling, a self-stopped child and a
// child that made itself a subreaper. Each survivor ignores every catchable signal and, after 300 ms, starts
// writing to stdout. The parent prints the answer and exits at once: the runner must kill every survivor before
// the output is read (AC), and the check after the test must find no process of the contestant left.
#include <sys/prctl.h>

#include "hostile.h"
using namespace hostile;

[[noreturn]] static void survive() {
    for (int s = 1; s < 65; s++) signal(s, SIG_IGN);
    sleep_ms(300);
    for (;;) {
        write_all(1, "ESCAPED a survivor wrote after the test\n");
        sleep_ms(20);
    }
}

int main() {
    read_input();
    // fork, setsid, fork: the grandchild belongs to no session or group of ours and is orphaned at once
    pid_t c = fork();
    if (c == 0) {
        setsid();
        if (fork() == 0) {
            setsid();
            survive();
        }
        _exit(0);
    }
    waitpid(c, nullptr, 0);
    // a sibling: CLONE_PARENT makes it the runner's own child
    long r = syscall(SYS_clone, CLONE_PARENT | SIGCHLD, 0, 0, 0, 0);
    if (r == 0) survive();
    // stopped: SIGKILL must still reach it
    if (fork() == 0) {
        setpgid(0, 0);
        raise(SIGSTOP);
        survive();
    }
    // a subreaper of its own, with a grandchild to adopt
    if (fork() == 0) {
        prctl(PR_SET_CHILD_SUBREAPER, 1);
        setsid();
        if (fork() == 0) survive();
        survive();
    }
    return finish();
}
