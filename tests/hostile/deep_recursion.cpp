// 10^7 nested calls (16 bytes of stack each, ~160 MiB): legal under IOI rules, where the stack may use the
// whole memory limit (256 MiB here). Must be AC, not a stack-overflow RE.
#include "hostile.h"
using namespace hostile;

static const long long MOD = 1000000007LL;

__attribute__((noinline)) static long long rec(int n) {
    if (n == 0) return 1;
    long long r = rec(n - 1);  // not a tail call: the multiply and add happen after it returns
    return (r * 3 + n) % MOD;
}

int main() {
    read_input();
    const int depth = 10000000;
    long long want = 1;
    for (int i = 1; i <= depth; i++) want = (want * 3 + i) % MOD;
    long long got = rec(depth);
    check(got != want, "recursion gave " + str(got) + ", loop gave " + str(want));
    return finish();
}
