// Garden Path grader: reads T and the T path lengths, calls count_pavings for each, prints the results.
// The official grader is this one; the grader you may download reads the same input format.
#include <cstdio>
#include <vector>

#include "pavings.h"

int main() {
    int t;
    if (scanf("%d", &t) != 1) return 1;
    std::vector<long long> lengths(t);
    for (long long &n : lengths)
        if (scanf("%lld", &n) != 1) return 1;
    std::vector<int> answers;
    answers.reserve(t);
    for (long long n : lengths) answers.push_back(count_pavings(n));
    for (int a : answers) printf("%d\n", a);
    return 0;
}
