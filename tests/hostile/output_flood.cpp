// Writes 1 GiB to stdout: RLIMIT_FSIZE (the output limit) must stop it with SIGXFSZ.
#include <cstring>
#include <unistd.h>

static char buf[1 << 20];

int main() {
    memset(buf, 'x', sizeof buf);
    for (int i = 0; i < 1024; i++) {
        size_t off = 0;
        while (off < sizeof buf) {
            ssize_t w = write(1, buf + off, sizeof buf - off);
            if (w <= 0) break;
            off += (size_t)w;
        }
    }
}
