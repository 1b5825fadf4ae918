// Creates 20000 files in 100 folders of its box and a chain of 300 nested folders. All of it must be removed
// after the test (the check compares /work's usage and /work/run before and after).
#include "hostile.h"
using namespace hostile;

int main() {
    read_input();
    int made = 0;
    for (int d = 0; d < 100; d++) {
        std::string dir = "d" + str(d);
        if (mkdir(dir.c_str(), 0755) < 0) continue;
        for (int f = 0; f < 200; f++) {
            int fd = open((dir + "/f" + str(f)).c_str(), O_WRONLY | O_CREAT, 0644);
            if (fd >= 0) {
                made++;
                close(fd);
            }
        }
    }
    check(made != 20000, "could make only " + str(made) + " of 20000 files in its own box");
    for (int i = 0; i < 300; i++) {
        if (mkdir("n", 0755) < 0 || chdir("n") < 0) {
            escaped("nesting stopped at " + str(i));
            break;
        }
    }
    return finish();
}
