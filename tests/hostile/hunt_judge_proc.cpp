// Hunts hidden data through /proc of the processes beside it (the interactor or manager of its own test, the
// runners): for every other pid, and each of its threads, reads cmdline and opens every absolute path named
// there (an interactor gets its input's path), reads environ, status and stat, follows cwd, root and exe, opens
// /proc/<pid>/fd/* (a manager's stdin is its input) and lists /proc/<pid>/root/work and /proc/<pid>/cwd.
// Reading any /proc file of another process, or finding hidden data, is an escape.
#include "hostile.h"
using namespace hostile;

static void probe(const std::string& p, const std::string& box) {
    for (const char* f : {"cmdline", "environ", "status", "stat", "comm", "wchan"}) {
        std::string path = p + "/" + f;
        int fd = open(path.c_str(), O_RDONLY);
        if (fd < 0) continue;
        std::string data;
        char buf[4096];
        ssize_t n;
        while (data.size() < (1u << 20) && (n = read(fd, buf, sizeof buf)) > 0) data.append(buf, (size_t)n);
        close(fd);
        if (data.empty()) continue;
        escaped("read " + path);
        hunt_file(path, "a /proc file of another process");
        if (!strcmp(f, "cmdline"))
            for (size_t at = 0; at < data.size(); at += strlen(data.c_str() + at) + 1)
                if (data[at] == '/') hunt_file(data.c_str() + at, "named on the command line of " + p);
    }
    for (int fd = 0; fd < 16; fd++) hunt_file(p + "/fd/" + str(fd), "a descriptor of " + p);
    char buf[4096];
    for (const char* l : {"cwd", "root", "exe"})
        check(readlink((p + "/" + l).c_str(), buf, sizeof buf) >= 0, "followed " + p + "/" + l);
    hunt_tree(p + "/root/work", 4, box);
    hunt_tree(p + "/cwd", 2, box);
}

int main() {
    read_input();
    std::string box = own_box();
    for (pid_t pid : other_pids()) {
        std::string p = "/proc/" + str(pid);
        probe(p, box);
        if (DIR* t = opendir((p + "/task").c_str())) {
            std::vector<std::string> tids;
            while (dirent* e = readdir(t))
                if (e->d_name[0] != '.' && atoi(e->d_name) != pid) tids.push_back(e->d_name);
            closedir(t);
            for (auto& tid : tids) probe(p + "/task/" + tid, box);
        }
    }
    return finish();
}
