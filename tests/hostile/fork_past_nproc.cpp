// Forks 100 sleeping children (more than the 64 processes a test may hold) and then waits to be noticed: the
// runner counts the program's process tree and must kill all of it for too many processes (RE).
#include "hostile.h"
using namespace hostile;

int main() {
    read_input();
    for (int i = 0; i < 100; i++) {
        pid_t p = fork();
        if (p == 0) {
            for (;;) pause();
        }
        if (p < 0) break;
    }
    sleep_ms(1500);
    return finish();  // reached only if nobody counted the children
}
