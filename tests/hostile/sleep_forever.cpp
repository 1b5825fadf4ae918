// Uses no CPU and never ends: only the wall-clock limit (2 x time + 1 s) can stop it.
#include <unistd.h>

int main() {
    for (;;) pause();
}
