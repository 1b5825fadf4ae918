// Tries to create, overwrite, truncate, chmod, rename and delete files everywhere outside its box: the root
// filesystem (read-only), /tmp, /dev, /proc, /sys, /work, the staged files (/work/stage) and the answers
// (/work/secret), and the host path the test gave it. Every attempt must fail.
// (The folder that holds the boxes has its own program: write_work_run.cpp.)
#include "hostile.h"
using namespace hostile;

static void try_create(const std::string& dir, const std::string& token) {
    std::string f = dir + "/hostile-" + token;
    int fd = open(f.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0666);
    if (check(fd >= 0, "created " + f)) close(fd);
    std::string d = dir + "/hostile-dir-" + token;
    check(mkdir(d.c_str(), 0777) == 0, "made directory " + d);
    std::string l = dir + "/hostile-link-" + token;
    check(symlink("/", l.c_str()) == 0, "made symlink " + l);
}

static void try_modify(const std::string& f) {
    int fd = open(f.c_str(), O_WRONLY | O_APPEND);
    if (check(fd >= 0, "opened for writing " + f)) close(fd);
    check(truncate(f.c_str(), 0) == 0, "truncated " + f);
    check(chmod(f.c_str(), 0777) == 0, "chmod " + f);
    check(chown(f.c_str(), getuid(), getgid()) == 0, "chown " + f);
    std::string moved = f + ".moved";
    if (check(rename(f.c_str(), moved.c_str()) == 0, "renamed " + f)) rename(moved.c_str(), f.c_str());
    check(unlink(f.c_str()) == 0, "deleted " + f);
}

int main() {
    read_input();
    std::string token = get("token");
    const char* dirs[] = {"/", "/etc", "/usr", "/usr/bin", "/usr/local/bin", "/bin", "/lib", "/var", "/var/tmp",
                          "/tmp", "/root", "/home", "/opt", "/srv", "/mnt", "/run", "/dev", "/dev/pts", "/proc",
                          "/sys", "/sys/fs/cgroup", "/work", "/work/stage", "/work/secret"};
    for (const char* d : dirs) try_create(d, token);
    // the directory of every staged file, and the host's own temporary folder by its host path
    std::vector<std::string> files = {"/etc/passwd", "/etc/hosts", "/etc/resolv.conf", "/etc/hostname",
                                      "/usr/local/bin/cpsolve-runner", "/bin/sh", "/usr/bin/g++",
                                      "/proc/sys/kernel/hostname", "/proc/sysrq-trigger", "/proc/1/oom_score_adj",
                                      "/sys/fs/cgroup/pids/pids.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes",
                                      "/sys/fs/cgroup/pids.max", "/sys/fs/cgroup/memory.max", get("victim_path"),
                                      get("answer_path")};
    if (DIR* d = opendir("/work/stage")) {
        while (dirent* e = readdir(d)) {
            if (e->d_name[0] == '.') continue;
            std::string p = std::string("/work/stage/") + e->d_name;
            files.push_back(p);
            try_create(p, token);  // content-addressed folders (staged binaries) too
        }
        closedir(d);
    }
    for (auto& f : files)
        if (!f.empty()) try_modify(f);
    for (const std::string& dir : words(get("host_dir"))) try_create(dir, token);
    try_create("/tmp", "host-" + token);
    return finish();
}
