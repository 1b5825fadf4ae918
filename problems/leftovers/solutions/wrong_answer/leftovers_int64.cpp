// Wrong: the right algorithm in signed 64-bit arithmetic. Fine while the total and the intermediate
// products stay below 9.2e18 (the small and medium subtasks); the large subtask's totals reach 10^22 and
// overflow. Expected: samples, small, medium accepted; large wrong.
#include <cstdio>

int main() {
    long long n, a, b;
    if (scanf("%lld %lld %lld", &n, &a, &b) != 3) return 1;
    long long total = 0;
    if (b > n) {
        long long first = a > n + 1 ? a : n + 1;
        total += (b - first + 1) * n;
        b = n;
    }
    for (long long k = a; k <= b;) {
        long long q = n / k;
        long long last = n / q < b ? n / q : b;
        long long count = last - k + 1;
        total += count * n - q * (k + last) * count / 2;
        k = last + 1;
    }
    printf("%lld\n", total);
    return 0;
}
