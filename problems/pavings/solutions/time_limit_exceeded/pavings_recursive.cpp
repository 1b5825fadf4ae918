// Too slow: the recurrence as plain recursion, without remembering anything. The number of calls grows
// like f(n) itself (about 2.5^n), fine for n <= 20, hopeless for n = 10^6. Expected: small accepted,
// medium and large time limit exceeded.
#include "pavings.h"

static long long ways(long long n) {
    if (n < 0) return 0;
    if (n == 0) return 1;
    return (2 * ways(n - 1) + ways(n - 2) + ways(n - 3)) % 1000000007;
}

int count_pavings(long long n) { return (int)ways(n); }
