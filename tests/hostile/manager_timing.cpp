// The manager's size and timing as a side channel. The hostile task's manager (judges/manager.py) holds memory
// and burns CPU in proportion to its hidden input while the program runs; its /proc/<pid>/status (VmRSS,
// VmHWM), stat (utime), statm, schedstat and io, and those of its threads, would tell the hidden number. The
// program reads them for every other process: reading any is an escape. How long the manager takes to answer is
// not hidden, in CMS either (the program waits for it): it is measured and printed on stderr, not counted.
#include "hostile.h"
using namespace hostile;

static void probe(const std::string& p) {
    for (const char* f : {"status", "stat", "statm", "schedstat", "io", "sched", "smaps_rollup"}) {
        std::string path = p + "/" + f;
        int fd = open(path.c_str(), O_RDONLY);
        if (fd < 0) continue;
        char buf[4096];
        ssize_t n = read(fd, buf, sizeof buf - 1);
        close(fd);
        if (n <= 0) continue;
        buf[n] = 0;
        std::string text = buf, shown = f;
        if (!strcmp(f, "status")) {
            size_t at = text.find("VmHWM:");
            shown += at == std::string::npos ? "" : " " + text.substr(at, text.find('\n', at) - at);
        }
        escaped("read " + path + " (" + shown + ")");
    }
}

int main() {
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    read_input();  // the manager sends the lines after its work: this waits for it
    clock_gettime(CLOCK_MONOTONIC, &t1);
    fprintf(stderr, "waited %.3f s for the manager\n", (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
    for (pid_t pid : other_pids()) {
        std::string p = "/proc/" + str(pid);
        probe(p);
        if (DIR* t = opendir((p + "/task").c_str())) {
            std::vector<std::string> tids;
            while (dirent* e = readdir(t))
                if (e->d_name[0] != '.') tids.push_back(e->d_name);
            closedir(t);
            for (auto& tid : tids) probe(p + "/task/" + tid);
        }
    }
    return finish();
}
