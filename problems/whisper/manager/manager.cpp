// The Committee Whisper manager (CMS Communication protocol, plain C++):
//   manager u0_to_m m_to_u0 u1_to_m m_to_u1 < input
// Process 0 (the encoder) gets every committee and replies with a message; process 1 (the decoder) gets the
// messages in a shuffled order and replies with the committees. The outcome in [0, 1] goes to stdout, the
// message to stderr. The outcome is 0 if a committee comes back wrong or the protocol is broken; otherwise
// it is the smallest B / L over the committees (at most 1), where L is the message's length and
// B = ceil(log2 C(n, k)) is the fewest bits that can tell every committee of that size apart.
//
// Input: T, then T lines "n k m_1 ... m_k" (members in increasing order).
#include <algorithm>
#include <csignal>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

[[noreturn]] static void outcome(double score, const char *fmt, ...) {
    printf("%.6f\n", score);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(0);  // a manager that exits non-zero is a judge error, whatever the users did
}

[[noreturn]] static void broken(const char *what) {
    fprintf(stderr, "broken test: %s\n", what);
    exit(3);
}

// Reads one whitespace-separated token of at most `limit` characters; false at end of file or if longer.
static bool token(FILE *f, std::string &out, size_t limit) {
    out.clear();
    int c;
    while ((c = fgetc(f)) != EOF && (c == ' ' || c == '\n' || c == '\r' || c == '\t')) {
    }
    while (c != EOF && !(c == ' ' || c == '\n' || c == '\r' || c == '\t')) {
        if (out.size() >= limit) return false;
        out.push_back((char)c);
        c = fgetc(f);
    }
    return !out.empty();
}

static bool integer(FILE *f, long long lo, long long hi, long long &value) {
    std::string t;
    if (!token(f, t, 12)) return false;
    size_t i = t[0] == '-' ? 1 : 0;
    if (i == t.size()) return false;
    for (size_t j = i; j < t.size(); j++)
        if (t[j] < '0' || t[j] > '9') return false;
    value = atoll(t.c_str());
    return lo <= value && value <= hi;
}

static int fewest_bits(int n, int k) {
    unsigned __int128 c = 1;
    for (int i = 0; i < k; i++) c = c * (unsigned)(n - i) / (unsigned)(i + 1);  // exact at every step
    int b = 0;
    while (((unsigned __int128)1 << b) < c) b++;
    return b;
}

struct Committee {
    int n, k;
    std::vector<int> members;
    std::string message;
};

int main(int argc, char **argv) {
    signal(SIGPIPE, SIG_IGN);  // a user that quits must not kill the manager
    if (argc < 5) broken("usage: manager u0_to_m m_to_u0 u1_to_m m_to_u1");
    // Open each user's input before its output: a user's sandbox opens its input first, without waiting,
    // and then waits for us on its output; opening in this order means a user never starts reading before
    // we hold the writing end, so it cannot see a spurious end of file.
    FILE *to_enc = fopen(argv[2], "w");
    FILE *from_enc = fopen(argv[1], "r");
    FILE *to_dec = fopen(argv[4], "w");
    FILE *from_dec = fopen(argv[3], "r");
    if (!to_enc || !from_enc || !to_dec || !from_dec) broken("cannot open the FIFOs");

    int t;
    if (scanf("%d", &t) != 1 || t < 1 || t > 1000) broken("bad T");
    std::vector<Committee> all(t);
    for (Committee &c : all) {
        if (scanf("%d %d", &c.n, &c.k) != 2 || c.n < 2 || c.n > 1000 || c.k < 1 || c.k >= c.n || c.k > 10)
            broken("bad n or k");
        c.members.resize(c.k);
        for (int &x : c.members)
            if (scanf("%d", &x) != 1 || x < 1 || x > c.n) broken("bad member");
        for (int i = 1; i < c.k; i++)
            if (c.members[i - 1] >= c.members[i]) broken("members not increasing");
    }

    // Process 0: one committee at a time.
    fprintf(to_enc, "%d\n", t);
    for (int s = 0; s < t; s++) {
        Committee &c = all[s];
        fprintf(to_enc, "%d %d", c.n, c.k);
        for (int x : c.members) fprintf(to_enc, " %d", x);
        fprintf(to_enc, "\n");
        fflush(to_enc);
        long long length;
        if (!integer(from_enc, 0, 1000, length))
            outcome(0.0, "committee %d: the encoder sent no message length in [0, 1000]", s + 1);
        if (length > 0 && (!token(from_enc, c.message, 1000) || (long long)c.message.size() != length ||
                           c.message.find_first_not_of("01") != std::string::npos))
            outcome(0.0, "committee %d: the message is not %lld characters 0 or 1", s + 1, length);
    }
    fclose(to_enc);

    // Process 1: the same committees in a shuffled (fixed) order, so the position tells nothing.
    std::vector<int> order(t);
    for (int i = 0; i < t; i++) order[i] = i;
    unsigned long long state = 0x5EC12E7ULL + (unsigned long long)t;
    for (int i = t - 1; i > 0; i--) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        std::swap(order[i], order[(int)((state >> 33) % (unsigned long long)(i + 1))]);
    }
    fprintf(to_dec, "%d\n", t);
    double score = 1.0;
    int worst = -1;
    for (int s : order) {
        Committee &c = all[s];
        fprintf(to_dec, "%d %d %d", c.n, c.k, (int)c.message.size());
        if (!c.message.empty()) fprintf(to_dec, " %s", c.message.c_str());
        fprintf(to_dec, "\n");
        fflush(to_dec);
        std::vector<int> got(c.k);
        for (int &x : got) {
            long long v;
            if (!integer(from_dec, 1, c.n, v))
                outcome(0.0, "committee %d: the decoder did not name %d members in [1, %d]", s + 1, c.k, c.n);
            x = (int)v;
        }
        std::sort(got.begin(), got.end());
        if (got != c.members) outcome(0.0, "committee %d: the decoder named the wrong committee", s + 1);
        int bits = fewest_bits(c.n, c.k);
        double ratio = c.message.size() <= (size_t)bits ? 1.0 : (double)bits / (double)c.message.size();
        if (ratio < score) score = ratio, worst = s;
    }
    fclose(to_dec);
    if (score >= 1.0) outcome(1.0, "ok: every committee decoded, every message as short as possible");
    outcome(score, "every committee decoded; committee %d took %d bits where %d suffice", worst + 1,
            (int)all[worst].message.size(), fewest_bits(all[worst].n, all[worst].k));
}
