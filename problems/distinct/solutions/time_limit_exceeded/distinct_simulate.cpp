// Too slow: follows the expectation roll by roll, O(k) per question. After a roll the count grows by
// one exactly when the roll shows a face not seen yet, which happens with probability 1 - d/n given d
// faces seen, so E[d] after the next roll is E[d] + 1 - E[d]/n. Fine for k <= 1000, far too slow for 10^9.
#include <cstdio>

int main() {
    int t;
    if (scanf("%d", &t) != 1) return 1;
    while (t--) {
        long long n, k;
        scanf("%lld %lld", &n, &k);
        double e = 0;
        for (long long i = 0; i < k; i++) e += 1.0 - e / (double)n;
        printf("%.12g\n", e);
    }
    return 0;
}
