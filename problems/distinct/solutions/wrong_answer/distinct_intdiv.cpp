// Wrong: 1 / n is an integer division, 0 for every n > 1, so the answer printed is 0 there.
#include <cmath>
#include <cstdio>

int main() {
    int t;
    if (scanf("%d", &t) != 1) return 1;
    while (t--) {
        long long n, k;
        scanf("%lld %lld", &n, &k);
        printf("%.12g\n", n * (1 - std::pow(1 - 1 / n, (double)k)));
    }
    return 0;
}
