// Tries to read the expected answer: list /work/secret, open the staged answer by its path (the test gives it),
// stat it, and reach it through other processes' /proc/<pid>/root and /proc/<pid>/cwd. All must fail.
#include "hostile.h"
using namespace hostile;

static void try_read(const std::string& path) {
    int fd = open(path.c_str(), O_RDONLY);
    if (fd >= 0) {
        char buf[64];
        ssize_t n = read(fd, buf, sizeof buf);
        check(true, "read " + std::to_string(n) + " bytes of " + path);
        close(fd);
    }
}

int main() {
    read_input();
    std::string answer = get("answer_path");
    DIR* d = opendir("/work/secret");
    if (check(d != nullptr, "listed /work/secret")) closedir(d);
    struct stat st;
    check(stat(answer.c_str(), &st) == 0, "stat " + answer);
    try_read(answer);
    try_read("/work/secret/checked-output");
    try_read("/proc/self/root" + answer);
    for (pid_t pid : other_pids()) {
        std::string p = "/proc/" + str(pid);
        try_read(p + "/root" + answer);
        try_read(p + "/cwd/../../secret/" + answer.substr(answer.rfind('/') + 1));
        DIR* r = opendir((p + "/root/work/secret").c_str());
        if (check(r != nullptr, "listed " + p + "/root/work/secret")) closedir(r);
    }
    return finish();
}
