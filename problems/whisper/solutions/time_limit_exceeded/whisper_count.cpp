// Too slow: the rank is found by walking through all committees in lexicographic order until the right one
// comes up (and the decoder walks the same way). Optimal messages, but C(n, k) steps: about 4000 for 3 out
// of 30, 2.6e23 for 10 out of 1000. Expected: small accepted, large time limit exceeded.
#include "whisper.h"

static bool next_committee(std::vector<int> &c, int n) {
    int k = (int)c.size();
    int i = k - 1;
    while (i >= 0 && c[i] == n - k + i + 1) i--;
    if (i < 0) return false;
    c[i]++;
    for (int j = i + 1; j < k; j++) c[j] = c[j - 1] + 1;
    return true;
}

static std::vector<int> first_committee(int k) {
    std::vector<int> c(k);
    for (int i = 0; i < k; i++) c[i] = i + 1;
    return c;
}

static int bits_for(int n, int k) {
    unsigned __int128 total = 1;
    for (int i = 0; i < k; i++) total = total * (unsigned)(n - i) / (unsigned)(i + 1);
    int b = 0;
    while (((unsigned __int128)1 << b) < total) b++;
    return b;
}

std::string encode(int n, int k, std::vector<int> members) {
    std::vector<int> c = first_committee(k);
    unsigned long long rank = 0;
    while (c != members && next_committee(c, n)) rank++;
    int b = bits_for(n, k);
    std::string message(b, '0');
    for (int i = b - 1; i >= 0; i--, rank >>= 1) message[i] = (char)('0' + (int)(rank & 1));
    return message;
}

std::vector<int> decode(int n, int k, std::string message) {
    unsigned long long rank = 0;
    for (char ch : message) rank = rank * 2 + (unsigned)(ch - '0');
    std::vector<int> c = first_committee(k);
    for (unsigned long long i = 0; i < rank; i++) next_committee(c, n);
    return c;
}
