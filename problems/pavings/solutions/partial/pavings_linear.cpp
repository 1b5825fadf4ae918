// Partial: the recurrence one length at a time, O(n) per call. 10^7 steps for the medium subtask's ten
// calls with n <= 10^6; the large subtask's n reaches 10^18. Expected: small and medium accepted, large
// time limit exceeded.
#include "pavings.h"

int count_pavings(long long n) {
    const long long MOD = 1000000007;
    long long a = 1, b = 0, c = 0;  // f(i), f(i-1), f(i-2), starting at i = 0
    for (long long i = 1; i <= n; i++) {
        long long next = (2 * a + b + c) % MOD;
        c = b;
        b = a;
        a = next;
    }
    return (int)a;
}
