// Tries to signal every process it can see: kill(-1), kill/tkill/tgkill/rt_sigqueueinfo on every pid and
// process group, pidfd_open + pidfd_send_signal, the x32 ABI's kill. The runner (its parent) is among them. All
// must fail; if one had worked the runner would be dead and the test a judge error.
#include "hostile.h"
using namespace hostile;

#ifndef __X32_SYSCALL_BIT
#define __X32_SYSCALL_BIT 0x40000000
#endif

int main() {
    read_input();
    // only the signal 0 probe first: it reports success without harming anything
    check(kill(-1, 0) == 0, "kill(-1, 0) allowed");
    check(kill(-1, SIGKILL) == 0, "kill(-1, SIGKILL)");
    pid_t me = getpid();
    for (pid_t pid : other_pids()) {
        std::string p = str(pid);
        check(kill(pid, SIGKILL) == 0, "kill(" + p + ")");
        if (pid != getpgrp()) check(kill(-pid, SIGKILL) == 0, "kill(-" + p + ")");
        check(syscall(SYS_tkill, pid, SIGKILL) == 0, "tkill(" + p + ")");
        check(syscall(SYS_tgkill, pid, pid, SIGKILL) == 0, "tgkill(" + p + ")");
        siginfo_t si;
        memset(&si, 0, sizeof si);
        si.si_signo = SIGKILL;
        si.si_code = SI_QUEUE;
        si.si_pid = me;
        si.si_uid = getuid();
        check(syscall(SYS_rt_sigqueueinfo, pid, SIGKILL, &si) == 0, "rt_sigqueueinfo(" + p + ")");
        check(syscall(SYS_rt_tgsigqueueinfo, pid, pid, SIGKILL, &si) == 0, "rt_tgsigqueueinfo(" + p + ")");
        long fd = syscall(SYS_pidfd_open, pid, 0);
        if (check(fd >= 0, "pidfd_open(" + p + ")")) {
            check(syscall(SYS_pidfd_send_signal, fd, SIGKILL, nullptr, 0) == 0, "pidfd_send_signal(" + p + ")");
            close((int)fd);
        }
        check(syscall(__X32_SYSCALL_BIT | 62 /* x32 kill */, pid, SIGKILL) == 0, "x32 kill(" + p + ")");
    }
    check(kill(getppid(), SIGKILL) == 0, "kill(parent)");
    check(kill(-getpgid(getppid()), SIGKILL) == 0, "kill(parent's group)");
    return finish();
}
