// Too slow, for the judge's sake: treats the task as a batch problem and reads all n heights from its
// input before asking anything. The interactor only sends "n Q" and then waits for a question, so both
// sides wait forever: the judge must end it by the wall-clock limit (TLE), not hang.
#include <cstdio>
#include <vector>

int main() {
    long long n, q;
    if (scanf("%lld %lld", &n, &q) != 2) return 1;
    std::vector<long long> h(n + 1);
    for (long long i = 1; i <= n; i++)
        if (scanf("%lld", &h[i]) != 1) return 1;
    long long best = 1;
    for (long long i = 2; i <= n; i++)
        if (h[i] > h[best]) best = i;
    printf("! %lld\n", best);
    fflush(stdout);
    return 0;
}
