// Partial: every member in its own fixed-width field of ceil(log2 n) bits. Always decodes, but needs
// k * ceil(log2 n) bits: 100 for a committee of 10 out of 1000, where 78 suffice. Full marks for k = 1;
// otherwise the outcome is B / L. Expected: see problem.yaml.
#include "whisper.h"

static int width(int n) {
    int w = 0;
    while ((1 << w) < n) w++;
    return w;
}

std::string encode(int n, int k, std::vector<int> members) {
    int w = width(n);
    std::string message;
    for (int x : members)
        for (int b = w - 1; b >= 0; b--) message += (char)('0' + (((x - 1) >> b) & 1));
    return message;
}

std::vector<int> decode(int n, int k, std::string message) {
    int w = width(n);
    std::vector<int> members(k, 0);
    for (int i = 0; i < k; i++)
        for (int b = 0; b < w; b++) members[i] = members[i] * 2 + (message[i * w + b] - '0');
    for (int &x : members) x++;
    return members;
}
