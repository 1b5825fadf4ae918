// Spread Out checker, testlib protocol without testlib: checker <input> <output> <answer>.
// It judges each arrangement on its own and never opens the answer file: any arrangement of 1..N in which
// no two neighbours differ by exactly 1 is right, and "NO" is right exactly when none exists (N = 2 or 3:
// 2 has only 1 and 3 for neighbours, and N = 2 has only "1 2").
// Exit 0: every test right. Exit 1: wrong answer (with the first wrong test). Exit 3: the input is broken.
#include <cctype>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

[[noreturn]] static void finish(int code, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(code);
}

struct Tokens {
    std::string data;
    size_t pos = 0;

    explicit Tokens(const char *path) {
        FILE *f = fopen(path, "rb");
        if (!f) finish(3, "cannot open %s", path);
        char buf[1 << 16];
        size_t n;
        while ((n = fread(buf, 1, sizeof buf, f)) > 0) data.append(buf, n);
        fclose(f);
    }
    bool at_end() {
        while (pos < data.size() && isspace((unsigned char)data[pos])) pos++;
        return pos >= data.size();
    }
    std::string token() {
        if (at_end()) return "";
        size_t start = pos;
        while (pos < data.size() && !isspace((unsigned char)data[pos])) pos++;
        return data.substr(start, pos - start);
    }
};

static long long integer(const std::string &tok, long long lo, long long hi) {
    if (tok.empty() || tok.size() > 9) return lo - 1;
    for (char c : tok)
        if (!isdigit((unsigned char)c)) return lo - 1;
    long long v = atoll(tok.c_str());
    return v < lo || v > hi ? lo - 1 : v;
}

int main(int argc, char **argv) {
    if (argc < 3) finish(3, "usage: checker input output [answer]");
    Tokens in(argv[1]), out(argv[2]);
    long long t = integer(in.token(), 1, 1000);
    if (t < 1) finish(3, "input: bad T");
    for (long long c = 1; c <= t; c++) {
        long long n = integer(in.token(), 1, 100000);
        if (n < 1) finish(3, "input: bad N in test %lld", c);
        bool impossible = n == 2 || n == 3;
        std::string first = out.token();
        if (first.empty()) finish(1, "test %lld: the output ended early", c);
        if (first == "NO") {
            if (!impossible) finish(1, "test %lld: N = %lld can be arranged, the output says NO", c, n);
            continue;
        }
        if (impossible) finish(1, "test %lld: N = %lld cannot be arranged, expected NO", c, n);
        std::vector<char> seen(n + 1, 0);
        long long prev = 0;
        for (long long i = 0; i < n; i++) {
            std::string tok = i == 0 ? first : out.token();
            long long v = integer(tok, 1, n);
            if (v < 1) finish(1, "test %lld: expected a number in [1, %lld], found \"%.20s\"", c, n, tok.c_str());
            if (seen[v]) finish(1, "test %lld: %lld appears twice", c, v);
            seen[v] = 1;
            if (i > 0 && (v == prev + 1 || v == prev - 1))
                finish(1, "test %lld: neighbours %lld and %lld differ by 1", c, prev, v);
            prev = v;
        }
    }
    if (!out.at_end()) finish(1, "the output goes on after the last test");
    finish(0, "%lld arrangements, all right", t);
}
