// Library Shelves checker, CMS protocol without any library: checker <input> <answer> <output>.
// Prints the outcome in [0, 1] on stdout and one line for the contestant on stderr.
// A valid packing on k shelves scores (L / k)^3, where L is the jury's number of shelves (the first line of
// the answer file; the books always fill exactly L shelves). An invalid output scores 0.
#include <cctype>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

[[noreturn]] static void outcome(double score, const char *fmt, ...) {
    printf("%.6f\n", score);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(0);
}

[[noreturn]] static void judge_failure(const char *what) {
    fprintf(stderr, "checker failure: %s\n", what);
    exit(1);  // a CMS checker that exits non-zero is a judge error
}

struct Tokens {
    std::string data;
    size_t pos = 0;

    explicit Tokens(const char *path) {
        FILE *f = fopen(path, "rb");
        if (!f) judge_failure("cannot open a file");
        char buf[1 << 16];
        size_t n;
        while ((n = fread(buf, 1, sizeof buf, f)) > 0) data.append(buf, n);
        fclose(f);
    }
    bool at_end() {
        while (pos < data.size() && isspace((unsigned char)data[pos])) pos++;
        return pos >= data.size();
    }
    // The next token as an integer in [lo, hi]; false (and nothing read) if there is none or it is not one.
    bool integer(long long lo, long long hi, long long &value) {
        if (at_end()) return false;
        size_t start = pos;
        while (pos < data.size() && !isspace((unsigned char)data[pos])) pos++;
        std::string tok = data.substr(start, pos - start);
        if (tok.size() > 18) return false;
        for (char c : tok)
            if (!isdigit((unsigned char)c)) return false;
        value = atoll(tok.c_str());
        return lo <= value && value <= hi;
    }
};

int main(int argc, char **argv) {
    if (argc < 4) judge_failure("usage: checker input answer output");
    Tokens in(argv[1]), ans(argv[2]), out(argv[3]);
    long long n, w, best;
    if (!in.integer(1, 1000000, n) || !in.integer(1, 1000000000, w)) judge_failure("bad input header");
    std::vector<long long> width(n);
    for (long long &x : width)
        if (!in.integer(1, w, x)) judge_failure("bad book width");
    if (!ans.integer(1, n, best)) judge_failure("bad answer file");

    long long k;
    if (!out.integer(1, n, k)) outcome(0.0, "the first line must be the number of shelves, between 1 and %lld", n);
    std::vector<long long> load(k + 1, 0);
    for (long long i = 0; i < n; i++) {
        long long s;
        if (!out.integer(1, k, s)) outcome(0.0, "book %lld: expected a shelf number between 1 and %lld", i + 1, k);
        load[s] += width[i];
        if (load[s] > w) outcome(0.0, "shelf %lld holds more than %lld (book %lld does not fit)", s, w, i + 1);
    }
    if (!out.at_end()) outcome(0.0, "the output goes on after the %lld shelf numbers", n);
    if (k < best) judge_failure("the output uses fewer shelves than the jury's packing, which is perfect");
    double score = std::pow((double)best / (double)k, 3.0);
    if (k == best) outcome(1.0, "ok: %lld shelves, every one of them full", k);
    outcome(score, "valid: %lld shelves where %lld suffice", k, best);
}
