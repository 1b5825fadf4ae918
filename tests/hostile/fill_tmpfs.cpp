// Prints the answer first, then fills the file system that holds its box (a tmpfs shared with other boxes, and in
// older layouts with the staged files and answers too) until ENOSPC, in files just under the output limit. The
// space must come back after the test (the test compares the usage), and the canary must still be judged AC.
#include "hostile.h"
using namespace hostile;

static char buf[1 << 20];

int main() {
    read_input();
    finish();
    signal(SIGXFSZ, SIG_IGN);
    memset(buf, 'f', sizeof buf);
    for (int i = 0; i < 64; i++) {
        int fd = open(("fill" + str(i)).c_str(), O_WRONLY | O_CREAT, 0644);
        if (fd < 0) break;
        bool full = false;
        for (int mib = 0; mib < 200; mib++) {
            if (write(fd, buf, sizeof buf) != (ssize_t)sizeof buf) {
                full = errno == ENOSPC;
                break;
            }
        }
        close(fd);
        if (full) break;
    }
    return 0;
}
