// Reference: unbounded-knapsack DP, best[s] = fewest stamps making s, O(S * m). The stamps are then
// recovered from S downwards, taking the largest value that stays on an optimal path (so the output is
// the same as generators/jury.py's, though any optimal answer is accepted).
#include <algorithm>
#include <cstdio>
#include <map>
#include <vector>

int main() {
    int m, total;
    if (scanf("%d %d", &m, &total) != 2) return 1;
    std::vector<int> d(m);
    for (int &x : d) scanf("%d", &x);
    const int INF = 1 << 30;
    std::vector<int> best(total + 1, INF);
    best[0] = 0;
    for (int s = 1; s <= total; s++)
        for (int v : d)
            if (v <= s && best[s - v] + 1 < best[s]) best[s] = best[s - v] + 1;
    if (best[total] >= INF) {
        printf("-1\n");
        return 0;
    }
    std::sort(d.rbegin(), d.rend());
    std::map<int, int> used;
    for (int s = total; s > 0;) {
        for (int v : d)
            if (v <= s && best[s - v] == best[s] - 1) {
                used[v]++;
                s -= v;
                break;
            }
    }
    printf("%d\n", (int)used.size());
    for (auto it = used.rbegin(); it != used.rend(); ++it) printf("%d %d\n", it->first, it->second);
    return 0;
}
