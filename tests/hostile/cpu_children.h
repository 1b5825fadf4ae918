// Shared by cpu_in_children.cpp and cpu_in_autoreaped_children.cpp: 4 waves of 2 children (one per core), each
// spinning 0.25 s of CPU and exiting unwaited: 2 s of CPU in all, ~1 s of wall time, and never more than
// 0.5 s of CPU in live processes at once. Prints the answer only if nobody stopped it.
#pragma once
#include <ctime>

#include "hostile.h"

namespace hostile {

inline double cpu_now() {
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

inline int cpu_in_children(bool autoreap) {
    read_input();
    if (autoreap) signal(SIGCHLD, SIG_IGN);
    for (int wave = 0; wave < 4; wave++) {
        int done[2];
        if (pipe(done) < 0) return 1;
        for (int i = 0; i < 2; i++) {
            if (fork() == 0) {
                close(done[0]);
                volatile unsigned long long x = 0;
                while (cpu_now() < 0.25) x = x + 1;
                _exit(0);  // closes done[1]: the parent's read sees EOF once both are gone
            }
        }
        close(done[1]);
        char c;
        while (read(done[0], &c, 1) > 0) {}
        close(done[0]);
    }
    sleep_ms(300);
    return finish();
}

}  // namespace hostile
