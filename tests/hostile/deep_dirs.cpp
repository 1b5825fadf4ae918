// Nests folders (mkdir + chdir) until the box's tree is far deeper than PATH_MAX (4096): 1500 levels of 10
// characters, 16 KiB of path. Legal inside its own box, but the runner must still remove all of it.
#include "hostile.h"
using namespace hostile;

int main() {
    read_input();
    for (int i = 0; i < 1500; i++) {
        if (mkdir("deep-level", 0755) < 0 || chdir("deep-level") < 0) {
            escaped("could not nest past level " + str(i) + " of its own box");
            break;
        }
    }
    int fd = open("bottom", O_WRONLY | O_CREAT, 0644);
    if (fd >= 0) {
        write_all(fd, "state kept across tests\n");
        close(fd);
    }
    return finish();
}
