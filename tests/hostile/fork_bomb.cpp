// The classic fork bomb: every process forks forever. The pids limit (256 per container) caps it, the runner
// kills the first process at the time limit and every other one with kill(-1) afterwards.
#include <unistd.h>

int main() {
    for (;;) fork();
}
