// Forks children that sleep forever until fork() fails. The pids limit must stop it well before 300
// processes with EAGAIN; the parent then exits at once and leaves every child for the runner to kill.
#include "hostile.h"
using namespace hostile;

int main() {
    read_input();
    int n = 0, err = 0;
    for (;;) {
        pid_t p = fork();
        if (p == 0) {
            for (;;) pause();
        }
        if (p < 0) {
            err = errno;
            break;
        }
        if (++n >= 1000) break;
    }
    check(n >= 256, "forked " + str(n) + " processes, past the pids limit");
    check(err != EAGAIN, "fork stopped with errno " + str(err) + " instead of EAGAIN");
    return finish();
}
