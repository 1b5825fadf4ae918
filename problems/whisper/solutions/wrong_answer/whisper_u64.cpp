// Wrong: the reference's numbering in unsigned 64-bit arithmetic. C(n, k) overflows once it passes
// 1.8e19 (a committee of 10 out of 1000 has 2.6e23 possibilities), and the decoder names the wrong
// committee. Expected: small accepted, large wrong.
#include "whisper.h"

typedef unsigned long long u64;

static u64 choose(int n, int r) {
    if (r < 0 || n < r) return 0;
    u64 c = 1;
    for (int i = 0; i < r; i++) c = c * (unsigned)(n - i) / (unsigned)(i + 1);
    return c;
}

static int bits_for(int n, int k) {
    u64 total = choose(n, k);
    int b = 0;
    while (b < 64 && ((u64)1 << b) < total) b++;
    return b;
}

std::string encode(int n, int k, std::vector<int> members) {
    u64 rank = 0;
    for (int i = 0; i < k; i++) rank += choose(members[i] - 1, i + 1);
    int b = bits_for(n, k);
    std::string message(b, '0');
    for (int i = b - 1; i >= 0; i--, rank >>= 1) message[i] = (char)('0' + (int)(rank & 1));
    return message;
}

std::vector<int> decode(int n, int k, std::string message) {
    u64 rank = 0;
    for (char ch : message) rank = rank * 2 + (unsigned)(ch - '0');
    std::vector<int> members(k);
    int c = n - 1;
    for (int i = k; i >= 1; i--) {
        while (c > 0 && choose(c, i) > rank) c--;
        rank -= choose(c, i);
        members[i - 1] = c + 1;
        c--;
    }
    return members;
}
