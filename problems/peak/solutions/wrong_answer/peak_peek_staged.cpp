// A cheat: asks no question and reads the ridge where the interactor reads it. It looks for the interactor's
// input file by the path on the interactor's command line (/proc/<pid>/cmdline), then among the staged files
// (the newest one whose header matches). The judge hides both, so it finds nothing, answers 1 and is wrong on
// every test but those whose summit is at 1 (none). Before the judge hid them it found the ridge every time.
#include <dirent.h>
#include <sys/stat.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

static long long n, q;

// The summit, if `path` is an input of this test's shape ("n q", then the heights or "0 p seed"); else 0.
static long long summit_in(const std::string &path) {
    FILE *f = fopen(path.c_str(), "r");
    if (!f) return 0;
    long long fn, fq, first, best = 0;
    if (fscanf(f, "%lld %lld %lld", &fn, &fq, &first) == 3 && fn == n && fq == q) {
        if (first == 0) {
            if (fscanf(f, "%lld", &best) != 1) best = 0;
        } else {
            long long h = first, top = first;
            best = 1;
            for (long long i = 2; i <= n && fscanf(f, "%lld", &h) == 1; i++)
                if (h > top) top = h, best = i;
        }
    }
    fclose(f);
    return best;
}

static long long from_interactor_cmdline() {
    DIR *d = opendir("/proc");
    if (!d) return 0;
    long long found = 0;
    while (dirent *e = readdir(d)) {
        std::string cmdline = std::string("/proc/") + e->d_name + "/cmdline";
        FILE *f = fopen(cmdline.c_str(), "rb");
        if (!f) continue;
        char buf[8192];
        size_t len = fread(buf, 1, sizeof buf - 1, f);
        fclose(f);
        buf[len] = 0;
        for (size_t at = 0; at < len && !found; at += strlen(buf + at) + 1)
            if (buf[at] == '/') found = summit_in(buf + at);
        if (found) break;
    }
    closedir(d);
    return found;
}

static long long from_staged_files() {
    long long found = 0, newest = -1;
    for (const char *root : {"/work/stage", "/work/secret"}) {
        DIR *d = opendir(root);
        if (!d) continue;
        while (dirent *e = readdir(d)) {
            std::string path = std::string(root) + "/" + e->d_name;
            struct stat st;
            if (e->d_name[0] == '.' || stat(path.c_str(), &st) < 0 || !S_ISREG(st.st_mode)) continue;
            long long when = (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
            long long p = when > newest ? summit_in(path) : 0;
            if (p) found = p, newest = when;
        }
        closedir(d);
    }
    return found;
}

int main() {
    if (scanf("%lld %lld", &n, &q) != 2) return 1;
    long long p = from_interactor_cmdline();
    if (!p) p = from_staged_files();
    printf("! %lld\n", p ? p : 1);
    fflush(stdout);
    return 0;
}
