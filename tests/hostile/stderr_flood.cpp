// Prints the answer, then writes 1 GiB to stderr ignoring SIGXFSZ and errors. stderr is not judged: only its
// tail comes back, the file limit caps what is stored, and the verdict must stay AC.
#include <csignal>
#include <cstring>

#include "hostile.h"
using namespace hostile;

static char buf[1 << 20];

int main() {
    read_input();
    signal(SIGXFSZ, SIG_IGN);
    memset(buf, 'e', sizeof buf);
    long long written = 0;
    for (int i = 0; i < 1024; i++) {
        ssize_t w = write(2, buf, sizeof buf);
        if (w > 0) written += w;
    }
    check(written >= (1LL << 30), "wrote all of 1 GiB to stderr: no file size limit");
    return finish();
}
