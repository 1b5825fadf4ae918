// Too slow: adds b to a one unit at a time, O(|b|) per pair. Fine for |b| <= 1000, hopeless for 10^18.
// `volatile` keeps the compiler from replacing the loop by a single addition.
#include <cstdio>

int main() {
    int t;
    if (scanf("%d", &t) != 1) return 1;
    while (t--) {
        long long a, b;
        scanf("%lld %lld", &a, &b);
        volatile long long sum = a;
        for (long long i = 0; i < b; i++) sum = sum + 1;
        for (long long i = 0; i > b; i--) sum = sum - 1;
        printf("%lld\n", (long long)sum);
    }
    return 0;
}
