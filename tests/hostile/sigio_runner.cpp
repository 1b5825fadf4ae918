// Signals the runner without kill(): a file's owner (F_SETOWN) receives SIGIO, or any signal chosen with
// F_SETSIG, when I/O becomes possible on it, and the kernel only checks that both have the same uid. Points a
// pipe at the runner (its parent, and its process group) with SIGKILL and makes it readable. Both fcntl calls
// must be refused, or the runner must survive (a dead runner ends the test as a judge error and leaves this
// process unsupervised).
#include "hostile.h"
using namespace hostile;

int main() {
    read_input();
    pid_t runner = getppid();
    struct Target {
        __pid_type type;
        pid_t pid;
        const char* what;
    } targets[] = {{F_OWNER_PID, runner, "the runner"},
                   {F_OWNER_PGRP, getpgid(runner), "the runner's group"},
                   {F_OWNER_TID, runner, "the runner's thread"}};
    for (auto& t : targets) {
        int p[2];
        if (pipe(p) < 0) return 1;
        struct f_owner_ex owner = {t.type, t.pid};
        bool owned = fcntl(p[0], F_SETOWN_EX, &owner) == 0;
        bool sig = fcntl(p[0], F_SETSIG, SIGKILL) == 0;
        bool async = fcntl(p[0], F_SETFL, O_ASYNC | O_NONBLOCK) == 0;
        if (owned && sig && async) {
            if (write(p[1], "x", 1) < 0) {}
            sleep_ms(50);
            check(getppid() != runner, "SIGKILL via F_SETOWN reached " + std::string(t.what));
        }
        close(p[0]);
        close(p[1]);
    }
    return finish();
}
