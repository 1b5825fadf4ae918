// Library Shelves: the books fill L = ceil(sum / W) shelves at best. Shelf by shelf, the widest book left
// opens a shelf and a short search fills the rest of it exactly (or within the slack L * W - sum allows),
// trying widths in a random order; when a shelf cannot be filled, start again with another order. After a
// few seconds without a perfect packing, L + 1 shelves are tried, and so on.
#include <bits/stdc++.h>
using namespace std;
int n; long long W; vector<long long> w; vector<int> shelf_of;
map<long long, vector<int>> byw;
mt19937_64 rng(12345);
long long nodes;
bool fill(long long room, long long maxw, long long& slack, int shelf) {
    if (++nodes > 3000) return false;
    if (room == 0) return true;
    auto close = byw.find(room);
    if (room <= maxw && close != byw.end() && !close->second.empty()) {
        int b = close->second.back(); close->second.pop_back(); shelf_of[b] = shelf; return true;
    }
    vector<long long> pairs;  // two books that close the shelf: pick one such pair at random
    for (auto it = byw.begin(); it != byw.end() && it->first <= min(room, maxw); ++it) {
        long long b = it->first, c = room - b;
        if (it->second.empty() || c > b || c <= 0) continue;
        auto jt = byw.find(c);
        if (jt != byw.end() && jt->second.size() >= (c == b ? 2u : 1u)) pairs.push_back(b);
    }
    if (!pairs.empty()) {
        long long b = pairs[rng() % pairs.size()];
        auto& vb = byw[b]; int x = vb.back(); vb.pop_back(); shelf_of[x] = shelf;
        auto& vc = byw[room - b]; int y = vc.back(); vc.pop_back(); shelf_of[y] = shelf;
        return true;
    }
    vector<long long> options;
    auto it = byw.upper_bound(min(room, maxw));  // the widest 40 widths that fit, in a random order
    while (it != byw.begin() && options.size() < 40) {
        --it;
        if (!it->second.empty()) options.push_back(it->first);
    }
    if (options.empty()) { if (room <= slack) { slack -= room; return true; } return false; }
    shuffle(options.begin(), options.end(), rng);
    for (long long x : options) {
        auto& v = byw[x]; int b = v.back(); v.pop_back(); shelf_of[b] = shelf;
        if (fill(room - x, x, slack, shelf)) return true;
        v.push_back(b);
        if (nodes > 3000) break;
    }
    if (room <= slack) { slack -= room; return true; }
    return false;
}
int main() {
    scanf("%d %lld", &n, &W); w.resize(n); shelf_of.assign(n, 0);
    long long sum = 0;
    for (auto& x : w) { scanf("%lld", &x); sum += x; }
    auto start = chrono::steady_clock::now();
    for (long long k = (sum + W - 1) / W;; k++) {
        auto tried = chrono::steady_clock::now();
        while (chrono::steady_clock::now() - tried < chrono::milliseconds(500)) {
            byw.clear();
            for (int i = 0; i < n; i++) byw[w[i]].push_back(i);
            long long slack = k * W - sum; int shelves = 0; bool ok = true;
            while (ok && !byw.empty()) {
                auto it = prev(byw.end());
                if (it->second.empty()) { byw.erase(it); continue; }
                int b = it->second.back(); it->second.pop_back();
                long long x = it->first; shelves++; shelf_of[b] = shelves; nodes = 0;
                if (it->second.empty()) byw.erase(it);
                ok = fill(W - x, x, slack, shelves);
                for (auto e = byw.begin(); e != byw.end();) e = e->second.empty() ? byw.erase(e) : next(e);
            }
            if (ok && shelves <= k) {
                printf("%d\n", shelves);
                for (int i = 0; i < n; i++) printf("%d%c", shelf_of[i], i + 1 < n ? ' ' : '\n');
                return 0;
            }
        }
    }
}
