// Too slow: one division per day, O(B - A + 1). Instant for 10^6 days; the medium subtask has up to
// 3 * 10^9 days (several seconds of divisions), the large one up to 10^12.
// Expected: samples, small accepted; medium and large time limit exceeded.
#include <cstdio>

int main() {
    unsigned long long n, a, b;
    if (scanf("%llu %llu %llu", &n, &a, &b) != 3) return 1;
    unsigned __int128 total = 0;
    for (unsigned long long k = a; k <= b; k++) total += n % k;
    // print the 128-bit total
    char buf[64];
    int len = 0;
    do {
        buf[len++] = char('0' + (int)(total % 10));
        total /= 10;
    } while (total > 0);
    while (len > 0) putchar(buf[--len]);
    putchar('\n');
    return 0;
}
