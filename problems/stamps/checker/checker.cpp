// Postage checker, testlib protocol without testlib: checker <input> <output> <answer>.
// Exit 0 and a message: the stamps make S with the fewest possible stamps (or -1 when S cannot be made).
// Exit 7 with "points 0.4": valid stamps that make S, but more of them than needed.
// Exit 1: wrong answer (invalid format, values not on sale, wrong total, -1 when S can be made).
// Exit 3: the jury is wrong (the contestant did better than the answer file, or made an "impossible" S).
#include <cctype>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <set>
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

// Whitespace-separated tokens of a whole file, read as strict integers.
struct Tokens {
    std::string data;
    size_t pos = 0;
    const char *what;

    Tokens(const char *path, const char *what_) : what(what_) {
        FILE *f = fopen(path, "rb");
        if (!f) finish(3, "cannot open the %s file %s", what, path);
        char buf[1 << 16];
        size_t n;
        while ((n = fread(buf, 1, sizeof buf, f)) > 0) data.append(buf, n);
        fclose(f);
    }
    bool at_end() {
        while (pos < data.size() && isspace((unsigned char)data[pos])) pos++;
        return pos >= data.size();
    }
    // The next token as an integer in [lo, hi]; otherwise exit with `bad` (1: the output, 3: the jury's files).
    long long integer(long long lo, long long hi, const char *name, int bad) {
        if (at_end()) finish(bad, "%s: expected %s, found the end of the file", what, name);
        size_t start = pos;
        while (pos < data.size() && !isspace((unsigned char)data[pos])) pos++;
        std::string tok = data.substr(start, pos - start);
        size_t i = (tok[0] == '-') ? 1 : 0;
        bool ok = tok.size() > i && tok.size() - i <= 18;
        for (size_t j = i; ok && j < tok.size(); j++) ok = isdigit((unsigned char)tok[j]);
        if (!ok) finish(bad, "%s: expected %s, found \"%.40s\"", what, name, tok.c_str());
        long long v = atoll(tok.c_str());
        if (v < lo || v > hi) finish(bad, "%s: %s = %lld is outside [%lld, %lld]", what, name, v, lo, hi);
        return v;
    }
};

int main(int argc, char **argv) {
    if (argc < 4) finish(3, "usage: checker input output answer");
    Tokens in(argv[1], "input"), out(argv[2], "output"), ans(argv[3], "answer");

    long long m = in.integer(1, 1000, "m", 3), total = in.integer(1, 1000000000, "S", 3);
    std::set<long long> on_sale;
    for (long long i = 0; i < m; i++) on_sale.insert(in.integer(1, 1000000000, "a stamp value", 3));

    // The answer file is the reference output; only its number of stamps matters.
    long long best = -1;
    long long kinds = ans.integer(-1, m, "the number of values", 3);
    if (kinds == 0) finish(3, "answer: 0 values");
    if (kinds > 0) {
        best = 0;
        for (long long i = 0; i < kinds; i++) {
            ans.integer(1, 1000000000, "a value", 3);
            best += ans.integer(1, total, "a count", 3);
        }
    }

    long long t = out.integer(-1, m, "the number of different values", 1);
    if (t == 0) finish(1, "0 different values cannot make S = %lld", total);
    if (t == -1) {
        if (!out.at_end()) finish(1, "output: something after -1");
        if (best < 0) finish(0, "ok: S = %lld cannot be made", total);
        finish(1, "claims S = %lld cannot be made, but %lld stamps make it", total, best);
    }
    std::set<long long> seen;
    long long sum = 0, count = 0;
    for (long long i = 0; i < t; i++) {
        long long v = out.integer(1, 1000000000, "a stamp value", 1);
        long long c = out.integer(1, total, "a count", 1);
        if (!on_sale.count(v)) finish(1, "stamps of value %lld are not on sale", v);
        if (!seen.insert(v).second) finish(1, "value %lld is listed twice", v);
        if (c > total / v) finish(1, "%lld stamps of value %lld are worth more than S = %lld", c, v, total);
        sum += v * c;
        count += c;
        if (sum > total) finish(1, "the stamps are worth more than S = %lld", total);
    }
    if (!out.at_end()) finish(1, "output: more than %lld lines of values", t);
    if (sum != total) finish(1, "the stamps are worth %lld, not S = %lld", sum, total);
    if (best < 0) finish(3, "jury says S = %lld cannot be made, but the output makes it", total);
    if (count < best) finish(3, "the output uses %lld stamps, fewer than the jury's %lld", count, best);
    if (count == best) finish(0, "ok: %lld stamps, the fewest possible", count);
    finish(7, "points 0.4: valid, but %lld stamps where %lld suffice", count, best);
}
