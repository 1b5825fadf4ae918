// Tries to read or change the resource limits of every other process with prlimit (the runner would lose its
// own descriptors or CPU time): the seccomp filter allows prlimit on pid 0 (itself) only.
#include <sys/resource.h>

#include "hostile.h"
using namespace hostile;

int main() {
    read_input();
    for (pid_t pid : other_pids()) {
        std::string p = str(pid);
        struct rlimit old;
        check(prlimit(pid, RLIMIT_NOFILE, nullptr, &old) == 0, "read the limits of " + p);
        struct rlimit tiny = {1, 1};
        check(prlimit(pid, RLIMIT_NOFILE, &tiny, nullptr) == 0, "set RLIMIT_NOFILE of " + p);
        check(prlimit(pid, RLIMIT_CPU, &tiny, nullptr) == 0, "set RLIMIT_CPU of " + p);
        check(prlimit(pid, RLIMIT_FSIZE, &tiny, nullptr) == 0, "set RLIMIT_FSIZE of " + p);
    }
    // and it may not lift its own hard limits
    struct rlimit cur;
    getrlimit(RLIMIT_CPU, &cur);
    struct rlimit more = {RLIM_INFINITY, RLIM_INFINITY};
    check(cur.rlim_max != RLIM_INFINITY && prlimit(0, RLIMIT_CPU, &more, nullptr) == 0, "raised its own CPU limit");
    check(setrlimit(RLIMIT_CPU, &more) == 0 && cur.rlim_max != RLIM_INFINITY, "raised its own CPU limit (setrlimit)");
    return finish();
}
