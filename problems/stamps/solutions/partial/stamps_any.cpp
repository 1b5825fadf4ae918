// Partial: finds *a* way to make S, not the best one. reach[s] says whether s can be made at all; the
// stamps are recovered by always taking the first value in input order that keeps the rest reachable.
// Always valid (and -1 exactly when S cannot be made), but usually not the fewest stamps, which the
// checker rewards with 40% of the test. Expected: 40% of each subtask.
#include <cstdio>
#include <map>
#include <vector>

int main() {
    int m, total;
    if (scanf("%d %d", &m, &total) != 2) return 1;
    std::vector<int> d(m);
    for (int &x : d) scanf("%d", &x);
    std::vector<char> reach(total + 1, 0);
    reach[0] = 1;
    for (int s = 1; s <= total; s++)
        for (int v : d)
            if (v <= s && reach[s - v]) { reach[s] = 1; break; }
    if (!reach[total]) {
        printf("-1\n");
        return 0;
    }
    std::map<int, int> used;
    for (int s = total; s > 0;)
        for (int v : d)
            if (v <= s && reach[s - v]) { used[v]++; s -= v; break; }
    printf("%d\n", (int)used.size());
    for (auto &[v, c] : used) printf("%d %d\n", v, c);
    return 0;
}
