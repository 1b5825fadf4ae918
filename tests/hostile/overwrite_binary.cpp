// Attacks the staged files it runs from: its own binary (/proc/self/exe) and its input (fd 0). Open for
// writing, truncate, chmod, rename, unlink, write through fd 0, map the input shared+writable: all must fail,
// and the test checks afterwards that the staged bytes are unchanged.
#include <sys/mman.h>

#include "hostile.h"
using namespace hostile;

static void attack(const std::string& f) {
    int fd = open(f.c_str(), O_RDWR);
    if (check(fd >= 0, "opened " + f + " read-write")) close(fd);
    fd = open(f.c_str(), O_WRONLY | O_TRUNC);
    if (check(fd >= 0, "truncated-open " + f)) close(fd);
    check(truncate(f.c_str(), 1) == 0, "truncated " + f);
    check(chmod(f.c_str(), 0777) == 0, "chmod " + f);
    check(rename(f.c_str(), (f + ".x").c_str()) == 0, "renamed " + f);
    check(unlink(f.c_str()) == 0, "deleted " + f);
    check(link(f.c_str(), "hardlink") == 0 && open("hardlink", O_WRONLY) >= 0, "wrote through a hard link to " + f);
}

int main() {
    char exe[4096] = {0}, in[4096] = {0};
    if (readlink("/proc/self/exe", exe, sizeof exe - 1) < 0) return 1;
    if (readlink("/proc/self/fd/0", in, sizeof in - 1) < 0) return 1;
    attack(exe);
    attack(in);
    attack("/proc/self/exe");
    attack("/proc/self/fd/0");
    check(write(0, "x", 1) == 1, "wrote to stdin");
    check(ftruncate(0, 0) == 0, "ftruncate stdin");
    check(fchmod(0, 0666) == 0, "fchmod stdin");
    void* m = mmap(nullptr, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, 0, 0);
    check(m != MAP_FAILED, "mapped stdin shared and writable");
    std::string dir(exe);
    dir = dir.substr(0, dir.rfind('/'));
    int fd = open((dir + "/planted").c_str(), O_WRONLY | O_CREAT, 0755);
    check(fd >= 0, "created a file next to the staged binary in " + dir);
    return finish();
}
