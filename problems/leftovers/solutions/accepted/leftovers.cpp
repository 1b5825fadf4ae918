// Reference in C++: the same runs of equal quotients as leftovers.py. The total reaches about 10^22, past
// 64 bits, so it is accumulated in unsigned __int128 and printed digit by digit.
#include <cstdio>
#include <string>

typedef unsigned long long u64;
typedef unsigned __int128 u128;

static std::string to_string128(u128 x) {
    if (x == 0) return "0";
    std::string s;
    while (x > 0) {
        s.insert(s.begin(), char('0' + (int)(x % 10)));
        x /= 10;
    }
    return s;
}

int main() {
    u64 n, a, b;
    if (scanf("%llu %llu %llu", &n, &a, &b) != 3) return 1;
    u128 total = 0;
    if (b > n) {
        u64 first = a > n + 1 ? a : n + 1;
        total += (u128)(b - first + 1) * n;
        b = n;
    }
    for (u64 k = a; k <= b;) {
        u64 q = n / k;
        u64 last = n / q < b ? n / q : b;
        u128 count = last - k + 1;
        total += count * n - (u128)q * ((u128)k + last) * count / 2;
        k = last + 1;
    }
    printf("%s\n", to_string128(total).c_str());
    return 0;
}
