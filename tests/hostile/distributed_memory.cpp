// Splits a memory bomb over 40 processes of 56 MiB each (2.2 GiB in all) under a 64 MiB limit that each one
// respects on its own. The runner charges the program's whole process tree, so it must be MLE; the parent waits
// for its children and would print the answer if nobody stopped them.
#include "hostile.h"
using namespace hostile;

int main() {
    read_input();
    std::vector<pid_t> kids;
    for (int i = 0; i < 40; i++) {
        pid_t p = fork();
        if (p == 0) {
            size_t n = 56u << 20;
            char* m = (char*)malloc(n);
            if (m) memset(m, 7, n);
            asm volatile("" : : "r"(m) : "memory");  // keep the compiler from dropping the unused block
            sleep_ms(500);
            _exit(0);
        }
        if (p > 0) kids.push_back(p);
    }
    int killed = 0;
    for (pid_t p : kids) {
        int st;
        if (waitpid(p, &st, 0) == p && WIFSIGNALED(st)) killed++;
    }
    // for the record (stderr is not judged): how many children the cgroup's OOM killer took
    std::string note = str(killed) + " of " + str(kids.size()) + " children were killed\n";
    write_all(2, note);
    return finish();
}
