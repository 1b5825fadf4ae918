// Makes cleanup hard: nested folders with files, each made mode 000 from the inside out, an unreadable file,
// and a folder with only the sticky bit. The runner must still remove the whole box.
#include "hostile.h"
using namespace hostile;

int main() {
    read_input();
    const char* chain[] = {"a", "a/b", "a/b/c", "a/b/c/d"};
    for (const char* d : chain) {
        mkdir(d, 0755);
        int fd = open((std::string(d) + "/file").c_str(), O_WRONLY | O_CREAT, 0644);
        if (fd >= 0) {
            write_all(fd, "state kept across tests\n");
            close(fd);
        }
    }
    mkdir("s", 01000);
    int fd = open("locked", O_WRONLY | O_CREAT, 0000);
    if (fd >= 0) close(fd);
    for (int i = 3; i >= 0; i--) chmod(chain[i], 0);
    chmod(".", 0500);  // and the box itself read-only
    return finish();
}
