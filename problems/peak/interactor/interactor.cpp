// Mountain Ridge interactor, Kattis protocol: interactor <input> <answer> <feedback_dir>, with the program's
// output on stdin and the program's input on stdout. Exit 42 accepts, 43 rejects; the reason goes to
// <feedback_dir>/judge_message.txt. Any other exit (3) means the test itself is broken.
//
// The input file: "n Q" on the first line; the second line is the hidden heights h_1..h_n, or "0 p seed"
// for a ridge generated here (peak at p; heights fall from 500000000 by 1..100 per step on both sides, from
// a splitmix64 stream seeded with seed). The answer file holds p.
#include <cerrno>
#include <csignal>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <poll.h>

static std::string feedback_dir;

[[noreturn]] static void verdict(int code, const char *fmt, ...) {
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    std::string path = feedback_dir + "/judge_message.txt";
    if (FILE *f = fopen(path.c_str(), "w")) {
        fprintf(f, "%s\n", msg);
        fclose(f);
    }
    fprintf(stderr, "%s\n", msg);
    exit(code);
}

// Defensive: a sandbox that opens a FIFO's read end without blocking may start us before the program holds
// the writing end of our stdin, and a read then returns end-of-file at once, as if the program had quit.
// poll() on Linux reports a hang-up only after a writer has come and gone, so wait here for the first
// question (or a real hang-up) before reading. (cpsolve's runner now waits for the writer itself.)
static void wait_for_program() {
    struct pollfd p = {0, POLLIN, 0};
    while (poll(&p, 1, -1) < 0 && errno == EINTR) {
    }
}

static unsigned long long splitmix64(unsigned long long &state) {
    unsigned long long z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

int main(int argc, char **argv) {
    signal(SIGPIPE, SIG_IGN);  // a program that quits early must not kill the interactor
    if (argc < 4) {
        fprintf(stderr, "usage: interactor input answer feedback_dir\n");
        return 3;
    }
    feedback_dir = argv[3];
    while (feedback_dir.size() > 1 && feedback_dir.back() == '/') feedback_dir.pop_back();

    FILE *in = fopen(argv[1], "r"), *ans = fopen(argv[2], "r");
    if (!in || !ans) verdict(3, "cannot open the test files");
    long long n, q, p;
    if (fscanf(in, "%lld %lld", &n, &q) != 2 || n < 2 || n > 1000000 || q < 1) verdict(3, "bad input header");
    if (fscanf(ans, "%lld", &p) != 1 || p < 1 || p > n) verdict(3, "bad answer file");
    std::vector<long long> h(n + 1);
    long long first;
    if (fscanf(in, "%lld", &first) != 1) verdict(3, "bad input: no heights");
    if (first == 0) {
        unsigned long long seed;
        long long peak;
        if (fscanf(in, "%lld %llu", &peak, &seed) != 2 || peak != p) verdict(3, "bad generated ridge");
        h[p] = 500000000;
        for (long long i = p - 1; i >= 1; i--) h[i] = h[i + 1] - 1 - (long long)(splitmix64(seed) % 100);
        for (long long i = p + 1; i <= n; i++) h[i] = h[i - 1] - 1 - (long long)(splitmix64(seed) % 100);
    } else {
        h[1] = first;
        for (long long i = 2; i <= n; i++)
            if (fscanf(in, "%lld", &h[i]) != 1) verdict(3, "bad input: fewer than n heights");
    }
    for (long long i = 1; i <= n; i++) {
        if (h[i] < 1 || h[i] > 1000000000) verdict(3, "height %lld out of range", i);
        if (i > 1 && (i <= p ? h[i - 1] >= h[i] : h[i - 1] <= h[i])) verdict(3, "not a ridge at %lld", i);
    }

    printf("%lld %lld\n", n, q);
    fflush(stdout);
    wait_for_program();
    long long used = 0;
    char cmd[16];
    while (true) {
        if (scanf("%15s", cmd) != 1) verdict(43, "the program ended without an answer (%lld queries)", used);
        long long i;
        if (strcmp(cmd, "?") == 0) {
            if (scanf("%lld", &i) != 1) verdict(43, "\"?\" without a position");
            if (i < 1 || i > n) verdict(43, "query ? %lld: the position is outside [1, %lld]", i, n);
            if (++used > q) verdict(43, "more than %lld queries", q);
            printf("%lld\n", h[i]);
            fflush(stdout);
        } else if (strcmp(cmd, "!") == 0) {
            if (scanf("%lld", &i) != 1) verdict(43, "\"!\" without a position");
            if (i != p) verdict(43, "answered %lld, but the summit is at %lld (%lld queries)", i, p, used);
            verdict(42, "ok: summit found with %lld of %lld queries", used, q);
        } else {
            verdict(43, "unknown command \"%s\"", cmd);
        }
    }
}
