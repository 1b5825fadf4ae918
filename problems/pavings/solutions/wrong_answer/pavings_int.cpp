// Wrong: fast matrix power with the products in 32-bit int. Fine while the numbers stay small, but
// once f(n) passes about 46341 the products overflow. Expected: wrong from the small subtask on.
#include "pavings.h"

#include <cstring>

namespace {
const int MOD = 1000000007;
typedef int Mat[3][3];

void multiply(const Mat a, const Mat b, Mat out) {
    Mat c;
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) {
            int s = 0;
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
    return result[0][0];
}
