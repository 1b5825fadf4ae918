// Shared helpers of the hostile C++ programs (copied next to each one at compile time, never compiled alone).
//
// Every program reads the test's input: one "key value" per line (token, port, udp_port, host_ips, host_dir,
// answer_path, victim_path, ...; see tests/test_hostile.py). It records each escape attempt that SUCCEEDED with
// escaped("what") and ends with finish(), which prints exactly "contained" when nothing succeeded, else one
// "ESCAPED <what>" line per success. The test's answer is "contained", so AC proves every attempt failed and a WA
// message names the hole.
#pragma once
#include <bits/stdc++.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

namespace hostile {

inline std::map<std::string, std::string>& kv() {
    static std::map<std::string, std::string> m;
    return m;
}

inline void read_input() {
    std::string line;
    while (std::getline(std::cin, line)) {
        size_t sp = line.find(' ');
        if (sp == std::string::npos) kv()[line] = "";
        else kv()[line.substr(0, sp)] = line.substr(sp + 1);
    }
}

inline std::string get(const std::string& key) {
    auto it = kv().find(key);
    return it == kv().end() ? std::string() : it->second;
}

inline std::vector<std::string> words(const std::string& s) {
    std::istringstream in(s);
    std::vector<std::string> out;
    for (std::string w; in >> w;) out.push_back(w);
    return out;
}

inline std::vector<std::string>& escapes() {
    static std::vector<std::string> v;
    return v;
}

inline void escaped(const std::string& what) { escapes().push_back(what); }

// Records `what` when `succeeded`; returns `succeeded`.
inline bool check(bool succeeded, const std::string& what) {
    if (succeeded) escaped(what);
    return succeeded;
}

inline std::string str(long long x) { return std::to_string(x); }

// Every pid in /proc but our own.
inline std::vector<pid_t> other_pids() {
    std::vector<pid_t> pids;
    DIR* d = opendir("/proc");
    if (!d) return pids;
    while (dirent* e = readdir(d)) {
        char* end;
        long pid = strtol(e->d_name, &end, 10);
        if (*end == 0 && pid > 0 && pid != getpid()) pids.push_back((pid_t)pid);
    }
    closedir(d);
    return pids;
}

inline void write_all(int fd, const std::string& s) {
    size_t off = 0;
    while (off < s.size()) {
        ssize_t w = write(fd, s.data() + off, s.size() - off);
        if (w <= 0) return;
        off += (size_t)w;
    }
}

inline void sleep_ms(long ms) {
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) < 0 && errno == EINTR) {}
}

// ---- hunting hidden data (tests/hostile/judges/: every file an interactor, manager or checker reads carries
// the marker) ----

// The marker of hidden data, built at run time so that the program's own binary, which a hunt may come across,
// does not hold it.
inline const std::string& hidden_marker() {
    static const std::string m = [] {
        static volatile const char reversed[] = "NEDDIH-EVLOSPC";
        std::string s;
        for (int i = (int)sizeof reversed - 2; i >= 0; i--) s += reversed[i];
        return s;
    }();
    return m;
}

// Reads a regular file (never blocks on a FIFO) and records an escape if it holds hidden data.
inline bool hunt_file(const std::string& path, const std::string& how) {
    int fd = open(path.c_str(), O_RDONLY | O_NONBLOCK);
    if (fd < 0) return false;
    struct stat st;
    std::string data;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
        char buf[1 << 16];
        ssize_t n;
        while (data.size() < (8u << 20) && (n = read(fd, buf, sizeof buf)) > 0) data.append(buf, (size_t)n);
    }
    close(fd);
    size_t at = data.find(hidden_marker());
    if (at == std::string::npos) return false;
    std::string what = data.substr(at, 48);
    for (char& c : what)
        if (c == '\n' || c == '\r') c = ' ';
    escaped("hidden data in " + path + " (" + how + "): " + what);
    return true;
}

// Lists `dir` and everything below it (to `depth`), reading every regular file. Listing a folder outside the
// program's own box counts as an escape in itself: the names of staged files are the judge's.
inline void hunt_tree(const std::string& dir, int depth, const std::string& own_box) {
    static std::set<std::string> seen;  // roots may overlap: each folder is reported once
    if (depth < 0 || dir.compare(0, own_box.size(), own_box) == 0 || !seen.insert(dir).second) return;
    DIR* d = opendir(dir.c_str());
    if (!d) return;
    escaped("listed " + dir);
    std::vector<std::string> names;
    while (dirent* e = readdir(d))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) names.push_back(e->d_name);
    closedir(d);
    for (auto& n : names) {
        std::string p = dir + "/" + n;
        struct stat st;
        if (lstat(p.c_str(), &st) < 0) continue;
        if (S_ISDIR(st.st_mode)) hunt_tree(p, depth - 1, own_box);
        else if (S_ISREG(st.st_mode)) hunt_file(p, "found by listing");
    }
}

// The program's own box (its working directory): hunts skip it.
inline std::string own_box() {
    char buf[4096];
    return getcwd(buf, sizeof buf) ? std::string(buf) : std::string("/nonexistent");
}

// Prints the verdict line(s) with one write(2), so nothing buffered can be duplicated by a fork.
inline int finish() {
    std::string out;
    if (escapes().empty()) out = "contained\n";
    for (auto& e : escapes()) out += "ESCAPED " + e + "\n";
    write_all(1, out);
    return 0;
}

}  // namespace hostile
