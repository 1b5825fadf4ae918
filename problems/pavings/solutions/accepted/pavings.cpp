// Reference: f(n) = 2 f(n-1) + f(n-2) + f(n-3), f(0) = 1 (the last stone is white or grey, red or blue).
// The state (f(n), f(n-1), f(n-2)) moves by a 3x3 matrix; its n-th power in O(27 log n) multiplications.
#include "pavings.h"

#include <cstring>

namespace {
const long long MOD = 1000000007;
typedef long long Mat[3][3];

void multiply(const Mat a, const Mat b, Mat out) {
    Mat c;
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) {
            long long s = 0;
            for (int k = 0; k < 3; k++) s = (s + a[i][k] * b[k][j]) % MOD;
            c[i][j] = s;
        }
    memcpy(out, c, sizeof c);
}
}  // namespace

int count_pavings(long long n) {
    Mat result = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
    Mat step = {{2, 1, 1}, {1, 0, 0}, {0, 1, 0}};
    for (; n > 0; n >>= 1) {
        if (n & 1) multiply(result, step, result);
        multiply(step, step, step);
    }
    // (f(n), f(n-1), f(n-2)) = step^n (f(0), f(-1), f(-2)) = step^n (1, 0, 0)
    return (int)result[0][0];
}
