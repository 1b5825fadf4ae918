// Wrong: binary search on the slope that assumes the summit is strictly inside the ridge (it starts with
// hi = n - 1, and never looks at the east end). Wrong when the summit is at position n.
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
    long long lo = 1, hi = n - 1;
    while (lo < hi) {
        long long m = (lo + hi) / 2;
        if (ask(m) < ask(m + 1)) lo = m + 1;
        else hi = m;
    }
    printf("! %lld\n", lo);
    fflush(stdout);
    return 0;
}
