"""Scripted models for the agent on every task type of the example archive (test code only): for each problem, a
first draft that passes the samples and is wrong in a way only stress testing exposes (the package's reference
solution with one plausible mistake), the right repair, brute forces, a generator and a validator; and `run`,
which solves a problem with one of them against the real sandbox. test_agent_tasktypes.py,
test_agent_oracles.py and test_ray_tasktypes.py use them."""
from __future__ import annotations

import json
import re
from pathlib import Path

from solver.agent.config import AgentConfig
from solver.problems import load_problem
from solver.solve import Endpoint, solve

from .scripted_server import ScriptedServer


ROOT = Path(__file__).resolve().parent.parent
PROBLEMS = ROOT / "problems"


def fenced(code: str, tag: str = "cpp") -> str:
    return f"Here it is.\n\n```{tag}\n{code.strip()}\n```\n"


def reference(problem: str, path: str) -> str:
    return (PROBLEMS / problem / "solutions" / path).read_text()


def patched(problem: str, path: str, old: str, new: str) -> str:
    """A wrong draft: the package's reference solution with one plausible mistake."""
    source = reference(problem, path)
    assert old in source, (problem, old)
    return source.replace(old, new)


class Model:
    """Answers by what it is asked, like a model would: drafts, repairs, brute forces (by their number),
    generators (a second one when told the first printed invalid inputs), validators."""

    def __init__(self, draft: str, repair: str, brutes: list[str], generators: list[str], validator: str | None,
                 brute_tag: str = "python", targeted: dict[str, str] | None = None):
        self.draft, self.repair, self.brutes, self.generators = draft, repair, brutes, generators
        self.validator, self.brute_tag, self.targeted = validator, brute_tag, targeted or {}

    def __call__(self, messages: list[dict]) -> str:
        prompt = messages[-1]["content"]
        if "Write a brute-force" in prompt:
            number = re.search(r"brute force number (\d+)", prompt)
            i = int(number.group(1)) - 1 if number else 0
            return fenced(self.brutes[min(i, len(self.brutes) - 1)], self.brute_tag)
        if "random test generator" in prompt:
            again = "A previous generator printed invalid inputs" in prompt
            return fenced(self.generators[min(int(again), len(self.generators) - 1)], "python")
        if "input validator" in prompt:
            return fenced(self.validator, "python") if self.validator else "I cannot write one."
        if "## What went wrong" in prompt:
            return fenced(self.repair)
        for subtask, source in self.targeted.items():
            if f'full points on subtask "{subtask}"' in prompt:
                return fenced(source)
        return fenced(self.draft)


CONFIG = dict(drafts_per_target=1, rounds=1, repair_rounds=2, stress_tests=8, stress_size=8, cluster_tests=3,
              large_tests=0, brute_attempts=2, validator_attempts=1, submissions=10)


def run(tmp_path: Path, pool, image, problem_dir: Path, model: Model, **config):
    problem = load_problem(problem_dir)
    with ScriptedServer(model) as server:
        result = solve(problem, Endpoint(url=server.url), pool, image, tmp_path / "run",
                       AgentConfig(**{**CONFIG, **config}))
    events = [json.loads(line) for line in (tmp_path / "run" / "journal.jsonl").read_text().splitlines()]
    return result.to_json(), {e["key"]: e["data"] for e in events if "key" in e}, server


def summary(name: str, result: dict, steps: dict) -> dict:
    """What the closing note records per problem."""
    row = {"problem": name, "points": result["score"], "max": result["max_score"],
           "submissions": result["submissions_used"],
           "candidates": sum(k.startswith("eval:") for k in steps),
           "stress_catches": sum(1 for k, v in steps.items() if k.startswith("stress:") and k != "stress:setup"
                                 and v["failed"])}
    print("SUMMARY", json.dumps(row))
    return row


def assert_caught_and_repaired(result: dict, steps: dict) -> None:
    assert steps["eval:full.r0.d0"]["passed"] is True  # the wrong draft passes the samples...
    assert steps["stress:full.r0.d0"]["failed"] == 1  # ...and only the stress test exposes it
    assert steps["stress:full.r0.d0"]["feedback"]["kind"] == "stress"
    assert steps["eval:full.r0.d0.f1"]["passed"] is True and steps["stress:full.r0.d0.f1"]["failed"] == 0
    assert result["score"] == result["max_score"]


# ---------------------------------------------------------------------------------------------- grader
PAVINGS_BRUTES = [
    """#include "pavings.h"
#include <vector>
int count_pavings(long long n) {
    std::vector<long long> f(n + 1, 0);
    f[0] = 1;
    for (long long i = 1; i <= n; i++) {
        f[i] = 2 * f[i - 1];
        if (i >= 2) f[i] += f[i - 2];
        if (i >= 3) f[i] += f[i - 3];
        f[i] %= 1000000007;
    }
    return (int)f[n];
}""",
    """#include "pavings.h"
// every paving: the last stone is white, grey (1), red (2) or blue (3)
static long long ways(long long n) {
    return n < 0 ? 0 : n == 0 ? 1 : (2 * ways(n - 1) + ways(n - 2) + ways(n - 3)) % 1000000007;
}
int count_pavings(long long n) { return (int)ways(n); }""",
]
PAVINGS_GEN = """import random, sys
random.seed(int(sys.argv[1])); n = int(sys.argv[2])
t = random.randint(1, n)
print(t)
for _ in range(t):
    print(random.randint(1, n))"""
# prints n = 0 now and then, which the statement forbids
PAVINGS_GEN_SLOPPY = PAVINGS_GEN.replace("print(random.randint(1, n))", "print(random.randint(0, n))")
PAVINGS_GEN_BROKEN = "print(0)"
PAVINGS_VALIDATOR = """import sys
lines = sys.stdin.read().split("\\n")
t = int(lines[0])
assert 1 <= t <= 1000, "T out of range"
values = [int(x) for x in lines[1:] if x.strip()]
assert len(values) == t, "wrong number of lines"
for v in values:
    assert 1 <= v <= 10 ** 18, f"n = {v} out of range"
"""
# a table for small n, with a typo at n = 6 (241 for 214); the samples ask n = 1, 2, 3, 10 and 10^18
PAVINGS_DRAFT = patched("pavings", "accepted/pavings.cpp", "int count_pavings(long long n) {\n",
                        "int count_pavings(long long n) {\n    static const int small[] = {1, 2, 5, 13, 33, 84, 241};\n"
                        "    if (n <= 6) return small[n];\n")


# ---------------------------------------------------------------------------------------------- communication
WHISPER_GEN = """import random, sys
random.seed(int(sys.argv[1])); size = int(sys.argv[2])
t = random.randint(1, 5)
print(t)
for _ in range(t):
    n = random.randint(2, max(2, size))
    k = random.randint(1, min(10, n - 1))
    print(n, k, *sorted(random.sample(range(1, n + 1), k)))"""
WHISPER_VALIDATOR = """import sys
lines = sys.stdin.read().strip().split("\\n")
t = int(lines[0])
assert 1 <= t <= 100 and len(lines) == t + 1
for line in lines[1:]:
    n, k, *m = map(int, line.split())
    assert 2 <= n <= 1000 and 1 <= k <= min(10, n - 1) and len(m) == k and m == sorted(set(m)) and m[-1] <= n
"""
# one bit too many when C(n, k) is a power of two (<= for <): the manager scores the message 1/2 or 2/3
WHISPER_DRAFT = patched("whisper", "accepted/whisper.cpp", "while (((u128)1 << b) < total) b++;",
                        "while (((u128)1 << b) <= total) b++;")


# ---------------------------------------------------------------------------------------------- interactive
PEAK_GEN = """import random, sys
random.seed(int(sys.argv[1])); size = int(sys.argv[2])
n = random.randint(2, max(2, size)); p = random.randint(1, n)
up = sorted(random.sample(range(1, 50), p))
down = sorted(random.sample(range(1, up[-1]), min(n - p, up[-1] - 1)), reverse=True)
n = p + len(down)
print(n, 100)
print(*(up + down))"""
PEAK_VALIDATOR = """import sys
lines = sys.stdin.read().strip().split("\\n")
n, q = map(int, lines[0].split())
h = list(map(int, lines[1].split()))
assert 2 <= n <= 10 ** 6 and 42 <= q <= 100 and len(h) == n
p = h.index(max(h))
assert all(h[i] < h[i + 1] for i in range(p)) and all(h[i] > h[i + 1] for i in range(p, n - 1))
"""
PEAK_ANSWERS = [
    """n, q = map(int, input().split())
h = list(map(int, input().split()))
print(1 + h.index(max(h)))""",
    """import sys
t = sys.stdin.read().split()
n, h = int(t[0]), [int(x) for x in t[2:]]
if len(h) == 3 and h[0] == 0:
    print(h[1])  # a ridge the interactor builds from "0 p seed"
else:
    i = 0
    while i + 1 < n and h[i + 1] > h[i]:
        i += 1
    print(i + 1)""",
]
# assumes the ridge climbs before its summit: never answers point 1
PEAK_DRAFT = patched("peak", "accepted/peak.cpp", "long long lo = 1, hi = n;", "long long lo = 2, hi = n;")


# ---------------------------------------------------------------------------------------------- output-only
SHELVES_FFD = r"""#include <bits/stdc++.h>
// first fit decreasing: the widest book first, each on the first shelf with room for it
int main() {
    int n; long long w; std::cin >> n >> w;
    std::vector<long long> x(n); for (auto &v : x) std::cin >> v;
    std::vector<int> order(n), shelf(n); std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return x[a] > x[b]; });
    std::vector<long long> room;
    for (int i : order) {
        size_t s = 0;
        while (s < room.size() && room[s] < x[i]) s++;
        if (s == room.size()) room.push_back(w);
        room[s] -= x[i]; shelf[i] = s + 1;
    }
    std::cout << room.size() << "\n";
    for (int i = 0; i < n; i++) std::cout << shelf[i] << (i + 1 < n ? ' ' : '\n');
}"""
SHELVES_EXACT = (Path(__file__).parent / "agent_scripts" / "shelves_exact.cpp").read_text()
SHELVES_BRUTES = [
    """import sys
t = list(map(int, sys.stdin.read().split())); n, w, x = t[0], t[1], t[2:]
best = None
def place(i, loads, shelf):
    global best
    if best is not None and len(loads) >= len(best[0]):
        return
    if i == n:
        best = (list(loads), list(shelf)); return
    for s in range(len(loads)):
        if loads[s] + x[i] <= w:
            loads[s] += x[i]; shelf[i] = s + 1; place(i + 1, loads, shelf); loads[s] -= x[i]
    loads.append(x[i]); shelf[i] = len(loads); place(i + 1, loads, shelf); loads.pop()
place(0, [], [0] * n)
print(len(best[0])); print(*best[1])""",
    """import sys
from functools import lru_cache
t = list(map(int, sys.stdin.read().split())); n, w, x = t[0], t[1], t[2:]
full = (1 << n) - 1
@lru_cache(None)
def least(mask):  # fewest shelves for the books in mask, as (shelves, shelf of each chosen subset)
    if mask == 0:
        return (0, ())
    low = mask & -mask; best = None; sub = mask
    while sub:
        if sub & low and sum(x[i] for i in range(n) if sub >> i & 1) <= w:
            k, parts = least(mask ^ sub)
            if best is None or k + 1 < best[0]:
                best = (k + 1, parts + (sub,))
        sub = (sub - 1) & mask
    return best
k, parts = least(full)
shelf = [0] * n
for s, part in enumerate(parts):
    for i in range(n):
        if part >> i & 1:
            shelf[i] = s + 1
print(k); print(*shelf)""",
]
SHELVES_GEN = """import random, sys
random.seed(int(sys.argv[1])); size = int(sys.argv[2])
w = random.randint(10, 20)
books = []
for _ in range(random.randint(1, max(1, min(3, size // 3)))):  # full shelves cut into three books
    while True:
        a, b = random.randint(w // 4 + 1, (w - 1) // 2), random.randint(w // 4 + 1, (w - 1) // 2)
        if w // 4 < w - a - b < w / 2:
            break
    books += [a, b, w - a - b]
random.shuffle(books)
print(len(books), w)
print(*books)"""
SHELVES_VALIDATOR = """import sys
t = sys.stdin.read().split()
n, w = int(t[0]), int(t[1])
assert 1 <= n <= 10 ** 6 and 1 <= w <= 10 ** 9 and len(t) == n + 2
assert all(1 <= int(v) <= w for v in t[2:])
"""


# ---------------------------------------------------------------------------------------------- testlib checker
STAMPS_BRUTES = [
    """from collections import deque
m, s = map(int, input().split()); v = list(map(int, input().split()))
prev = {0: None}; q = deque([0])
while q:  # breadth first: the first time s is reached uses the fewest stamps
    x = q.popleft()
    for c in sorted(v):
        if x + c <= s and x + c not in prev:
            prev[x + c] = c; q.append(x + c)
if s not in prev:
    print(-1)
else:
    used = {}
    while s:
        used[prev[s]] = used.get(prev[s], 0) + 1; s -= prev[s]
    print(len(used))
    for c, k in sorted(used.items()):
        print(c, k)""",
    """import sys
from functools import lru_cache
sys.setrecursionlimit(100000)
t = list(map(int, sys.stdin.read().split())); m, s, v = t[0], t[1], t[2:]
@lru_cache(None)
def fewest(x):
    if x == 0:
        return 0
    options = [fewest(x - c) + 1 for c in v if c <= x]
    return min([o for o in options if o >= 0], default=-1) if options else -1
if fewest(s) < 0:
    print(-1)
else:
    used = {}
    while s:
        c = min(c for c in v if c <= s and fewest(s - c) == fewest(s) - 1)
        used[c] = used.get(c, 0) + 1; s -= c
    print(len(used))
    for c in used:
        print(c, used[c])""",
]
STAMPS_GEN = """import random, sys
random.seed(int(sys.argv[1])); size = int(sys.argv[2])
m = random.randint(1, min(size, 20))
values = random.sample(range(1, size + 1), m)
print(m, random.randint(1, size))
print(*values)"""
STAMPS_VALIDATOR = """import sys
t = list(map(int, sys.stdin.read().split()))
m, s, v = t[0], t[1], t[2:]
assert 1 <= m <= 20 and 1 <= s <= 100000 and len(v) == m and len(set(v)) == m
assert all(1 <= x <= 100000 for x in v)
"""
# takes the values to come in increasing order (the samples' first value is never above S): wrong when S is
# below the first value listed but smaller values make it
STAMPS_DRAFT = patched("stamps", "accepted/stamps.cpp", "for (int &x : d) scanf(\"%d\", &x);\n",
                       "for (int &x : d) scanf(\"%d\", &x);\n    if (total < d[0]) {\n        printf(\"-1\\n\");\n"
                       "        return 0;\n    }\n")


# ---------------------------------------------------------------------------------------------- constructive
SPREAD_GEN = """import random, sys
random.seed(int(sys.argv[1])); size = int(sys.argv[2])
t = random.randint(1, 5)
print(t)
for _ in range(t):
    print(random.randint(1, size))"""
SPREAD_VALIDATOR = """import sys
t = list(map(int, sys.stdin.read().split()))
assert 1 <= t[0] <= 1000 and len(t) == t[0] + 1 and sum(t[1:]) <= 100000
assert all(1 <= n <= 100000 for n in t[1:])
"""
# the odd numbers first: wrong for N = 4 alone ("1 3 2 4"), which no sample asks
SPREAD_DRAFT = patched("spread", "accepted/spread.cpp",
                       "for (int v = 2; v <= n; v += 2, first = false) printf(first ? \"%d\" : \" %d\", v);\n"
                       "        for (int v = 1; v <= n; v += 2, first = false)",
                       "for (int v = 1; v <= n; v += 2, first = false) printf(first ? \"%d\" : \" %d\", v);\n"
                       "        for (int v = 2; v <= n; v += 2, first = false)")
