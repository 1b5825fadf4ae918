// Prints the answer, then leaves a child in its own process group that waits for the parent to exit and then
// floods stdout (the same captured file). The runner must kill it before reading the output: exactly
// "contained" must come back.
#include "hostile.h"
using namespace hostile;

int main() {
    read_input();
    finish();
    pid_t parent = getpid();
    if (fork() == 0) {
        setpgid(0, 0);
        while (getppid() == parent) sleep_ms(1);
        sleep_ms(200);
        for (;;) write_all(1, "ESCAPED orphan wrote after its parent exited\n");
    }
    return 0;
}
