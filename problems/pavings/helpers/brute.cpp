// Reference for stress tests, compiled with the grader as a submission is: the paving count step by step
// (f(n) = 2 f(n-1) + f(n-2) + f(n-3), f(0) = 1) for paths up to 10^6 squares, and for longer paths the same
// recurrence as a 3x3 matrix raised to the n-th power.
#include "pavings.h"

#include <array>

namespace {
const long long MOD = 1000000007;
using Matrix = std::array<std::array<long long, 3>, 3>;

Matrix times(const Matrix &a, const Matrix &b) {
    Matrix c{};
    for (int i = 0; i < 3; i++)
        for (int k = 0; k < 3; k++)
            for (int j = 0; j < 3; j++) c[i][j] = (c[i][j] + a[i][k] * b[k][j]) % MOD;
    return c;
}
}  // namespace

int count_pavings(long long n) {
    if (n <= 1000000) {
        long long f3 = 0, f2 = 0, f1 = 1;  // f(n-3), f(n-2), f(n-1) before the first step: f(0) = 1
        for (long long i = 1; i <= n; i++) {
            long long f = (2 * f1 + f2 + f3) % MOD;
            f3 = f2, f2 = f1, f1 = f;
        }
        return (int)f1;
    }
    Matrix step{{{2, 1, 1}, {1, 0, 0}, {0, 1, 0}}}, power{{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}};
    for (long long e = n; e > 0; e >>= 1, step = times(step, step))
        if (e & 1) power = times(power, step);
    return (int)power[0][0];  // (f(n), f(n-1), f(n-2)) = power * (f(0), f(-1), f(-2)) = power * (1, 0, 0)
}
