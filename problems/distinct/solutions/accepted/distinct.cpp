// Reference: n * (1 - (1 - 1/n)^k), with 1 - (1 - 1/n)^k computed as -expm1(k * log1p(-1/n)) so that
// nothing is lost when 1/n is tiny.
#include <cmath>
#include <cstdio>

int main() {
    int t;
    if (scanf("%d", &t) != 1) return 1;
    while (t--) {
        long long n, k;
        scanf("%lld %lld", &n, &k);
        long double answer = 1.0L;
        if (n > 1) answer = -(long double)n * expm1l((long double)k * log1pl(-1.0L / n));
        printf("%.12Lg\n", answer);
    }
    return 0;
}
