// Wrong: greedy, the largest stamp that still fits, as many times as it fits. Optimal for "canonical"
// values like 1, 2, 5, 10, but it can use too many stamps (1, 3, 4 for 6: 4+1+1 instead of 3+3) and it
// can get stuck and claim -1 when S can be made (3, 5 for 9: 5, then nothing fits 4). Expected: wrong
// on some test of every subtask.
#include <algorithm>
#include <cstdio>
#include <functional>
#include <vector>

int main() {
    int m, total;
    if (scanf("%d %d", &m, &total) != 2) return 1;
    std::vector<int> d(m);
    for (int &x : d) scanf("%d", &x);
    std::sort(d.begin(), d.end(), std::greater<int>());
    std::vector<std::pair<int, int>> used;
    int left = total;
    for (int v : d)
        if (left >= v) {
            used.push_back({v, left / v});
            left %= v;
        }
    if (left != 0) {
        printf("-1\n");
        return 0;
    }
    printf("%d\n", (int)used.size());
    for (auto &[v, c] : used) printf("%d %d\n", v, c);
    return 0;
}
