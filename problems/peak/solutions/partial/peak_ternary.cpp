// Partial: ternary search, two fresh queries per step that keep two thirds of the range. About 70 queries
// for n = 10^6: enough when Q = 100, too many when Q = 42. Expected: subtasks 1 and 2 accepted, 3 wrong.
#include <cstdio>

static long long ask(long long i) {
    printf("? %lld\n", i);
    fflush(stdout);
    long long h;
    if (scanf("%lld", &h) != 1) return 0;
    return h;
}

int main() {
    long long n, q;
    if (scanf("%lld %lld", &n, &q) != 2) return 1;
    long long lo = 1, hi = n;
    while (hi - lo >= 3) {
        long long m1 = lo + (hi - lo) / 3, m2 = hi - (hi - lo) / 3;
        if (ask(m1) < ask(m2)) lo = m1 + 1;
        else hi = m2 - 1;
    }
    long long best = lo, best_h = ask(lo);
    for (long long i = lo + 1; i <= hi; i++) {
        long long h = ask(i);
        if (h > best_h) best = i, best_h = h;
    }
    printf("! %lld\n", best);
    fflush(stdout);
    return 0;
}
