"""IOI's TPS packages (problem.json, subtasks/*.json, tests/*.in|.out, checker/, graders/, solutions/<class>/).

Every package here is a tiny original problem written by the test code; nothing comes from a real task. The first
half only loads packages (no Docker): how CMS's TPS importer (cmscontrib/loaders/tps.py) turns the files into
subtasks, tests, checker and task type, including its quirks (a subtask's names are a regular expression matched
at the START of each test name; no subtasks means Sum over all tests). The second half judges real solutions in
the sandbox and pins the exact per-subtask scores CMS would give:

- stats:  Batch with a grader (function interface) and a CMS checker that gives partial outcomes (k/3).
- addmul: Batch "alone" with named files in.txt/out.txt, no checker (white-diff), no subtasks (Sum).
- relay:  Communication, 2 processes, std_io, stub (also shipped as graders/grader.cpp, which CMS renames).
- reach:  OutputOnly with a CMS checker, judged from a folder of output_<test>.txt files.

test_import.py reuses the package writers below (names that do not start with `test`).
"""
from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sandbox.languages import detect_language
from sandbox.verdicts import Verdict
from solver.cli.main import app
from solver.judge.judging import Submission, judge_source
from solver.problems import ProblemFormatError, load_problem
from solver.judge.scoring import shown

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


def load_error(root: Path) -> ProblemFormatError:
    with pytest.raises(ProblemFormatError) as info:
        load_problem(root)
    return info.value


def assert_one_line(err: ProblemFormatError, file: Path, field: str, *words: str) -> None:
    text = str(err)
    assert "\n" not in text, text
    assert err.file == str(file), text
    assert err.field == field, text
    assert text.startswith(f"{file}: {field}: "), text
    for w in words:
        assert w in text, (w, text)


def judge(root: Path, rel: str, pool, image) -> Submission:
    problem = load_problem(root)
    source = root / "solutions" / rel
    return judge_source(problem, source, detect_language(source), pool, image)


@pytest.fixture(scope="module")
def pkgs(tmp_path_factory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("tps")
    return {"stats": stats_package(base / "stats"), "addmul": addmul_package(base / "addmul"),
            "relay": relay_package(base / "relay"), "relay_grader": relay_package(base / "relay_g", "grader.cpp"),
            "reach": reach_package(base / "reach")}


@pytest.fixture(scope="module")
def judged(pkgs, pool, image):
    """judged(package, solution path under solutions/) -> Submission; each is judged once per module."""
    cache: dict[tuple[str, str], Submission] = {}
    elapsed: dict[tuple[str, str], float] = {}

    def get(pkg: str, rel: str) -> Submission:
        if (pkg, rel) not in cache:
            start = time.monotonic()
            cache[pkg, rel] = judge(pkgs[pkg], rel, pool, image)
            elapsed[pkg, rel] = time.monotonic() - start
        return cache[pkg, rel]

    get.elapsed = elapsed
    return get


# ================================================================ loading (no Docker)


def test_batch_with_grader_and_checker_loads(tmp_path):
    root = stats_package(tmp_path / "stats")
    p = load_problem(root)
    assert (p.id, p.title, p.format) == ("stats", "Stats", "tps")
    assert p.limits.time_s == 0.5 and p.limits.memory_mib == 256
    assert p.score_precision == 2
    tt = p.task_type
    assert tt.kind == "batch"
    assert tt.graders == {"grader.cpp": root / "graders" / "grader.cpp", "stats.h": root / "graders" / "stats.h"}
    assert tt.compile_with == ["grader.cpp"]  # CMS compiles the grader first, then the submission as stats.cpp
    assert tt.submission_name == "stats.cpp"
    assert (tt.input_file, tt.output_file) == ("", "")
    assert p.checker.kind == "cms"
    assert p.checker.files == {"checker.cpp": root / "checker" / "checker.cpp"}
    assert p.checker.sources == ["checker.cpp"]
    assert list(p.tests) == sorted(STATS_TESTS)
    assert [(s.name, s.points, s.tests, s.score_type) for s in p.subtasks] == [
        ("00-samples", 0, ["0-01"], "GroupMin"),
        ("01-tiny", 7, ["1-01", "1-02"], "GroupMin"),
        ("02-four", 7, ["2-01"], "GroupMin"),
        ("03-big", 86, ["3-01", "3-02"], "GroupMin"),
    ]
    assert p.max_score == 100
    assert p.samples == ["0-01"]
    assert {cls: [f.name for f in files] for cls, files in p.solutions.items()} == {
        "accepted": ["stats_model.cpp"], "wrong_answer": ["stats_single.cpp"], "partial": ["stats_first.cpp"],
        "time_limit_exceeded": ["stats_spin.cpp"]}


def test_alone_with_named_files_no_checker_no_subtasks_loads(tmp_path):
    root = addmul_package(tmp_path / "addmul")
    p = load_problem(root)
    assert p.task_type.kind == "batch"
    assert p.task_type.graders == {} and p.task_type.compile_with == []  # alone: graders/ is not used
    assert (p.task_type.input_file, p.task_type.output_file) == ("in.txt", "out.txt")
    assert p.checker.kind == "whitediff"  # no checker/checker.cpp: CMS's white diff
    assert p.limits.memory_mib == 128


@pytest.mark.parametrize("with_folder", [False, True], ids=["no-folder", "empty-folder"])
def test_no_subtasks_is_sum_over_all_tests_for_100_points(tmp_path, with_folder):
    root = addmul_package(tmp_path / "addmul")
    if with_folder:
        (root / "subtasks").mkdir()
    p = load_problem(root)
    assert [(s.points, s.tests, s.score_type) for s in p.subtasks] == [(100, ["01", "02", "03"], "Sum")]
    assert p.max_score == 100 and p.samples == []


@pytest.mark.parametrize("stub_name", ["stub.cpp", "grader.cpp"])
def test_communication_loads_stub_or_renamed_grader(tmp_path, stub_name):
    root = relay_package(tmp_path / "relay", stub_name)
    p = load_problem(root)
    tt = p.task_type
    assert tt.kind == "communication"
    assert (tt.num_processes, tt.user_io) == (2, "std_io")
    # CMS's importer turns graders/grader.* into the stub for Communication tasks
    assert tt.graders == {"stub.cpp": root / "graders" / stub_name, "relay.h": root / "graders" / "relay.h"}
    assert tt.compile_with == ["stub.cpp"]
    assert tt.submission_name == "relay.cpp"
    assert tt.manager is not None
    assert tt.manager.sources == ["manager.cpp"]
    assert tt.manager.files == {"relay.h": root / "graders" / "relay.h",
                                "manager.cpp": root / "graders" / "manager.cpp"}
    assert p.checker.kind == "whitediff"  # unused by Communication: the manager decides


def test_communication_without_manager_is_one_line_error(tmp_path):
    root = relay_package(tmp_path / "relay")
    (root / "graders" / "manager.cpp").unlink()
    assert_one_line(load_error(root), root / "problem.json", "task_type", "graders/manager.cpp")


V1_BATCH_ALONE = json.dumps({"task_type_parameters_Batch_compilation": "alone",
                             "task_type_parameters_Batch_io_0_inputfile": "in.txt",
                             "task_type_parameters_Batch_io_1_outputfile": "out.txt"})


@pytest.mark.parametrize("params, compile_with, files", [
    (V1_BATCH_ALONE, [], ("in.txt", "out.txt")),
    (json.dumps({"task_type_parameters_Batch_compilation": "grader"}), ["grader.cpp"], ("", "")),
    (json.dumps({}), ["grader.cpp"], ("", "")),  # CMS's defaults: grader, stdin/stdout
    ("", ["grader.cpp"], ("", "")),
    (None, ["grader.cpp"], ("", "")),  # task_type_params: null
], ids=["alone-files", "grader", "empty-object", "empty-string", "null"])
def test_protocol_v1_batch_params_as_json_string(tmp_path, params, compile_with, files):
    root = stats_package(tmp_path / "stats", params=params, version=1)
    if params is None:  # stats_problem_json drops the key for None; here we want it present and null
        data = json.loads((root / "problem.json").read_text())
        data["task_type_params"] = None
        (root / "problem.json").write_text(json.dumps(data))
    p = load_problem(root)
    assert p.task_type.kind == "batch"
    assert p.task_type.compile_with == compile_with
    assert sorted(p.task_type.graders) == (["grader.cpp", "stats.h"] if compile_with else [])
    assert (p.task_type.input_file, p.task_type.output_file) == files
    assert p.checker.kind == "cms"


def test_protocol_v1_params_missing_default_to_grader(tmp_path):
    root = stats_package(tmp_path / "stats", params=None, version=1)
    assert "task_type_params" not in json.loads((root / "problem.json").read_text())
    p = load_problem(root)
    assert p.task_type.compile_with == ["grader.cpp"] and p.task_type.submission_name == "stats.cpp"


def test_protocol_v1_grader_default_without_grader_is_one_line_error(tmp_path):
    root = stats_package(tmp_path / "stats", params="", version=1)
    (root / "graders" / "grader.cpp").unlink()
    assert_one_line(load_error(root), root / "problem.json", "task_type_params", "graders/grader.cpp")


@pytest.mark.parametrize("params, processes", [
    (json.dumps({"task_type_parameters_Communication_num_processes": 2}), 2),
    ("", 1),  # CMS's default: one process
], ids=["two-processes", "default"])
def test_protocol_v1_communication_params(tmp_path, params, processes):
    root = relay_package(tmp_path / "relay", params=params)
    p = load_problem(root)
    assert (p.task_type.kind, p.task_type.num_processes, p.task_type.user_io) == ("communication", processes,
                                                                                 "std_io")
    assert p.task_type.compile_with == ["stub.cpp"]


def test_lowercase_task_type_is_capitalized_like_cms(tmp_path):
    root = relay_package(tmp_path / "relay")
    data = json.loads((root / "problem.json").read_text())
    data["task_type"] = "communication"
    (root / "problem.json").write_text(json.dumps(data))
    assert load_problem(root).task_type.kind == "communication"


def test_output_only_loads(tmp_path):
    root = reach_package(tmp_path / "reach")
    p = load_problem(root)
    assert p.task_type.kind == "output_only" and p.task_type.outputs_allowed
    assert p.checker.kind == "cms" and p.checker.sources == ["checker.cpp"]
    assert [(s.name, s.points, s.tests) for s in p.subtasks] == [("01", 10, ["01"]), ("02", 30, ["02"]),
                                                                  ("03", 60, ["03"])]


def _regex_package(root: Path, subtasks: dict[str, tuple[int, list[str]]]) -> Path:
    names = ["1-1", "1-2", "1-10", "2-1", "x.1", "xa1"]
    problem = {"protocol_version": 2, "code": "rx", "name": "Rx", "time_limit": 1.0, "memory_limit": 64 * MIB,
               "task_type": "Batch", "task_type_params": ["alone", ["", ""], "diff"]}
    return write_package(root, problem, {}, {n: ("1\n", "1\n") for n in names}, subtasks)


def test_subtask_names_are_an_escaped_regex_matched_at_the_start(tmp_path):
    """CMS joins a subtask's names into `re.escape(a)|re.escape(b)|...` and keeps every test name it MATCHES (at
    the start, not in full): listing `1-1` also takes `1-10`. A deliberate CMS quirk, kept for exact scores."""
    root = _regex_package(tmp_path / "rx", {
        "01-one": (10, ["1-1"]),
        "02-dot": (20, ["1-2", "x.1"]),
        "03-two": (70, ["2-1"]),
    })
    p = load_problem(root)
    by_name = {s.name: s.tests for s in p.subtasks}
    assert by_name["01-one"] == ["1-1", "1-10"]  # the quirk
    assert by_name["02-dot"] == ["1-2", "x.1"]  # '.' is escaped: xa1 is not taken
    assert by_name["03-two"] == ["2-1"]
    assert [s.name for s in p.subtasks] == ["01-one", "02-dot", "03-two"]  # subtask files in name order


def test_subtask_listing_a_missing_test_is_one_line_error(tmp_path):
    root = _regex_package(tmp_path / "rx", {"01-one": (40, ["1-1"]), "02-gone": (60, ["2-1", "3-7"])})
    err = load_error(root)
    assert_one_line(err, root / "subtasks" / "02-gone.json", "testcases", "3-7")


def test_bad_subtask_json_is_one_line_error(tmp_path):
    root = _regex_package(tmp_path / "rx", {"01-one": (100, ["1-1"])})
    (root / "subtasks" / "01-one.json").write_text('{"score": 100, ')
    err = load_error(root)
    assert "\n" not in str(err) and err.file == str(root / "subtasks" / "01-one.json"), str(err)


# ================================================================ judging (Docker)


@pytest.mark.parametrize("rel", list(STATS_EXPECTED))
def test_batch_grader_checker_exact_subtask_scores(judged, rel):
    sub = judged("stats", rel)
    assert sub.compile.ok, sub.compile.log
    detail = [(s.name, s.score, s.verdict, [(t.name, t.verdict, t.score, t.message) for t in s.tests])
              for s in sub.subtasks]
    assert sub.subtask_scores == pytest.approx(STATS_EXPECTED[rel], abs=1e-6), detail
    assert [s.max_score for s in sub.subtasks] == [0, 7, 7, 86]
    # the samples subtask is worth nothing, however it went
    assert sub.subtasks[0].score == 0
    # CMS ScoreTypeGroup.compute_score: the submission's score adds the unrounded subtask scores
    assert sub.score == pytest.approx(sum(STATS_EXPECTED[rel]), abs=1e-6)


def test_checker_outcomes_and_messages(judged):
    model = judged("stats", "model_solution/stats_model.cpp")
    assert all(t.verdict is Verdict.AC and t.score == 1.0 and t.message == "Output is correct"
               for s in model.subtasks for t in s.tests)
    assert model.subtasks[0].verdict is Verdict.AC

    partial = judged("stats", "partially_correct/stats_first.cpp")
    tests = {t.name: t for s in partial.subtasks for t in s.tests}
    assert tests["1-01"].verdict is Verdict.PA and tests["1-01"].score == pytest.approx(1 / 3, abs=1e-8)
    assert tests["1-02"].verdict is Verdict.PA and tests["1-02"].score == pytest.approx(2 / 3, abs=1e-8)
    assert tests["1-01"].message == "Output is partially correct"  # translate:partial, as CMS shows it
    assert partial.subtasks[0].verdict is Verdict.PA and partial.subtasks[0].score == 0  # samples: 0 points
    # GroupMin: the worst test of the subtask (1/3) times 7, unrounded; shown to 2 digits
    assert partial.subtasks[1].score == pytest.approx(7 / 3, abs=1e-6) and shown(partial.subtasks[1].score) == "2.33"
    # CMS ScoreTypeGroup.compute_score adds the unrounded subtask scores (7/3 + 7/3 + 172/3 = 62) and rounds only
    # for display: 62, not the 61.99 that adding the shown 2.33 + 2.33 + 57.33 would give
    assert partial.score == pytest.approx(62.0, abs=1e-6) and shown(partial.score) == "62"

    wrong = judged("stats", "incorrect/stats_single.cpp")
    wrong_tests = {t.name: t for s in wrong.subtasks for t in s.tests}
    assert wrong_tests["1-01"].verdict is Verdict.WA and wrong_tests["1-01"].message == "Output isn't correct"

    slow = judged("stats", "time_limit/stats_spin.cpp")
    slow_tests = {t.name: t for s in slow.subtasks for t in s.tests}
    assert slow_tests["2-01"].verdict is Verdict.TLE
    assert slow.subtasks[2].verdict is Verdict.TLE and slow.subtasks[3].verdict is Verdict.AC


def test_protocol_v1_package_judges_like_v2(tmp_path, pool, image):
    root = stats_package(tmp_path / "stats", params=json.dumps({"task_type_parameters_Batch_compilation": "grader"}),
                         version=1)
    assert judge(root, "model_solution/stats_model.cpp", pool, image).subtask_scores == [0, 7, 7, 86]


def test_a_failed_group_does_not_leak_into_the_next_evaluation(pkgs, pool, image, monkeypatch):
    """Runners remember failed early-stop groups for their whole session. Group labels were once built from
    id(results), an address CPython hands out again once the previous evaluation's dict is freed: a correct
    solution judged right after a TLE one then got SKIP on that subtask. Every object sharing one id makes any
    return to address-based labels fail here for certain."""
    import sandbox.executor

    monkeypatch.setattr(sandbox.executor, "id", lambda obj: 0x5EED, raising=False)
    slow = judge(pkgs["stats"], "time_limit/stats_spin.cpp", pool, image)
    assert slow.subtask_scores == [0, 7, 0, 86]  # its TLE on 2-01 marks that group failed in the runner
    model = judge(pkgs["stats"], "model_solution/stats_model.cpp", pool, image)
    assert [s.verdict for s in model.subtasks] == [Verdict.AC] * 4
    assert model.subtask_scores == [0, 7, 7, 86]


@pytest.mark.parametrize("rel", list(ADDMUL_EXPECTED))
def test_alone_named_files_white_diff_sum(judged, rel):
    sub = judged("addmul", rel)
    assert sub.compile.ok, sub.compile.log
    assert [s.name for s in sub.subtasks] == ["all"]
    assert sub.subtask_scores == pytest.approx([ADDMUL_EXPECTED[rel]]), [(t.name, t.verdict, t.message)
                                                                        for t in sub.subtasks[0].tests]
    assert sub.score == pytest.approx(ADDMUL_EXPECTED[rel])
    # Sum never stops early: every test is run and reported
    assert [t.name for t in sub.subtasks[0].tests] == ["01", "02", "03"]
    assert all(t.verdict in (Verdict.AC, Verdict.WA) for t in sub.subtasks[0].tests)


def test_alone_partial_sum_is_per_test(judged):
    tests = {t.name: t.verdict for t in judged("addmul", "partially_correct/absolute.py").subtasks[0].tests}
    assert tests == {"01": Verdict.AC, "02": Verdict.WA, "03": Verdict.AC}


@pytest.mark.parametrize("rel", list(RELAY_EXPECTED))
def test_communication_exact_subtask_scores(judged, rel):
    sub = judged("relay", rel)
    assert sub.compile.ok, sub.compile.log
    assert sub.subtask_scores == RELAY_EXPECTED[rel], [(t.name, t.verdict, t.time, t.message)
                                                      for s in sub.subtasks for t in s.tests]


def test_communication_with_grader_renamed_to_stub(judged):
    sub = judged("relay_grader", "model_solution/relay_model.cpp")
    assert sub.compile.ok, sub.compile.log
    assert sub.subtask_scores == [0, 40, 60]
    assert all(t.message == "Output is correct" for s in sub.subtasks for t in s.tests)


def test_communication_wrong_answer_is_zero_with_manager_message(judged):
    sub = judged("relay", "incorrect/relay_small.cpp")
    test = {t.name: t for s in sub.subtasks for t in s.tests}["2-01"]
    assert (test.verdict, test.score, test.message) == (Verdict.WA, 0.0, "Output isn't correct")


def test_communication_sleeper_is_tle_and_the_run_ends(judged):
    sub = judged("relay", "time_limit/relay_sleep.cpp")
    elapsed = judged.elapsed["relay", "time_limit/relay_sleep.cpp"]
    test = {t.name: t for s in sub.subtasks for t in s.tests}["2-01"]
    assert test.verdict is Verdict.TLE, (test.verdict, test.message)
    assert test.message.startswith("process 0: "), test.message
    assert sub.subtask_scores == [0, 40, 0]
    # the wall-clock backstop (2 x 0.1 s + 1 s) ends it; nothing waits for the sleeper much longer
    assert elapsed < 20, elapsed


def test_communication_cpu_times_of_processes_are_summed(judged):
    sub = judged("relay", "time_limit/relay_burn.cpp")
    test = {t.name: t for s in sub.subtasks for t in s.tests}["0-01"]
    assert test.verdict is Verdict.TLE, (test.verdict, test.message)
    # neither process alone reached 0.1 s (that would read "process i: ..."); their sum did
    assert test.message.startswith("total CPU time"), test.message
    assert 0.1 <= test.time < 0.2, test.time


def test_output_only_folder(pkgs, pool, image, tmp_path):
    problem = load_problem(pkgs["reach"])
    sub = judge_source(problem, reach_outputs(tmp_path / "outputs"), None, pool, image)
    assert sub.subtask_scores == REACH_EXPECTED
    assert sub.score == 32.5
    tests = {t.name: t for s in sub.subtasks for t in s.tests}
    assert (tests["01"].verdict, tests["01"].message) == (Verdict.AC, "Output is correct")
    assert (tests["02"].verdict, tests["02"].score) == (Verdict.PA, 0.75)
    assert tests["03"].verdict is Verdict.WA  # no output_03.txt


def test_verify_cli_json(pkgs, docker_image):
    result = CliRunner().invoke(app, ["verify", str(pkgs["stats"]), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert {"problem", "ok", "solutions"} <= set(report)
    assert report["problem"] == "stats" and report["ok"] is True
    by_file = {Path(s["file"]).relative_to(pkgs["stats"] / "solutions").as_posix(): s for s in report["solutions"]}
    assert set(by_file) == set(STATS_EXPECTED)
    expected_class = {"model_solution": "accepted", "partially_correct": "partial", "incorrect": "wrong_answer",
                      "time_limit": "time_limit_exceeded"}
    for rel, s in by_file.items():
        assert {"file", "expected", "score", "subtasks", "ok"} <= set(s)
        assert s["ok"] is True, s
        assert s["expected"] == expected_class[rel.split("/")[0]]
        assert [st["score"] for st in s["subtasks"]] == pytest.approx(STATS_EXPECTED[rel], abs=1e-6)
        assert s["score"] == pytest.approx(sum(STATS_EXPECTED[rel]), abs=1e-6)  # unrounded data, as CMS stores it


def test_memory_limit_in_megabytes_from_older_tps(tmp_path):
    """IOI's archive gives bytes; older TPS packages give megabytes. Both mean the same limit here."""
    from solver.problems.tps import _memory_mib

    assert _memory_mib({"memory_limit": 2147483648}) == 2048
    assert _memory_mib({"memory_limit": 256}) == 256


def test_tps_cpp_submissions_compile_as_cpp20(tmp_path):
    """IOI builds C++ with gnu++20: a `.cpp` for a TPS task is judged as cpp20 unless asked otherwise."""
    from solver.judge.judging import language_for

    root = tmp_path / "t"
    (root / "tests").mkdir(parents=True)
    (root / "tests" / "1.in").write_text("1\n")
    (root / "tests" / "1.out").write_text("1\n")
    (root / "problem.json").write_text('{"code": "t", "task_type": "Batch", "time_limit": 1, '
                                       '"memory_limit": 268435456, "task_type_params": ["alone", ["", ""], "diff"]}')
    src = tmp_path / "a.cpp"
    src.write_text("int main(){}\n")
    problem = load_problem(root)
    assert language_for(problem, src).name == "cpp20"
    assert language_for(problem, src, "cpp17").name == "cpp17"


# ================================================================ a PDF statement without text

#: A valid one-page PDF with nothing on the page: what a scanned statement looks like to pdftotext.
BLANK_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
             b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


def blank_pdf_package(root: Path) -> Path:
    addmul_package(root)
    (root / "statement.md").unlink(missing_ok=True)
    (root / "statement").mkdir(exist_ok=True)
    for md in (root / "statement").glob("*.md"):
        md.unlink()
    (root / "statement" / "en.pdf").write_bytes(BLANK_PDF)
    return root


def test_a_pdf_without_text_is_named_not_silently_empty(tmp_path):
    root = blank_pdf_package(tmp_path / "addmul")
    p = load_problem(root)  # judging needs no statement: the package still loads
    assert p.statement == ""
    assert p.statement_error.startswith(f"{root / 'statement' / 'en.pdf'}: ") and "no text layer" in p.statement_error
    assert "\n" not in p.statement_error


def test_a_pdf_statement_without_pdftotext_says_what_to_install(tmp_path, monkeypatch):
    root = blank_pdf_package(tmp_path / "addmul")
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    p = load_problem(root)
    assert "pdftotext is not installed" in p.statement_error and "poppler-utils" in p.statement_error


def test_solving_a_problem_whose_statement_has_no_text_stops_with_one_line(tmp_path):
    root = blank_pdf_package(tmp_path / "addmul")
    result = CliRunner().invoke(app, ["solve", str(root), "--endpoint", "http://127.0.0.1:9/v1",
                                      "--out", str(tmp_path / "run")])
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "en.pdf" in lines[0] and "no text layer" in lines[0], result.output
    assert not (tmp_path / "run").exists()  # stopped before any run began
