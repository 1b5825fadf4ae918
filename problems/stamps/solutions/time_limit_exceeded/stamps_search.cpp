// Too slow: tries every multiset of stamps (values in non-increasing order, so each multiset once) and
// keeps the smallest that makes S exactly. A few thousand multisets when S <= 30; astronomically many
// when S is 10^5 and some values are small. Expected: small accepted, large time limit exceeded.
#include <algorithm>
#include <cstdio>
#include <functional>
#include <vector>

static int m, total;
static std::vector<int> d, cur, best_count;
static int best = -1;

static void search(int from, int left) {
    if (left == 0) {
        if (best < 0 || (int)cur.size() < best) {
            best = (int)cur.size();
            best_count.assign(cur.begin(), cur.end());
        }
        return;
    }
    for (int i = from; i < m; i++)
        if (d[i] <= left) {
            cur.push_back(d[i]);
            search(i, left - d[i]);
            cur.pop_back();
        }
}

int main() {
    if (scanf("%d %d", &m, &total) != 2) return 1;
    d.resize(m);
    for (int &x : d) scanf("%d", &x);
    std::sort(d.begin(), d.end(), std::greater<int>());
    search(0, total);
    if (best < 0) {
        printf("-1\n");
        return 0;
    }
    std::vector<std::pair<int, int>> used;
    for (int v : best_count) {
        if (!used.empty() && used.back().first == v) used.back().second++;
        else used.push_back({v, 1});
    }
    printf("%d\n", (int)used.size());
    for (auto &[v, c] : used) printf("%d %d\n", v, c);
    return 0;
}
