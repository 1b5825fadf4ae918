// Renames its own box (its working directory) out of the runner's reach, with a file in it, and leaves a decoy
// in its place. Whether or not that works, the renamed tree must not outlive the test: the test checks /work/run
// afterwards (so this program always prints "contained").
#include "hostile.h"
using namespace hostile;

int main() {
    read_input();
    char cwd[4096];
    if (!getcwd(cwd, sizeof cwd)) return 1;
    int fd = open("kept.txt", O_WRONLY | O_CREAT, 0644);
    if (fd >= 0) {
        write_all(fd, "state kept across tests\n");
        close(fd);
    }
    std::string parent(cwd);
    parent = parent.substr(0, parent.rfind('/'));
    if (rename(cwd, (parent + "/hostile-moved-" + get("token")).c_str()) == 0) mkdir(cwd, 0700);
    return finish();
}
