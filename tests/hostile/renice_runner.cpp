// Lowers the runner's priority (setpriority, SCHED_IDLE, pinning it to the CPU this program spins on) and then
// loops forever, hoping the starved runner misses the time limit. The limit must hold (TLE); the check after the
// test also wants the runner's scheduling unchanged, since the runner serves every later test of the session.
#include <sched.h>
#include <sys/resource.h>

#include "hostile.h"
using namespace hostile;

int main() {
    read_input();
    pid_t runner = getppid();
    setpriority(PRIO_PROCESS, runner, 19);
    setpriority(PRIO_PGRP, getpgid(runner), 19);
    setpriority(PRIO_USER, getuid(), 19);
    struct sched_param sp = {0};
    sched_setscheduler(runner, SCHED_IDLE, &sp);
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(sched_getcpu(), &one);
    sched_setaffinity(runner, sizeof one, &one);
    sched_setaffinity(0, sizeof one, &one);
    volatile unsigned long long x = 0;
    for (;;) x = x + 1;
}
