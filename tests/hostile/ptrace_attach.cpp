// Tries to trace, or read the memory of, every other process: PTRACE_ATTACH, PTRACE_SEIZE, process_vm_readv,
// /proc/<pid>/mem. All must fail (the seccomp filter denies ptrace outright; the runner is not dumpable).
#include <sys/ptrace.h>
#include <sys/uio.h>

#include "hostile.h"
using namespace hostile;

int main() {
    read_input();
    for (pid_t pid : other_pids()) {
        std::string p = str(pid);
        if (check(ptrace(PTRACE_ATTACH, pid, nullptr, nullptr) == 0, "PTRACE_ATTACH " + p))
            ptrace(PTRACE_DETACH, pid, nullptr, nullptr);
        if (check(ptrace(PTRACE_SEIZE, pid, nullptr, nullptr) == 0, "PTRACE_SEIZE " + p))
            ptrace(PTRACE_DETACH, pid, nullptr, nullptr);
        char buf[64];
        struct iovec local = {buf, sizeof buf}, remote = {(void*)0x400000, sizeof buf};
        check(process_vm_readv(pid, &local, 1, &remote, 1, 0) > 0, "process_vm_readv " + p);
        int fd = open(("/proc/" + p + "/mem").c_str(), O_RDWR);
        if (check(fd >= 0, "opened /proc/" + p + "/mem")) close(fd);
    }
    // a child of our own cannot be traced either: no debugger-style tricks past the seccomp filter
    pid_t c = fork();
    if (c == 0) {
        for (;;) pause();
    }
    check(ptrace(PTRACE_ATTACH, c, nullptr, nullptr) == 0, "PTRACE_ATTACH own child");
    kill(c, SIGKILL);
    waitpid(c, nullptr, 0);
    return finish();
}
