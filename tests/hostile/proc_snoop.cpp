// Reads other processes through /proc: environ, mem, maps, the fd folder and the fds themselves (the runner's
// protocol pipe), cwd, root and exe links, for every pid and each of its threads. All must be refused: the
// judge's processes belong to another user and the runner is not dumpable.
#include "hostile.h"
using namespace hostile;

static void probe(const std::string& p) {
    for (const char* f : {"environ", "mem", "maps", "smaps", "syscall", "stack", "auxv", "pagemap"}) {
        int fd = open((p + "/" + f).c_str(), O_RDONLY);
        if (fd >= 0) {
            char buf[16];
            ssize_t n = read(fd, buf, sizeof buf);
            check(n > 0, "read " + p + "/" + f);
            close(fd);
        }
    }
    DIR* d = opendir((p + "/fd").c_str());
    if (check(d != nullptr, "listed " + p + "/fd")) closedir(d);
    for (int fd = 0; fd < 8; fd++) {
        std::string f = p + "/fd/" + str(fd);
        int x = open(f.c_str(), O_RDONLY | O_NONBLOCK);
        if (check(x >= 0, "opened " + f)) close(x);
    }
    char buf[4096];
    for (const char* l : {"cwd", "root", "exe"})
        check(readlink((p + "/" + l).c_str(), buf, sizeof buf) >= 0, "followed " + p + "/" + l);
}

int main() {
    read_input();
    for (pid_t pid : other_pids()) {
        std::string p = "/proc/" + str(pid);
        probe(p);
        if (DIR* t = opendir((p + "/task").c_str())) {
            while (dirent* e = readdir(t))
                if (e->d_name[0] != '.' && atoi(e->d_name) != pid) probe(p + "/task/" + e->d_name);
            closedir(t);
        }
    }
    return finish();
}
