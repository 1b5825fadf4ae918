"""The agent on every task type of the example archive, with a scripted model whose first draft passes the
samples and is wrong in a way only stress testing exposes (a wrong program built from the package's reference
solution), and whose repair is right. Real sandbox, real judge, the package's own grader, manager, interactor
and checker. Also: validators drop invalid generated inputs, disagreeing brute forces are not trusted, a judge
error is never sent to the model as the program's fault, and no deadlock with one worker."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from solver.agent.config import AgentConfig
from solver.problems import load_problem
from solver.solve import Endpoint, solve

from .agent_server import ScriptedServer

pytestmark = pytest.mark.docker

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


def test_grader_task_pavings(tmp_path, pool, image):
    model = Model(PAVINGS_DRAFT, reference("pavings", "accepted/pavings.cpp"), PAVINGS_BRUTES, [PAVINGS_GEN],
                  PAVINGS_VALIDATOR, brute_tag="cpp")
    result, steps, server = run(tmp_path, pool, image, PROBLEMS / "pavings", model)
    assert_caught_and_repaired(result, steps)
    setup = steps["stress:setup"]
    assert len(setup["reference"]["trusted"]) == 2 and setup["validator"] == 0
    # the brute force was compiled with the grader: the counterexample shows what the grader printed
    feedback = steps["stress:full.r0.d0"]["feedback"]
    assert feedback["expected"].split() != feedback["got"].split() and "214" in feedback["expected"].split()
    summary("pavings", result, steps)

    # a resume finds every step in the journal, the generated cases in the run directory: nothing is redone
    for key in setup["stress"]:
        assert (tmp_path / "run" / "cases" / key[0]).is_file()
    again, steps_again, server_again = run(tmp_path, pool, image, PROBLEMS / "pavings", model)
    assert server_again.requests == [] and steps_again["stress:setup"] == setup
    assert again["score"] == result["score"]


def test_invalid_generated_inputs_are_dropped(tmp_path, pool, image):
    model = Model(PAVINGS_DRAFT, reference("pavings", "accepted/pavings.cpp"), PAVINGS_BRUTES,
                  [PAVINGS_GEN_SLOPPY], PAVINGS_VALIDATOR, brute_tag="cpp")
    _, steps, _ = run(tmp_path, pool, image, PROBLEMS / "pavings", model, stress_tests=12, submissions=1)
    setup = steps["stress:setup"]
    assert setup["invalid"] > 0 and setup["generator"] == 0
    for key, _ in setup["stress"] + setup["cluster"]:
        values = (tmp_path / "run" / "cases" / key).read_text().split()[1:]
        assert "0" not in values  # only the inputs the validator accepted are used


def test_a_generator_that_keeps_printing_invalid_inputs_is_replaced(tmp_path, pool, image):
    model = Model(PAVINGS_DRAFT, reference("pavings", "accepted/pavings.cpp"), PAVINGS_BRUTES,
                  [PAVINGS_GEN_BROKEN, PAVINGS_GEN], PAVINGS_VALIDATOR, brute_tag="cpp")
    _, steps, server = run(tmp_path, pool, image, PROBLEMS / "pavings", model, submissions=1)
    setup = steps["stress:setup"]
    assert setup["rejected_generators"] == [0] and setup["generator"] == 1 and setup["stress"]
    second = [p for p in server.prompts() if "A previous generator printed invalid inputs" in p]
    assert len(second) == 1 and "T out of range" in second[0]  # it was told what the validator said


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


def test_communication_task_whisper(tmp_path, pool, image):
    model = Model(WHISPER_DRAFT, reference("whisper", "accepted/whisper.cpp"), [], [WHISPER_GEN],
                  WHISPER_VALIDATOR)
    result, steps, server = run(tmp_path, pool, image, PROBLEMS / "whisper", model)
    assert_caught_and_repaired(result, steps)
    assert "reference" not in steps["stress:setup"]  # the manager is the oracle: no brute force asked for
    assert not any("Write a brute-force" in p for p in server.prompts())
    feedback = steps["stress:full.r0.d0"]["feedback"]
    assert feedback["verdict"] == "PA" and feedback["expected"] is None
    summary("whisper", result, steps)


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


def test_interactive_task_peak(tmp_path, pool, image):
    model = Model(PEAK_DRAFT, reference("peak", "accepted/peak.cpp"), PEAK_ANSWERS, [PEAK_GEN], PEAK_VALIDATOR)
    result, steps, _ = run(tmp_path, pool, image, PROBLEMS / "peak", model)
    assert_caught_and_repaired(result, steps)
    # the answer files the interactor reads came from two agreeing answer makers
    assert len(steps["stress:setup"]["reference"]["trusted"]) == 2
    assert steps["stress:full.r0.d0"]["feedback"]["verdict"] == "WA"
    summary("peak", result, steps)


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


def test_output_only_task_shelves(tmp_path, pool, image):
    model = Model(SHELVES_FFD, SHELVES_EXACT, SHELVES_BRUTES, [SHELVES_GEN], SHELVES_VALIDATOR)
    result, steps, _ = run(tmp_path, pool, image, PROBLEMS / "shelves", model, rounds=1)
    assert steps["eval:full.r0.d0"]["passed"] is True and steps["stress:full.r0.d0"]["failed"] == 1
    feedback = steps["stress:full.r0.d0"]["feedback"]
    assert feedback["verdict"] == "PA"  # valid, but more shelves than the brute force needed
    assert steps["stress:full.r0.d0.f1"]["failed"] == 0
    # the submissions were folders of the outputs the candidates' programs wrote
    assert any((tmp_path / "run" / "outputs").iterdir())
    summary("shelves", result, steps)
    assert result["score"] == result["max_score"]


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


def test_testlib_checker_task_stamps(tmp_path, pool, image):
    model = Model(STAMPS_DRAFT, reference("stamps", "accepted/stamps.cpp"), STAMPS_BRUTES, [STAMPS_GEN],
                  STAMPS_VALIDATOR, )
    result, steps, _ = run(tmp_path, pool, image, PROBLEMS / "stamps", model, stress_tests=16)
    assert_caught_and_repaired(result, steps)
    # the two brute forces print different (equally good) stamps, and they agreed through the checker
    assert len(steps["stress:setup"]["reference"]["trusted"]) == 2
    summary("stamps", result, steps)



def test_equivalent_answers_of_a_multi_answer_task_share_a_cluster(tmp_path, pool, image):
    """Two right programs that pick different (equally few) stamps, listed in another order, print different
    outputs; the checker says they behave the same, so they are one cluster."""
    from solver.agent.cases import CaseStore
    from solver.agent.judge_tools import JudgeTools
    from sandbox.languages import get_language

    right = reference("stamps", "accepted/stamps.cpp")
    smallest_first = right.replace("std::sort(d.rbegin(), d.rend());", "std::sort(d.begin(), d.end());")
    smallest_first = smallest_first.replace("for (auto it = used.rbegin(); it != used.rend(); ++it)",
                                            "for (auto it = used.begin(); it != used.end(); ++it)")
    assert smallest_first != right
    model = Model(right, right, STAMPS_BRUTES, [STAMPS_GEN], STAMPS_VALIDATOR, targeted={"small": smallest_first})
    _, steps, _ = run(tmp_path, pool, image, PROBLEMS / "stamps", model, stress_size=15, cluster_tests=10,
                       submissions=1)
    assert steps["signature:full.r0.d0"] == steps["signature:small.r0.d0"]
    # ...although their outputs differ: a hash of the raw outputs would have split them
    problem = load_problem(PROBLEMS / "stamps")
    tools = JudgeTools(problem, pool, image)
    try:
        cases = CaseStore(tmp_path / "run").cases("c", steps["stress:setup"]["cluster"])
        outputs = []
        for name, source in (("a.cpp", right), ("b.cpp", smallest_first)):
            program = tools.compile(source, get_language("cpp17"), name).program
            outputs.append([out for _, out in tools.outputs(program, cases)])
        assert outputs[0] != outputs[1]
    finally:
        tools.close()


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


def test_which_checkers_judge_validity_alone(pool, image):
    """From the samples alone: the constructive task's checker never needs the answer; a token or float
    comparison, and program checkers that read the answer (stamps: the fewest stamps; shelves: the fewest
    shelves), do."""
    from solver.agent.judge_tools import JudgeTools

    found = {}
    for name in ("spread", "stamps", "shelves", "aplusb", "distinct", "pavings"):
        tools = JudgeTools(load_problem(PROBLEMS / name), pool, image)
        try:
            found[name] = tools.checker_judges_alone()
        finally:
            tools.close()
    assert found == {"spread": True, "stamps": False, "shelves": False, "aplusb": False, "distinct": False,
                     "pavings": False}


def test_constructive_task_spread_needs_no_brute_force(tmp_path, pool, image):
    model = Model(SPREAD_DRAFT, reference("spread", "accepted/spread.cpp"), [], [SPREAD_GEN], SPREAD_VALIDATOR)
    result, steps, server = run(tmp_path, pool, image, PROBLEMS / "spread", model)
    assert_caught_and_repaired(result, steps)
    setup = steps["stress:setup"]
    assert setup["checker_alone"] is True and "reference" not in setup  # the checker is the oracle...
    assert not any("Write a brute-force" in p for p in server.prompts())  # ...and no brute force was asked for
    feedback = steps["stress:full.r0.d0"]["feedback"]
    assert feedback["verdict"] == "WA" and feedback["expected"] is None and "differ by 1" in feedback["message"]
    # signatures are the checker's verdicts: no candidate's outputs were taken as the answers
    assert "cluster:anchor" not in steps
    summary("spread", result, steps)
    # a resume takes the oracle from the journaled set-up: nothing is asked or judged again
    again, steps_again, server_again = run(tmp_path, pool, image, PROBLEMS / "spread", model)
    assert server_again.requests == [] and steps_again == steps and again["score"] == result["score"]


# ---------------------------------------------------------------------------------------------- trust and blame
APLUSB_RIGHT = "#include <bits/stdc++.h>\nint main(){int t;std::cin>>t;while(t--){long long a,b;std::cin>>a>>b;" \
               "std::cout<<a+b<<'\\n';}}"
# passes the samples (no pair of two negatives there), wrong when both are negative
APLUSB_NEG_BUG = APLUSB_RIGHT.replace("std::cout<<a+b", "if(a<0&&b<0)std::cout<<a-b<<'\\n';else std::cout<<a+b")
APLUSB_BRUTE = "t = int(input())\nfor _ in range(t):\n    a, b = map(int, input().split())\n    print(a + b)"
APLUSB_BRUTE_NEG = APLUSB_BRUTE.replace("print(a + b)", "print(a - b if a < 0 and b < 0 else a + b)")
APLUSB_GEN = """import random, sys
random.seed(int(sys.argv[1])); n = int(sys.argv[2])
t = random.randint(1, n)
print(t)
for _ in range(t):
    print(random.randint(-3, 3), random.randint(-3, 3))"""


# passes the samples (no zero there), and agrees with neither brute force: wrong when a is 0
APLUSB_ZERO_BUG = APLUSB_RIGHT.replace("std::cout<<a+b", "if(a==0)std::cout<<b+1<<'\\n';else std::cout<<a+b")


def test_brute_forces_that_disagree_are_not_trusted(tmp_path, pool, image):
    # both pass the samples; they differ when both numbers are negative, and no third one breaks the tie (the
    # subtask drafts agree with neither)
    model = Model(APLUSB_NEG_BUG, APLUSB_RIGHT, [APLUSB_BRUTE, APLUSB_BRUTE_NEG], [APLUSB_GEN], None,
                  targeted={"small": APLUSB_ZERO_BUG, "big": APLUSB_ZERO_BUG})
    _, steps, server = run(tmp_path, pool, image, PROBLEMS / "aplusb", model, submissions=1)
    reference = steps["stress:setup"]["reference"]
    assert reference["passed_samples"] == [0, 1] and reference["disagreed"] and reference["trusted"] == []
    # consulted, and no vote (the same text drafted for "small" is no second one)
    assert reference["targeted"] == ["big.r0.d0"]
    assert steps["stress:setup"]["stress"] == []
    assert "stress:full.r0.d0" not in steps  # nothing to stress against: no counterexample from an untrusted one
    assert not any("## What went wrong" in p for p in server.prompts())


def test_a_subtask_draft_that_agrees_with_the_brute_force_completes_the_quorum(tmp_path, pool, image):
    """One brute force only (brute_attempts 1, quorum 2): the draft for subtask "small" agrees with it on every
    generated input, so it is trusted and the stress test exposes the full draft. The draft for "big" (the buggy
    one) disagrees, and that is no evidence against the brute force: a subtask draft promises only its subtask."""
    model = Model(APLUSB_NEG_BUG, APLUSB_RIGHT, [APLUSB_BRUTE], [APLUSB_GEN], None,
                  targeted={"small": APLUSB_RIGHT.replace("a+b", "b+a")})
    result, steps, server = run(tmp_path, pool, image, PROBLEMS / "aplusb", model, brute_attempts=1)
    reference = steps["stress:setup"]["reference"]
    assert reference["asked"] == 1 and reference["targeted"] == ["big.r0.d0", "small.r0.d0"]
    assert reference["trusted"] == [0, "small.r0.d0"]
    assert sum("Write a brute-force" in p for p in server.prompts()) == 1
    assert_caught_and_repaired(result, steps)


def test_a_judge_error_is_never_blamed_on_the_program(tmp_path, pool, image):
    package = tmp_path / "aplusb"
    shutil.copytree(PROBLEMS / "aplusb", package, ignore=shutil.ignore_patterns("solutions"))
    (package / "checker").mkdir()
    # a CMS checker that crashes: every verdict it gives is a judge error
    (package / "checker" / "check.py").write_text("import sys\nsys.exit('checker bug: cannot parse the answer')\n")
    yaml_text = (package / "problem.yaml").read_text().replace("checker: tokens",
                                                               "checker: {type: cms, source: checker/check.py}")
    (package / "problem.yaml").write_text(yaml_text)
    model = Model(APLUSB_NEG_BUG, APLUSB_RIGHT, [APLUSB_BRUTE, APLUSB_BRUTE.replace("a + b", "b + a")],
                  [APLUSB_GEN], None)
    _, steps, server = run(tmp_path, pool, image, package, model, submissions=1)
    evaluation = steps["eval:full.r0.d0"]
    assert evaluation["judge_errors"] and evaluation["feedback"] is None
    assert not any("## What went wrong" in p for p in server.prompts())
    assert not any("checker bug" in p for p in server.prompts())


@pytest.mark.timeout(300)
def test_one_worker_and_a_program_checker_do_not_deadlock(pool, image):
    """With one worker, building the checker (or the manager) while holding the worker waited forever for a
    second one; it is built before a worker is taken."""
    from solver.agent.judge_tools import Case, JudgeTools
    from sandbox.languages import get_language

    assert len(pool.workers) == 1
    stamps = load_problem(PROBLEMS / "stamps")  # a testlib checker program
    tools = JudgeTools(stamps, pool, image)
    try:
        sample = stamps.tests["sample-1"]
        results = tools.compare([(Case("t", sample.input_path, sample.answer_path), sample.read_answer())])
        assert [r.verdict.value for r in results] == ["AC"]
    finally:
        tools.close()
    whisper = load_problem(PROBLEMS / "whisper")  # a Communication manager
    tools = JudgeTools(whisper, pool, image)
    try:
        compiled = tools.compile(reference("whisper", "accepted/whisper.cpp"), get_language("cpp17"), "w.cpp")
        results, _ = tools.judge_keeping_outputs(compiled.program, [whisper.tests["sample-1"]])
        assert [r.verdict.value for r in results] == ["AC"]
    finally:
        tools.close()
