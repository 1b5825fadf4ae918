// Library Shelves: the books fill L = ceil(sum / W) shelves at best, leaving L * W - sum of slack. Shelves are
// filled one at a time: the widest book left opens one, and a short search (two books that close it, else a
// random depth-first search) fills the rest exactly, or within the slack. When a shelf cannot be filled, two
// random shelves already filled are emptied back onto the pile and the search goes on (a local search that
// escapes the dead ends of greedy packing). After a while without success, one more shelf is allowed.
#include <bits/stdc++.h>
using namespace std;
int n; long long W, slack; vector<long long> w;
map<long long, vector<int>> pile;  // width -> books not on a shelf
vector<int> took;
mt19937_64 rng(12345);
long long nodes;

int take(long long x) { auto& v = pile[x]; int b = v.back(); v.pop_back(); if (v.empty()) pile.erase(x); took.push_back(b); return b; }
void give_back(int b) { pile[w[b]].push_back(b); }
void untake() { give_back(took.back()); took.pop_back(); }
bool has(long long x, size_t k = 1) { auto it = pile.find(x); return it != pile.end() && it->second.size() >= k; }

bool fill(long long room, long long maxw) {
    if (room == 0) return true;
    if (++nodes > 2000) return false;
    if (room <= maxw && has(room)) { take(room); return true; }
    vector<long long> pairs;
    for (auto it = pile.begin(); it != pile.end() && it->first <= min(room, maxw); ++it) {
        long long b = it->first, c = room - b;
        if (c > 0 && c <= b && has(c, c == b ? 2 : 1)) pairs.push_back(b);
    }
    if (!pairs.empty()) {
        long long b = pairs[rng() % pairs.size()];
        take(b); take(room - b); return true;
    }
    vector<long long> options;
    for (auto it = pile.upper_bound(min(room, maxw)); it != pile.begin() && options.size() < 40;) options.push_back((--it)->first);
    shuffle(options.begin(), options.end(), rng);
    for (long long x : options) {
        take(x);
        if (fill(room - x, x)) return true;
        untake();
        if (nodes > 2000) break;
    }
    if (room <= slack) { slack -= room; return true; }
    return false;
}

int main() {
    scanf("%d %lld", &n, &W); w.resize(n);
    long long sum = 0;
    for (auto& x : w) { scanf("%lld", &x); sum += x; }
    for (int i = 0; i < n; i++) pile[w[i]].push_back(i);
    long long k = (sum + W - 1) / W;
    slack = k * W - sum;
    vector<vector<int>> shelves;
    auto load = [&](const vector<int>& s) { long long t = 0; for (int b : s) t += w[b]; return t; };
    long long steps = 0;
    while (!pile.empty()) {
        if (++steps % 1000000 == 0) { k++; slack += W; }  // stuck for long: allow one more shelf
        took.clear(); nodes = 0;
        long long a = prev(pile.end())->first;
        take(a);
        if ((long long)shelves.size() < k && fill(W - a, a)) { shelves.push_back(took); continue; }
        while (!took.empty()) untake();
        // empty onto the pile a shelf holding a book that would close this one with a book of the pile
        // (or that alone would close it), then a random one
        vector<size_t> helpful;
        for (size_t i = 0; i < shelves.size(); i++)
            for (int b : shelves[i])
                if (w[b] <= W - a && (w[b] == W - a || has(W - a - w[b]))) { helpful.push_back(i); break; }
        for (int r = 0; r < 2 && !shelves.empty(); r++) {
            size_t i = r == 0 && !helpful.empty() && rng() % 2 ? helpful[rng() % helpful.size()] : rng() % shelves.size();
            slack += W - load(shelves[i]);
            for (int b : shelves[i]) give_back(b);
            shelves.erase(shelves.begin() + i);
        }
    }
    vector<int> shelf_of(n);
    for (size_t s = 0; s < shelves.size(); s++) for (int b : shelves[s]) shelf_of[b] = s + 1;
    printf("%zu\n", shelves.size());
    for (int i = 0; i < n; i++) printf("%d%c", shelf_of[i], i + 1 < n ? ' ' : '\n');
}
