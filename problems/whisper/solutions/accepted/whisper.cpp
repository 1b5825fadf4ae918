// Reference: number the committees. With members c_1 < ... < c_k counted from 0, the combinatorial number
// system gives the rank C(c_1, 1) + C(c_2, 2) + ... + C(c_k, k), a bijection onto [0, C(n, k)). The rank is
// sent in exactly B = ceil(log2 C(n, k)) bits, the fewest possible; C(1000, 10) is about 2.6e23, so the
// arithmetic is in unsigned __int128.
#include "whisper.h"

typedef unsigned __int128 u128;

static u128 choose(int n, int r) {
    if (r < 0 || n < r) return 0;
    u128 c = 1;
    for (int i = 0; i < r; i++) c = c * (unsigned)(n - i) / (unsigned)(i + 1);
    return c;
}

static int bits_for(int n, int k) {
    u128 total = choose(n, k);
    int b = 0;
    while (((u128)1 << b) < total) b++;
    return b;
}

std::string encode(int n, int k, std::vector<int> members) {
    u128 rank = 0;
    for (int i = 0; i < k; i++) rank += choose(members[i] - 1, i + 1);
    int b = bits_for(n, k);
    std::string message(b, '0');
    for (int i = b - 1; i >= 0; i--, rank >>= 1) message[i] = (char)('0' + (int)(rank & 1));
    return message;
}

std::vector<int> decode(int n, int k, std::string message) {
    u128 rank = 0;
    for (char ch : message) rank = rank * 2 + (unsigned)(ch - '0');
    std::vector<int> members(k);
    int c = n - 1;
    for (int i = k; i >= 1; i--) {  // the largest c with C(c, i) <= rank is the i-th member (from 0)
        while (choose(c, i) > rank) c--;
        rank -= choose(c, i);
        members[i - 1] = c + 1;
        c--;
    }
    return members;
}
