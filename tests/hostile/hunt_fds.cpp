// Hunts through what the program holds: any descriptor past 0-2 (the runner's stream, the judge side's ends of
// the FIFOs, other runs' capture files) is an escape; for each of 0-2 it follows /proc/self/fd/<n> to the file
// behind it and lists that file's folder (a staged input lies among the other staged files, a FIFO among the
// other processes' FIFOs), reading what it finds there.
#include "hostile.h"
using namespace hostile;

int main() {
    read_input();
    std::string box = own_box();
    for (int fd = 3; fd < 65536; fd++) {
        if (fcntl(fd, F_GETFD) == -1) continue;
        char link[64], target[4096] = {0};
        snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
        if (readlink(link, target, sizeof target - 1) < 0) strcpy(target, "?");
        escaped("inherited fd " + str(fd) + " -> " + target);
        hunt_file(link, "an inherited descriptor");
    }
    for (int fd = 0; fd < 3; fd++) {
        char link[64], target[4096] = {0};
        snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
        if (readlink(link, target, sizeof target - 1) <= 0 || target[0] != '/') continue;
        std::string path = target;
        std::string dir = path.substr(0, path.rfind('/'));
        if (dir.empty() || dir.compare(0, box.size(), box) == 0) continue;
        hunt_tree(dir, 2, box);
    }
    return finish();
}
