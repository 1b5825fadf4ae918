"""Hand-made IOI TPS packages for the tests (test code only): package writers and the exact
per-subtask scores CMS gives their solutions. Every package is a tiny original problem written here; nothing comes
from a real task.

- stats:  Batch with a grader (function interface) and a CMS checker that gives partial outcomes (k/3).
- addmul: Batch "alone" with named files in.txt/out.txt, no checker (white-diff), no subtasks (Sum).
- relay:  Communication, 2 processes, std_io, stub (also shipped as graders/grader.cpp, which CMS renames).
- reach:  OutputOnly with a CMS checker, judged from a folder of output_<test>.txt files.

test_tps_format.py loads them, test_tps_judging.py judges them, test_import.py and test_statements.py reuse them."""
from __future__ import annotations

import json
from pathlib import Path

from sandbox.languages import detect_language
from solver.judge.judging import Submission, judge_source
from solver.problems import load_problem


MIB = 2**20


def write_package(root: Path, problem: dict, files: dict[str, str], tests: dict[str, tuple[str, str]],
                  subtasks: dict[str, tuple[int, list[str]]] | None = None) -> Path:
    """A TPS package: problem.json, tests/NAME.in + NAME.out, subtasks/FILE.json, and other files by path."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "problem.json").write_text(json.dumps(problem, indent=1))
    (root / "tests").mkdir(exist_ok=True)
    for name, (inp, out) in tests.items():
        (root / "tests" / f"{name}.in").write_text(inp)
        (root / "tests" / f"{name}.out").write_text(out)
    if subtasks is not None:
        (root / "subtasks").mkdir(exist_ok=True)
        for stem, (score, names) in subtasks.items():
            (root / "subtasks" / f"{stem}.json").write_text(json.dumps({"score": score, "testcases": names}))
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root


# ================================================================ stats: Batch + grader + CMS checker

STATS_V2_PARAMS = ["grader", ["", ""], "comparator"]

STATS_HEADER = """\
#pragma once
#include <vector>
long long total(std::vector<int> a);
int largest(std::vector<int> a);
int smallest(std::vector<int> a);
"""

STATS_GRADER = """\
#include <cstdio>
#include <vector>
#include "stats.h"

int main() {
    int n;
    if (std::scanf("%d", &n) != 1) return 1;
    std::vector<int> a(n);
    for (int &x : a) std::scanf("%d", &x);
    long long t = total(a);
    int hi = largest(a);
    int lo = smallest(a);
    std::printf("%lld\\n%d\\n%d\\n", t, hi, lo);
    return 0;
}
"""

# CMS checker protocol: argv[1] input, argv[2] correct answer, argv[3] contestant output; the outcome in [0, 1]
# on stdout, a message on stderr. Outcome: the fraction of the three values that are right. It recomputes the
# maximum from the INPUT and insists the ANSWER agrees, so arguments passed in another order are a judge error.
STATS_CHECKER = """\
#include <cstdio>
#include <cstdlib>

static void outcome(double score, const char *message) {
    std::printf("%.9f\\n", score);
    std::fprintf(stderr, "%s\\n", message);
    std::exit(0);
}

int main(int argc, char **argv) {
    if (argc != 4) {
        std::fprintf(stderr, "usage: checker input answer output\\n");
        return 1;
    }
    FILE *in = std::fopen(argv[1], "r"), *ans = std::fopen(argv[2], "r"), *out = std::fopen(argv[3], "r");
    if (!in || !ans || !out) {
        std::fprintf(stderr, "cannot open the files\\n");
        return 1;
    }
    int n;
    if (std::fscanf(in, "%d", &n) != 1 || n < 1) {
        std::fprintf(stderr, "bad input file\\n");
        return 1;
    }
    long long hi = 0;
    for (int i = 0; i < n; i++) {
        long long x;
        if (std::fscanf(in, "%lld", &x) != 1) {
            std::fprintf(stderr, "bad input file\\n");
            return 1;
        }
        if (i == 0 || x > hi) hi = x;
    }
    long long want[3], got[3];
    for (int i = 0; i < 3; i++)
        if (std::fscanf(ans, "%lld", &want[i]) != 1) {
            std::fprintf(stderr, "bad answer file\\n");
            return 1;
        }
    if (want[1] != hi) {
        std::fprintf(stderr, "the answer file does not belong to the input file\\n");
        return 1;
    }
    int right = 0;
    for (int i = 0; i < 3; i++) {
        if (std::fscanf(out, "%lld", &got[i]) != 1) outcome(0.0, "translate:wrong");
        if (got[i] == want[i]) right++;
    }
    char extra;
    if (std::fscanf(out, " %c", &extra) == 1) outcome(0.0, "translate:wrong");
    if (right == 3) outcome(1.0, "translate:success");
    if (right == 0) outcome(0.0, "translate:wrong");
    outcome(right / 3.0, "translate:partial");
}
"""

STATS_SOLUTIONS = {
    "model_solution/stats_model.cpp": """\
#include <vector>
#include "stats.h"
long long total(std::vector<int> a) { long long s = 0; for (int x : a) s += x; return s; }
int largest(std::vector<int> a) { int m = a[0]; for (int x : a) if (x > m) m = x; return m; }
int smallest(std::vector<int> a) { int m = a[0]; for (int x : a) if (x < m) m = x; return m; }
""",
    # total right, largest = the first element, smallest never right: outcome 1/3 or 2/3 per test
    "partially_correct/stats_first.cpp": """\
#include <vector>
#include "stats.h"
long long total(std::vector<int> a) { long long s = 0; for (int x : a) s += x; return s; }
int largest(std::vector<int> a) { return a[0]; }
int smallest(std::vector<int> a) { return -1; }
""",
    # right only when there is a single number
    "incorrect/stats_single.cpp": """\
#include <vector>
#include "stats.h"
long long total(std::vector<int> a) { return a.size() == 1 ? a[0] : 0; }
int largest(std::vector<int> a) { return a.size() == 1 ? a[0] : 0; }
int smallest(std::vector<int> a) { return a.size() == 1 ? a[0] : 0; }
""",
    # right, but spins forever on four numbers or more
    "time_limit/stats_spin.cpp": """\
#include <vector>
#include "stats.h"
long long total(std::vector<int> a) {
    volatile unsigned long long spin = 0;
    if (a.size() >= 4) for (;;) spin = spin + 1;
    long long s = 0; for (int x : a) s += x; return s;
}
int largest(std::vector<int> a) { int m = a[0]; for (int x : a) if (x > m) m = x; return m; }
int smallest(std::vector<int> a) { int m = a[0]; for (int x : a) if (x < m) m = x; return m; }
""",
}

STATS_TESTS = {
    "0-01": ("3\n4 1 3\n", "8\n4\n1\n"),
    "1-01": ("2\n3 8\n", "11\n8\n3\n"),
    "1-02": ("1\n7\n", "7\n7\n7\n"),
    "2-01": ("4\n2 9 -3 6\n", "14\n9\n-3\n"),
    "3-01": ("3\n2000000000 2000000000 -5\n", "3999999995\n2000000000\n-5\n"),
    "3-02": ("2\n-4 -9\n", "-13\n-4\n-9\n"),
}

STATS_SUBTASKS = {
    "00-samples": (0, ["0-01"]),
    "01-tiny": (7, ["1-01", "1-02"]),
    "02-four": (7, ["2-01"]),
    "03-big": (86, ["3-01", "3-02"]),
}

#: Per-subtask points (samples, tiny, four, big), unrounded as CMS's ScoreTypeGroup adds them (st_score =
#: fraction x max_score). The partial one: tiny min(1/3, 2/3) x 7 = 7/3, four 1/3 x 7 = 7/3, big 2/3 x 86 = 172/3,
#: shown 2.33, 2.33, 57.33 (score_precision 2); the checker prints its fractions to 9 digits, hence `approx`.
STATS_EXPECTED = {
    "model_solution/stats_model.cpp": [0, 7, 7, 86],
    "partially_correct/stats_first.cpp": [0, 7 / 3, 7 / 3, 172 / 3],
    "incorrect/stats_single.cpp": [0, 0, 0, 0],
    "time_limit/stats_spin.cpp": [0, 7, 0, 86],
}


def stats_problem_json(params=STATS_V2_PARAMS, version: int = 2) -> dict:
    data = {"protocol_version": version, "code": "stats", "name": "Stats", "time_limit": 0.5,
            "memory_limit": 256 * MIB, "score_precision": 2, "task_type": "Batch", "task_type_params": params,
            "feedback_level": "full"}
    if params is None:
        del data["task_type_params"]
    return data


def stats_package(root: Path, params=STATS_V2_PARAMS, version: int = 2) -> Path:
    files = {"graders/grader.cpp": STATS_GRADER, "graders/stats.h": STATS_HEADER, "checker/checker.cpp": STATS_CHECKER,
             **{f"solutions/{rel}": text for rel, text in STATS_SOLUTIONS.items()}}
    return write_package(root, stats_problem_json(params, version), files, STATS_TESTS, STATS_SUBTASKS)


# ================================================================ addmul: Batch alone, in.txt/out.txt, white-diff, Sum

ADDMUL_TESTS = {
    "01": ("3 4\n", "7\n12\n"),
    "02": ("10 -2\n", "8\n-20\n"),
    "03": ("0 5\n", "5\n0\n"),
}

_READ = "a, b = map(int, open('in.txt').read().split())\n"
ADDMUL_SOLUTIONS = {
    # extra spaces, tabs and trailing blank lines: white-diff accepts them
    "model_solution/spaces.py": _READ + "open('out.txt', 'w').write(f'  {a + b} \\t \\n{a * b}   \\n\\n\\n')\n",
    "correct/addmul.cpp": """\
#include <cstdio>
int main() {
    FILE *in = std::fopen("in.txt", "r"), *out = std::fopen("out.txt", "w");
    long long a, b;
    if (!in || !out || std::fscanf(in, "%lld %lld", &a, &b) != 2) return 1;
    std::fprintf(out, "%lld\\n%lld\\n", a + b, a * b);
    return 0;
}
""",
    # both numbers on one line: a line differs
    "incorrect/one_line.py": _READ + "open('out.txt', 'w').write(f'{a + b} {a * b}\\n')\n",
    # the second line is missing
    "incorrect/missing_line.py": _READ + "open('out.txt', 'w').write(f'{a + b}\\n')\n",
    # right answer on stdout, no out.txt
    "incorrect/stdout.py": _READ + "print(a + b)\nprint(a * b)\n",
    # wrong only on test 02 (a negative product): Sum gives 2 of 3 tests
    "partially_correct/absolute.py": _READ + "open('out.txt', 'w').write(f'{a + b}\\n{abs(a * b)}\\n')\n",
}

ADDMUL_EXPECTED = {
    "model_solution/spaces.py": 100.0,
    "correct/addmul.cpp": 100.0,
    "incorrect/one_line.py": 0.0,
    "incorrect/missing_line.py": 0.0,
    "incorrect/stdout.py": 0.0,
    "partially_correct/absolute.py": 200 / 3,  # Sum: 2 of 3 tests x 100, unrounded (shown 66.67)
}


def addmul_package(root: Path) -> Path:
    problem = {"protocol_version": 2, "code": "addmul", "name": "Add and multiply", "time_limit": 1.0,
               "memory_limit": 128 * MIB, "score_precision": 2, "task_type": "Batch",
               "task_type_params": ["alone", ["in.txt", "out.txt"], "diff"]}
    # "alone": the grader must NOT be compiled with the submission (it would not even compile)
    files = {"graders/grader.cpp": "#error this grader must not be compiled for an 'alone' task\n",
             **{f"solutions/{rel}": text for rel, text in ADDMUL_SOLUTIONS.items()}}
    return write_package(root, problem, files, ADDMUL_TESTS, subtasks=None)


# ================================================================ relay: Communication, 2 processes, std_io, stub

RELAY_HEADER = "#pragma once\nlong long relay(int role, long long value);\n"

# The user side: the process index comes as the last argument (CMS does so when there is more than one process);
# it reads the count, then answers each value.
RELAY_STUB = """\
#include <cstdio>
#include <cstdlib>
#include "relay.h"

int main(int argc, char **argv) {
    if (argc != 2) {
        std::fprintf(stderr, "stub: expected the process index as the only argument, got %d\\n", argc - 1);
        return 3;
    }
    int role = std::atoi(argv[1]);
    int k;
    if (std::scanf("%d", &k) != 1) return 0;
    for (int i = 0; i < k; i++) {
        long long v;
        if (std::scanf("%lld", &v) != 1) return 0;  // the manager has hung up
        std::printf("%lld\\n", relay(role, v));
        std::fflush(stdout);
    }
    return 0;
}
"""

# The manager: FIFOs u0_to_m m_to_u0 u1_to_m m_to_u1 as arguments, the test on stdin, the outcome on stdout and a
# message on stderr. Process 0 encodes each value, process 1 must decode it back.
RELAY_MANAGER = """\
#include <csignal>
#include <cstdio>
#include <cstdlib>

static void outcome(double score, const char *message) {
    std::printf("%g\\n", score);
    std::fprintf(stderr, "%s\\n", message);
    std::exit(0);
}

int main(int argc, char **argv) {
    std::signal(SIGPIPE, SIG_IGN);
    if (argc != 5) {
        std::fprintf(stderr, "manager: expected 4 FIFOs, got %d arguments\\n", argc - 1);
        return 1;
    }
    // As CMS's own managers do: for each process, the FIFO to it first (isolate opens a user's stdin before its
    // stdout, with blocking opens, so the other order deadlocks under CMS).
    FILE *to0 = std::fopen(argv[2], "w");
    FILE *from0 = std::fopen(argv[1], "r");
    FILE *to1 = std::fopen(argv[4], "w");
    FILE *from1 = std::fopen(argv[3], "r");
    if (!from0 || !to0 || !from1 || !to1) {
        std::fprintf(stderr, "manager: cannot open the FIFOs\\n");
        return 1;
    }
    int k;
    if (std::scanf("%d", &k) != 1) {
        std::fprintf(stderr, "manager: bad test\\n");
        return 1;
    }
    std::fprintf(to0, "%d\\n", k);
    std::fflush(to0);
    std::fprintf(to1, "%d\\n", k);
    std::fflush(to1);
    for (int i = 0; i < k; i++) {
        long long v, w, back;
        if (std::scanf("%lld", &v) != 1) {
            std::fprintf(stderr, "manager: bad test\\n");
            return 1;
        }
        std::fprintf(to0, "%lld\\n", v);
        std::fflush(to0);
        if (std::fscanf(from0, "%lld", &w) != 1) outcome(0.0, "process 0 did not answer");
        if (w == v) outcome(0.0, "process 0 sent the value unchanged");
        std::fprintf(to1, "%lld\\n", w);
        std::fflush(to1);
        if (std::fscanf(from1, "%lld", &back) != 1) outcome(0.0, "process 1 did not answer");
        if (back != v) outcome(0.0, "translate:wrong");
    }
    outcome(1.0, "translate:success");
}
"""

RELAY_SOLUTIONS = {
    "model_solution/relay_model.cpp": """\
#include "relay.h"
long long relay(int role, long long v) { return role == 0 ? 3 * v + 1 : (v - 1) / 3; }
""",
    # decodes only small codes
    "incorrect/relay_small.cpp": """\
#include "relay.h"
long long relay(int role, long long v) { return role == 0 ? 3 * v + 1 : (v < 300 ? (v - 1) / 3 : 0); }
""",
    # process 0 never answers a big value: only the wall-clock limit ends it
    "time_limit/relay_sleep.cpp": """\
#include <unistd.h>
#include "relay.h"
long long relay(int role, long long v) {
    if (role == 0 && v >= 100) for (;;) pause();
    return role == 0 ? 3 * v + 1 : (v - 1) / 3;
}
""",
    # before main, each process burns 0.06 s of CPU: each is under the 0.1 s limit, their sum is not. (Both burn at
    # once and the limit is small, so the wall-clock backstop of 2 x 0.1 + 1 s holds even on a loaded machine.)
    "time_limit/relay_burn.cpp": """\
#include <ctime>
#include "relay.h"
static int burn() {
    std::clock_t start = std::clock();
    volatile unsigned long long spin = 0;
    while (std::clock() - start < 6 * CLOCKS_PER_SEC / 100) spin = spin + 1;
    return 0;
}
static int burnt = burn();
long long relay(int role, long long v) { return role == 0 ? 3 * v + 1 : (v - 1) / 3; }
""",
}

RELAY_TESTS = {
    "0-01": ("2\n5 7\n", "-\n"),
    "1-01": ("3\n1 2 3\n", "-\n"),
    "2-01": ("3\n50 500 5000\n", "-\n"),
}

RELAY_SUBTASKS = {
    "00-samples": (0, ["0-01"]),
    "01-small": (40, ["0-01", "1-01"]),
    "02-big": (60, ["0-01", "1-01", "2-01"]),
}

RELAY_EXPECTED = {
    "model_solution/relay_model.cpp": [0, 40, 60],
    "incorrect/relay_small.cpp": [0, 40, 0],
    "time_limit/relay_sleep.cpp": [0, 40, 0],
    "time_limit/relay_burn.cpp": [0, 0, 0],
}


def relay_package(root: Path, stub_name: str = "stub.cpp", params=None) -> Path:
    problem = {"protocol_version": 2, "code": "relay", "name": "Relay", "time_limit": 0.1, "memory_limit": 64 * MIB,
               "score_precision": 2, "task_type": "Communication",
               "task_type_params": params if params is not None else [2, "stub", "std_io"]}
    files = {f"graders/{stub_name}": RELAY_STUB, "graders/relay.h": RELAY_HEADER, "graders/manager.cpp": RELAY_MANAGER,
             **{f"solutions/{rel}": text for rel, text in RELAY_SOLUTIONS.items()}}
    return write_package(root, problem, files, RELAY_TESTS, RELAY_SUBTASKS)


# ================================================================ reach: OutputOnly with a CMS checker

# The answer is a target T (also in the input); an output x in [0, T] scores x / T.
REACH_CHECKER = """\
#include <cstdio>

int main(int argc, char **argv) {
    if (argc != 4) return 1;
    FILE *in = std::fopen(argv[1], "r"), *ans = std::fopen(argv[2], "r"), *out = std::fopen(argv[3], "r");
    long long from_input, target, x;
    if (!in || !ans || !out || std::fscanf(in, "target %lld", &from_input) != 1 ||
        std::fscanf(ans, "%lld", &target) != 1 || target != from_input || target <= 0) {
        std::fprintf(stderr, "bad test files\\n");
        return 1;
    }
    if (std::fscanf(out, "%lld", &x) != 1 || x < 0 || x > target) {
        std::printf("0\\n");
        std::fprintf(stderr, "translate:wrong\\n");
        return 0;
    }
    std::printf("%.9f\\n", (double)x / target);
    std::fprintf(stderr, "%s\\n", x == target ? "translate:success" : "translate:partial");
    return 0;
}
"""

REACH_TESTS = {"01": ("target 4\n", "4\n"), "02": ("target 8\n", "8\n"), "03": ("target 5\n", "5\n")}
REACH_SUBTASKS = {"01": (10, ["01"]), "02": (30, ["02"]), "03": (60, ["03"])}
#: output_01 exact (1), output_02 = 6 of 8 (0.75 x 30 = 22.5), output_03 missing (0).
REACH_OUTPUTS = {"output_01.txt": "4\n", "output_02.txt": "6\n"}
REACH_EXPECTED = [10, 22.5, 0]


def reach_package(root: Path) -> Path:
    # OutputOnly: CMS reads no time or memory limit for it
    problem = {"protocol_version": 2, "code": "reach", "name": "Reach", "score_precision": 2,
               "task_type": "OutputOnly", "task_type_params": ["comparator"]}
    return write_package(root, problem, {"checker/checker.cpp": REACH_CHECKER}, REACH_TESTS, REACH_SUBTASKS)


def reach_outputs(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in REACH_OUTPUTS.items():
        (folder / name).write_text(text)
    return folder


# ================================================================ helpers


def judge(root: Path, rel: str, pool, image) -> Submission:
    problem = load_problem(root)
    source = root / "solutions" / rel
    return judge_source(problem, source, detect_language(source), pool, image)
