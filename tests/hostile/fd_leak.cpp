// Looks for descriptors the runner leaked into the program (its protocol stream, other processes' pipes, the
// capture files of other runs): only 0, 1 and 2 may be open, and stdin must be read-only.
#include "hostile.h"
using namespace hostile;

int main() {
    read_input();
    for (int fd = 3; fd < 65536; fd++) {
        if (fcntl(fd, F_GETFD) != -1) {
            char path[64], target[4096] = {0};
            snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
            if (readlink(path, target, sizeof target - 1) < 0) strcpy(target, "?");
            escaped("inherited fd " + str(fd) + " -> " + target);
        }
    }
    int fl = fcntl(0, F_GETFL);
    check(fl != -1 && (fl & O_ACCMODE) != O_RDONLY, "stdin is writable");
    return finish();
}
