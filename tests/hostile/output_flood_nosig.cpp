// Like output_flood, but ignores SIGXFSZ and every write error, then exits 0: the output that reached the
// limit must still be judged OLE (the size check), not checked as an answer.
#include <csignal>
#include <cstring>
#include <unistd.h>

static char buf[1 << 20];

int main() {
    signal(SIGXFSZ, SIG_IGN);
    memset(buf, 'x', sizeof buf);
    for (int i = 0; i < 1024; i++) {
        if (write(1, buf, sizeof buf) < 0) {}
    }
    return 0;
}
