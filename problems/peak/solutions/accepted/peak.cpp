// Reference: binary search on the slope. If h[m] < h[m+1] the ridge still climbs at m, so the summit is
// right of m; otherwise it is at m or to its left. Two queries per halving: 2 * ceil(log2 n) <= 40.
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
    while (lo < hi) {
        long long m = (lo + hi) / 2;
        if (ask(m) < ask(m + 1)) lo = m + 1;
        else hi = m;
    }
    printf("! %lld\n", lo);
    fflush(stdout);
    return 0;
}
