"""Kattis problem packages (legacy and 2025-09): what loads, how it scores when judged for real, the one-line errors.

Every package is a handful of small hand-written files put into tmp_path by the test itself: tiny original
problems, each made to exercise one part of the format. The judged ones go through solver.judge.judging.judge_source
with the real sandbox (the `pool` and `image` fixtures) and their scores are pinned.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from sandbox.languages import detect_language
from sandbox.verdicts import TestResult as Result, Verdict
from solver.judge.judging import judge_source
from solver.problems import ProblemFormatError, load_problem
from solver.problems.kattis import DEFAULT_TIME_LIMIT_S, is_kattis
from solver.judge.scoring import allows_early_stop, score_subtask
from solver.problems.grading import KattisGrading


def write(root: Path, files: dict[str, str]) -> Path:
    """A package: each path (relative to root) with its text."""
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def judge(problem, source: Path, pool, image):
    return judge_source(problem, source, detect_language(source), pool, image)


def scores(sub) -> dict[str, float]:
    return {s.name: s.score for s in sub.subtasks}


# ---------------------------------------------------------------- the packages

# Legacy, pass-fail, default validation: print a + b. A nested folder under secret/ still belongs to `secret`.
ADD = {
    "problem.yaml": "name: Add Two\nsource: cpsolve tests\nlicense: cc0\nlimits:\n  memory: 256\n",
    ".timelimit": "2\n",
    "problem_statement/problem.en.tex": "\\problemname{Add Two}\nPrint $a+b$.\n",
    "data/sample/1.in": "1 2\n", "data/sample/1.ans": "3\n",
    "data/secret/01.in": "5 7\n", "data/secret/01.ans": "12\n",
    "data/secret/02.in": "-4 4\n", "data/secret/02.ans": "0\n",
    "data/secret/big/03.in": "2000000000 2000000000\n", "data/secret/big/03.ans": "4000000000\n",
    "submissions/accepted/add.cpp":
        "#include <cstdio>\nint main(){long long a,b;scanf(\"%lld %lld\",&a,&b);printf(\"%lld\\n\",a+b);}\n",
    "submissions/accepted/add.py": "a, b = map(int, input().split())\nprint(a + b)\n",
    "submissions/wrong_answer/add_int.cpp":
        "#include <cstdio>\nint main(){int a,b;scanf(\"%d %d\",&a,&b);printf(\"%d\\n\",a+b);}\n",
    "submissions/time_limit_exceeded/spin.py": "while True:\n    pass\n",
    "submissions/run_time_error/crash.py": "raise SystemExit(3)\n",
}

# Legacy, pass-fail, custom output validator (a folder: source + header), with validator_flags: split n into two
# positive parts. The validator refuses to judge (exit 1, a judge error) unless it was given the flag.
SPLIT_VALIDATOR = r"""
#include <cstdio>
#include <cstring>
#include "rules.h"
int main(int argc, char** argv) {  // validator input answer feedback_dir [flags] < output
    bool positive = false;
    for (int i = 4; i < argc; i++) positive |= std::strcmp(argv[i], "positive") == 0;
    if (!positive) return 1;
    FILE* in = std::fopen(argv[1], "r");
    long long n, a, b;
    if (std::fscanf(in, "%lld", &n) != 1) return 1;
    if (std::scanf("%lld %lld", &a, &b) != 2) return 43;
    char extra;
    if (std::scanf(" %c", &extra) == 1) return 43;
    return good_split(n, a, b) ? 42 : 43;
}
"""
SPLIT = {
    "problem.yaml": "name: Split\nvalidation: custom\nvalidator_flags: positive\n",
    "output_validators/split_check/validate.cpp": SPLIT_VALIDATOR,
    "output_validators/split_check/rules.h":
        "inline bool good_split(long long n, long long a, long long b) { return a > 0 && b > 0 && a + b == n; }\n",
    "data/sample/1.in": "5\n", "data/sample/1.ans": "2 3\n",
    "data/secret/1.in": "2\n", "data/secret/1.ans": "1 1\n",
    "data/secret/2.in": "1000000000000\n", "data/secret/2.ans": "500000000000 500000000000\n",
    "submissions/accepted/one_and_rest.py": "n = int(input())\nprint(1, n - 1)\n",
    "submissions/wrong_answer/zero.py": "n = int(input())\nprint(0, n)\n",
}

# Legacy, scoring, nested groups: print x * x (x up to 1e9). The classic IOI-style configuration: samples worth
# nothing, secret adds its groups up, each group's tests weigh accept_score, min or sum per group.
SQUARE_TESTS = {
    "group1": [3, 10, 46340],  # all fit in 32 bits
    "group2": [7, 100000, 12, 3000000],  # sum, on_reject continue: 10 points per test
    "group3/a": [9, 20],
    "group3/b": [999999999, 65536],
}
SQUARE = {
    "problem.yaml": "type: scoring\nname: Square\n",
    "data/testdata.yaml": "on_reject: continue\nrange: 0 100\ngrader_flags: ignore_sample\n",
    "data/sample/testdata.yaml": "accept_score: 0\nrange: 0 0\ngrader_flags: first_error\n",
    "data/sample/1.in": "4\n", "data/sample/1.ans": "16\n",
    "data/secret/testdata.yaml": "grader_flags: first_error accept_if_any_accepted\n",
    "data/secret/group1/testdata.yaml": "on_reject: break\ngrader_flags: min\naccept_score: 30\nrange: 0 30\n",
    "data/secret/group2/testdata.yaml": "grader_flags: sum\naccept_score: 10\n",
    "data/secret/group3/testdata.yaml": "grader_flags: sum\n",
    "data/secret/group3/a/testdata.yaml": "on_reject: break\ngrader_flags: min\naccept_score: 10\nrange: 0 10\n",
    "data/secret/group3/b/testdata.yaml": "on_reject: break\ngrader_flags: min\naccept_score: 20\nrange: 0 20\n",
    **{f"data/secret/{g}/{i:02d}.{ext}": (f"{x}\n" if ext == "in" else f"{x * x}\n")
       for g, xs in SQUARE_TESTS.items() for i, x in enumerate(xs) for ext in ("in", "ans")},
    "submissions/accepted/square.cpp":
        "#include <cstdio>\nint main(){long long x;scanf(\"%lld\",&x);printf(\"%lld\\n\",x*x);}\n",
    "submissions/partially_accepted/square_int.cpp":
        "#include <cstdio>\nint main(){int x;scanf(\"%d\",&x);printf(\"%d\\n\",x*x);}\n",
}

# 2025-09, scoring, a Python output validator that writes score.txt: print some k with 1 <= k <= n. Group
# `1-valid` (pass-fail, 40) wants any valid k; group `2-close` (sum, 60: 20 a test) scores 20 * k / n per test.
CLOSE_VALIDATOR = """\
import sys

n = int(open(sys.argv[1]).read())
mode = open(sys.argv[2]).read().strip()
try:
    k = int(sys.stdin.read().strip())
except ValueError:
    sys.exit(43)
if not 1 <= k <= n:
    with open(sys.argv[3] + "judgemessage.txt", "w") as f:
        f.write(f"{k} is not in [1, {n}]")
    sys.exit(43)
if mode == "score":
    with open(sys.argv[3] + "score.txt", "w") as f:
        f.write(f"{20 * k / n}\\n")
sys.exit(42)
"""
CLOSE = {
    "problem.yaml": ("problem_format_version: 2025-09\ntype: scoring\nname:\n  en: Close Enough\n"
                     "uuid: 3f1c7a52-0000-4000-8000-000000000001\nlimits:\n  time_limit: 1.5\n  memory: 256\n"),
    "statement/problem.en.md": "# Close Enough\n\nPrint an integer $k$ with $1 \\le k \\le n$.\n",
    "output_validator/validator.py": CLOSE_VALIDATOR,
    "data/sample/1.in": "3\n", "data/sample/1.ans": "valid\n",
    "data/secret/test_group.yaml": "max_score: 100\n",
    "data/secret/1-valid/test_group.yaml": "max_score: 40\n",
    "data/secret/1-valid/a.in": "1\n", "data/secret/1-valid/a.ans": "valid\n",
    "data/secret/1-valid/more/b.in": "7\n", "data/secret/1-valid/more/b.ans": "valid\n",
    "data/secret/2-close/test_group.yaml": "max_score: 60\nscore_aggregation: sum\n",
    **{f"data/secret/2-close/{i}.{ext}": (f"{n}\n" if ext == "in" else "score\n")
       for i, n in enumerate([2, 4, 5]) for ext in ("in", "ans")},
    "submissions/accepted/biggest.py": "print(int(input()))\n",
    "submissions/partially_accepted/one.py": "input()\nprint(1)\n",
    "submissions/wrong_answer/zero.py": "input()\nprint(0)\n",
}

# Legacy, interactive: guess a number in [1, 100] in at most 7 guesses. The sample is an .interaction file only.
GUESS_INTERACTOR = r"""
#include <cstdio>
int main(int argc, char** argv) {  // interactor input answer feedback_dir; stdin/stdout: the submission
    FILE* in = std::fopen(argv[1], "r");
    int secret;
    if (std::fscanf(in, "%d", &secret) != 1) return 1;
    for (int guesses = 0; guesses < 7; guesses++) {
        int g;
        if (std::scanf("%d", &g) != 1) return 43;
        if (g == secret) { std::printf("correct\n"); std::fflush(stdout); return 42; }
        std::printf(g < secret ? "higher\n" : "lower\n");
        std::fflush(stdout);
    }
    return 43;
}
"""
GUESS = {
    "problem.yaml": "name: Guess\nvalidation: custom interactive\n",
    "output_validators/guess.cpp": GUESS_INTERACTOR,
    "data/sample/1.interaction": "> 50\n< lower\n> 25\n< correct\n",
    **{f"data/secret/{i}.{ext}": (f"{s}\n" if ext == "in" else "-\n")
       for i, s in enumerate([1, 37, 64, 100]) for ext in ("in", "ans")},
    "submissions/accepted/bisect.py": ("lo, hi = 1, 100\nwhile True:\n    mid = (lo + hi) // 2\n"
                                       "    print(mid, flush=True)\n    r = input()\n    if r == 'correct':\n"
                                       "        break\n    if r == 'higher':\n        lo = mid + 1\n"
                                       "    else:\n        hi = mid - 1\n"),
    "submissions/wrong_answer/count_up.py": ("k = 1\nwhile True:\n    print(k, flush=True)\n"
                                             "    if input() == 'correct':\n        break\n    k += 1\n"),
}


# ---------------------------------------------------------------- what loads


def test_legacy_pass_fail_package(tmp_path):
    root = write(tmp_path / "addtwo", ADD)
    assert is_kattis(root)
    p = load_problem(root)
    assert (p.id, p.title, p.format) == ("addtwo", "Add Two", "kattis")
    assert (p.limits.time_s, p.limits.memory_mib, p.limits.output_mib) == (2.0, 256, 8)  # .timelimit, memory, default
    assert [(s.name, s.points, s.tests, s.score_type) for s in p.subtasks] == [
        ("sample", 0, ["sample/1"], "GroupMin"),
        ("secret", 100, ["secret/01", "secret/02", "secret/big/03"], "GroupMin"),
    ]
    assert p.samples == ["sample/1"] and p.max_score == 100
    assert p.tests["secret/big/03"].read_answer() == b"4000000000\n"
    assert p.checker.kind == "tokens" and p.task_type.kind == "batch"
    assert p.statement.startswith("\\problemname{Add Two}")
    assert {cls: [f.name for f in files] for cls, files in p.solutions.items()} == {
        "accepted": ["add.cpp", "add.py"], "wrong_answer": ["add_int.cpp"],
        "time_limit_exceeded": ["spin.py"], "runtime_error": ["crash.py"]}


def test_legacy_defaults_and_title_from_the_statement(tmp_path):
    files = {k: v for k, v in ADD.items() if k not in (".timelimit", "problem.yaml")}
    p = load_problem(write(tmp_path / "pkg", {**files, "problem.yaml": "license: cc0\n"}))
    assert p.title == "Add Two"  # \problemname
    assert (p.limits.time_s, p.limits.memory_mib, p.limits.output_mib) == (DEFAULT_TIME_LIMIT_S, 1024, 8)


def test_legacy_custom_validator_package(tmp_path):
    p = load_problem(write(tmp_path / "split", SPLIT))
    assert p.checker.kind == "kattis" and p.checker.flags == ("positive",)
    assert set(p.checker.files) == {"validate.cpp", "rules.h"} and p.checker.sources == ["validate.cpp"]
    assert p.task_type.kind == "batch"


def test_legacy_scoring_package_flattens_groups(tmp_path):
    p = load_problem(write(tmp_path / "square", SQUARE))
    got = {s.name: (s.points, KattisGrading.parse(s.score_type), len(s.tests)) for s in p.subtasks}
    assert got == {
        "sample": (0, None, 1),
        "secret/group1": (30, KattisGrading("min", 30, 0, "break"), 3),
        "secret/group2": (40, KattisGrading("sum", 10, 0, "continue"), 4),  # range 0 100 inherited, 4 x 10 below it
        "secret/group3/a": (10, KattisGrading("min", 10, 0, "break"), 2),
        "secret/group3/b": (20, KattisGrading("min", 20, 0, "break"), 2),
    }
    assert [s.name for s in p.subtasks] == list(got)  # Kattis's order: by path
    assert p.max_score == 100


def test_2025_09_package(tmp_path):
    p = load_problem(write(tmp_path / "close", CLOSE))
    assert (p.title, p.limits.time_s, p.limits.memory_mib) == ("Close Enough", 1.5, 256)
    assert p.statement.startswith("# Close Enough")
    assert p.checker.kind == "kattis" and p.checker.sources == ["validator.py"]
    got = {s.name: (s.points, s.score_type, s.tests) for s in p.subtasks}
    assert got["sample"] == (0, "GroupMin", ["sample/1"])
    assert got["secret/1-valid"] == (40, "GroupMin", ["secret/1-valid/a", "secret/1-valid/more/b"])
    points, score_type, tests = got["secret/2-close"]
    assert points == 60 and tests == ["secret/2-close/0", "secret/2-close/1", "secret/2-close/2"]
    assert KattisGrading.parse(score_type) == KattisGrading("sum", 20, 0, "continue")
    assert set(p.solutions) == {"accepted", "partial", "wrong_answer"}


def test_2025_09_pass_fail_with_default_validator_flags(tmp_path):
    files = {
        "problem.yaml": "problem_format_version: 2025-09\nname: Halves\nuuid: x\n",
        "data/sample/1.in": "3\n", "data/sample/1.ans": "1.5\n",
        "data/secret/test_group.yaml": "output_validator_args: [float_relative_tolerance, '1e-4']\n",
        "data/secret/a/1.in": "5\n", "data/secret/a/1.ans": "2.5\n",
        "data/secret/2.in": "8\n", "data/secret/2.ans": "4\n",
    }
    p = load_problem(write(tmp_path / "halves", files))
    assert (p.checker.kind, p.checker.abs_tol, p.checker.rel_tol) == ("float", 0.0, 1e-4)
    assert [(s.name, s.points, s.tests) for s in p.subtasks] == [
        ("sample", 0, ["sample/1"]), ("secret", 100, ["secret/2", "secret/a/1"])]
    assert p.limits.time_s == DEFAULT_TIME_LIMIT_S


def test_2023_07_draft_reads_testdata_yaml_like_legacy(tmp_path):
    files = {k: v for k, v in SQUARE.items() if k != "problem.yaml"}
    files["problem.yaml"] = "problem_format_version: 2023-07-draft\ntype: scoring\nname: Square\nuuid: x\n"
    files["output_validator/check/check.cpp"] = "int main() { return 42; }\n"  # one folder down, as problemtools has it
    p = load_problem(write(tmp_path / "square", files))
    assert [(s.name, s.points) for s in p.subtasks][1:] == [
        ("secret/group1", 30), ("secret/group2", 40), ("secret/group3/a", 10), ("secret/group3/b", 20)]
    assert p.checker.kind == "kattis" and p.checker.sources == ["check.cpp"]


@pytest.mark.parametrize("flags, kind, abs_tol, rel_tol", [
    ("", "tokens", None, None),
    ("case_sensitive", "tokens", None, None),
    ("space_change_sensitive", "exact", None, None),
    ("float_tolerance 1e-6", "float", 1e-6, 1e-6),
    ("float_absolute_tolerance 0.01", "float", 0.01, 0.0),
])
def test_default_validator_flags_pick_a_builtin_checker(tmp_path, flags, kind, abs_tol, rel_tol):
    p = load_problem(write(tmp_path / "pkg", {**ADD, "problem.yaml": f"name: A\nvalidator_flags: '{flags}'\n"}))
    assert p.checker.kind == kind
    if abs_tol is not None:
        assert (p.checker.abs_tol, p.checker.rel_tol) == (abs_tol, rel_tol)


def test_interactive_package(tmp_path):
    p = load_problem(write(tmp_path / "guess", GUESS))
    assert p.task_type.kind == "interactive" and p.task_type.interactor_protocol == "kattis"
    assert p.task_type.manager.sources == ["guess.cpp"]
    assert p.samples == [] and [s.name for s in p.subtasks] == ["secret"]  # .interaction alone is not a test


def test_2025_09_interactive_type(tmp_path):
    files = {"problem.yaml": "problem_format_version: 2025-09\ntype: [interactive]\nname: G\nuuid: x\n",
             "output_validator/guess.cpp": GUESS_INTERACTOR, "data/secret/1.in": "5\n", "data/secret/1.ans": "-\n"}
    p = load_problem(write(tmp_path / "g", files))
    assert p.task_type.kind == "interactive" and p.task_type.manager.sources == ["guess.cpp"]


def test_native_packages_still_load_as_native(tmp_path):
    native = write(tmp_path / "native", {
        "problem.yaml": "id: demo\ntime_limit: 1\nmemory_limit: 64\nsubtasks: [{name: all, points: 100, "
                        "tests: ['*']}]\n",
        "tests/1.in": "1\n", "tests/1.ans": "1\n", "data/notes.txt": "a data/ folder of its own\n"})
    assert not is_kattis(native)
    assert load_problem(native).format == "native"


# ---------------------------------------------------------------- scoring a Kattis group (no sandbox)


def results(*verdicts_and_points) -> list[Result]:
    out = []
    for i, vp in enumerate(verdicts_and_points):
        verdict, points = vp if isinstance(vp, tuple) else (vp, None)
        out.append(Result(name=str(i), verdict=verdict, score=1.0 if verdict is Verdict.AC else 0.0,
                              points=points))
    return out


AC, WA, SKIP = Verdict.AC, Verdict.WA, Verdict.SKIP


@pytest.mark.parametrize("grading, tests, points, expected", [
    (KattisGrading("sum", 10, 0, "continue"), results(AC, WA, AC, AC), 40, 30),
    (KattisGrading("sum", 10, 0, "break"), results(AC, WA, SKIP, SKIP), 40, 10),  # only up to the first rejection
    (KattisGrading("sum", 10, 0, "break"), results(AC, WA, AC, AC), 40, 10),  # ran anyway: still does not count
    (KattisGrading("sum", 10, 2, "continue"), results(AC, WA, WA), 30, 14),  # reject_score
    (KattisGrading("min", 30, 0, "break"), results(AC, AC, AC), 30, 30),
    (KattisGrading("min", 30, 0, "break"), results(AC, WA, SKIP), 30, 0),
    (KattisGrading("sum", 1, 0, "continue"), results((AC, 7.5), (AC, 2.25), WA), 100, 9.75),  # score.txt wins
    (KattisGrading("min", 1, 0, "break"), results((AC, 7.5), (AC, 2.25)), 100, 2.25),
    (KattisGrading("max", 5, 0, "continue"), results(WA, (AC, 3.0)), 5, 3),
    (KattisGrading("avg", 6, 0, "continue"), results(AC, WA, AC), 6, 4),
    (KattisGrading("sum", 1, 0, "continue"), results((AC, 80.0), (AC, 70.0)), 100, 100),  # capped at the points
])
def test_kattis_group_scores(grading, tests, points, expected):
    sub = score_subtask("g", points, grading.score_type, tests)
    assert sub.score == pytest.approx(expected)


def test_kattis_score_type_round_trips_and_early_stop():
    g = KattisGrading("sum", 100 / 3, 0.5, "continue")
    assert KattisGrading.parse(g.score_type) == g  # repr keeps every bit of the floats
    assert KattisGrading.parse("KattisMin") == KattisGrading("min", 1.0, 0.0, "break")
    assert KattisGrading.parse("GroupMin") is None
    assert allows_early_stop(KattisGrading("sum", 1, 0, "break").score_type)
    assert not allows_early_stop(g.score_type)
    with pytest.raises(ValueError):
        KattisGrading.parse("KattisMedian")


# ---------------------------------------------------------------- judged for real


@pytest.mark.docker
def test_judge_legacy_pass_fail(tmp_path, pool, image):
    root = write(tmp_path / "addtwo", ADD)
    p = load_problem(root)
    sub = judge(p, root / "submissions/accepted/add.cpp", pool, image)
    assert scores(sub) == {"sample": 0, "secret": 100} and sub.score == 100
    sub = judge(p, root / "submissions/accepted/add.py", pool, image)
    assert sub.score == 100
    sub = judge(p, root / "submissions/wrong_answer/add_int.cpp", pool, image)
    assert sub.score == 0
    assert {t.name: t.verdict for t in sub.subtasks[1].tests}["secret/big/03"] is Verdict.WA
    sub = judge(p, root / "submissions/run_time_error/crash.py", pool, image)
    assert sub.score == 0 and sub.subtasks[1].verdict is Verdict.RE


@pytest.mark.docker
def test_judge_legacy_custom_validator_gets_its_flags(tmp_path, pool, image):
    root = write(tmp_path / "split", SPLIT)
    p = load_problem(root)
    sub = judge(p, root / "submissions/accepted/one_and_rest.py", pool, image)
    assert sub.score == 100, [t.message for s in sub.subtasks for t in s.tests]  # a missing flag would be JE
    sub = judge(p, root / "submissions/wrong_answer/zero.py", pool, image)
    assert sub.score == 0 and sub.subtasks[1].verdict is Verdict.WA


@pytest.mark.docker
def test_judge_legacy_scoring_groups(tmp_path, pool, image):
    root = write(tmp_path / "square", SQUARE)
    p = load_problem(root)
    sub = judge(p, root / "submissions/accepted/square.cpp", pool, image)
    assert sub.score == 100
    sub = judge(p, root / "submissions/partially_accepted/square_int.cpp", pool, image)
    # 32-bit overflow fails 100000^2 and 3000000^2 (group2: 2 of 4 x 10) and 999999999^2 (group3/b: min -> 0)
    assert scores(sub) == {"sample": 0, "secret/group1": 30, "secret/group2": 20, "secret/group3/a": 10,
                           "secret/group3/b": 0}
    assert sub.score == 60


@pytest.mark.docker
def test_judge_2025_09_scoring_with_score_txt(tmp_path, pool, image):
    root = write(tmp_path / "close", CLOSE)
    p = load_problem(root)
    sub = judge(p, root / "submissions/accepted/biggest.py", pool, image)
    assert scores(sub) == {"sample": 0, "secret/1-valid": 40, "secret/2-close": 60}
    points = {t.name: t.points for s in sub.subtasks for t in s.tests}
    assert points["secret/2-close/1"] == pytest.approx(20.0) and points["secret/1-valid/a"] is None
    sub = judge(p, root / "submissions/partially_accepted/one.py", pool, image)
    # k = 1: 20/2 + 20/4 + 20/5 = 19 points of closeness
    assert scores(sub) == {"sample": 0, "secret/1-valid": 40, "secret/2-close": 19}
    sub = judge(p, root / "submissions/wrong_answer/zero.py", pool, image)
    assert sub.score == 0 and sub.subtasks[2].verdict is Verdict.WA


@pytest.mark.docker
@pytest.mark.parametrize("attempt", range(6))  # the FIFO opening order once raced: several runs keep it honest
def test_judge_interactive(tmp_path, pool, image, attempt):
    root = write(tmp_path / "guess", GUESS)
    p = load_problem(root)
    sub = judge(p, root / "submissions/accepted/bisect.py", pool, image)
    assert sub.score == 100, [t.message for t in sub.subtasks[0].tests]
    sub = judge(p, root / "submissions/wrong_answer/count_up.py", pool, image)
    verdicts = {t.name: t.verdict for t in sub.subtasks[0].tests}
    assert sub.score == 0 and verdicts["secret/0"] is Verdict.AC and Verdict.WA in verdicts.values()


# ---------------------------------------------------------------- errors: file and field named


def load_error(root: Path) -> ProblemFormatError:
    with pytest.raises(ProblemFormatError) as info:
        load_problem(root)
    err = info.value
    assert "\n" not in str(err), str(err)
    return err


def assert_names(err: ProblemFormatError, file: Path, field: str, *words: str) -> None:
    text = str(err)
    assert err.file == str(file), text
    assert err.field == field, text
    assert text.startswith(f"{file}: {field + ': ' if field else ''}"), text
    for w in words:
        assert w in text, (w, text)


def test_bad_yaml_names_the_file_and_line(tmp_path):
    root = write(tmp_path / "pkg", {**ADD, "problem.yaml": "name: Add\nlimits:\n  memory: [256\n"})
    err = load_error(root)
    assert str(err).startswith(f"{root / 'problem.yaml'}: not valid YAML at line "), str(err)
    root = write(tmp_path / "pkg2", {**SQUARE, "data/secret/group2/testdata.yaml": "accept_score: 10\n bad: [\n"})
    assert load_error(root).file == str(root / "data/secret/group2/testdata.yaml")
    twice = "accept_score: 5\naccept_score: 7\n"
    root = write(tmp_path / "pkg3", {**SQUARE, "data/secret/group1/testdata.yaml": twice})
    err = load_error(root)
    assert str(err).startswith(f"{root / 'data/secret/group1/testdata.yaml'}: not valid YAML at line 2"), str(err)
    assert "duplicate key 'accept_score'" in str(err)


def test_missing_answer_file(tmp_path):
    files = {k: v for k, v in ADD.items() if k != "data/secret/big/03.ans"}
    root = write(tmp_path / "pkg", files)
    assert_names(load_error(root), root / "data/secret/big", "03.in", "03.ans")


@pytest.mark.parametrize("validation", ["fancy", "default score", "custom colour"])
def test_unknown_validation(tmp_path, validation):
    root = write(tmp_path / "pkg", {**ADD, "problem.yaml": f"name: A\nvalidation: {validation}\n"})
    assert_names(load_error(root), root / "problem.yaml", "validation", repr(validation))


def test_custom_validation_without_a_validator(tmp_path):
    root = write(tmp_path / "pkg", {**ADD, "problem.yaml": "name: A\nvalidation: custom\n"})
    assert_names(load_error(root), root / "problem.yaml", "validation", "output_validators/")


def test_custom_score_needs_a_scoring_problem(tmp_path):
    root = write(tmp_path / "pkg", {**SPLIT, "problem.yaml": "name: A\nvalidation: custom score\n"})
    assert_names(load_error(root), root / "problem.yaml", "validation", "scoring")


def test_unknown_problem_yaml_key(tmp_path):
    root = write(tmp_path / "pkg", {**ADD, "problem.yaml": "name: A\nlimits:\n  time_limit: 2\n"})
    assert_names(load_error(root), root / "problem.yaml", "limits.time_limit", "Extra inputs")


def test_unknown_default_validator_flag(tmp_path):
    root = write(tmp_path / "pkg", {**ADD, "problem.yaml": "name: A\nvalidator_flags: ignore_case\n"})
    assert_names(load_error(root), root / "problem.yaml", "validator_flags", "'ignore_case'")


def test_unsupported_format_version(tmp_path):
    root = write(tmp_path / "pkg", {**ADD, "problem.yaml": "problem_format_version: 2031-01\nname: A\n"})
    assert_names(load_error(root), root / "problem.yaml", "problem_format_version", "'2031-01'", "2025-09")


def test_unknown_grader_flag(tmp_path):
    root = write(tmp_path / "pkg", {**SQUARE, "data/secret/group2/testdata.yaml": "grader_flags: median\n"})
    assert_names(load_error(root), root / "data/secret/group2/testdata.yaml", "grader_flags", "'median'")


def test_min_over_subgroups_is_refused(tmp_path):
    root = write(tmp_path / "pkg", {**SQUARE, "data/secret/group3/testdata.yaml": "grader_flags: min\n"})
    assert_names(load_error(root), root / "data/secret/group3/testdata.yaml", "grader_flags", "secret/group3",
                 "only sum")


def test_bad_testdata_value(tmp_path):
    root = write(tmp_path / "pkg", {**SQUARE, "data/secret/group1/testdata.yaml": "on_reject: stop\n"})
    assert_names(load_error(root), root / "data/secret/group1/testdata.yaml", "on_reject", "break")
    root = write(tmp_path / "pkg2", {**SQUARE, "data/secret/group1/testdata.yaml": "range: lots\n"})
    assert_names(load_error(root), root / "data/secret/group1/testdata.yaml", "range", "'lots'")


def test_differing_validator_flags(tmp_path):
    root = write(tmp_path / "pkg", {**SPLIT, "data/secret/b/testdata.yaml": "output_validator_flags: strict\n",
                                    "data/secret/b/3.in": "4\n", "data/secret/b/3.ans": "2 2\n"})
    assert_names(load_error(root), root / "data/secret/b/testdata.yaml", "output_validator_flags", "secret/b/3",
                 "one set")
    # the samples may differ: they are judged with the secret tests' flags
    root = write(tmp_path / "pkg2", {**SPLIT, "data/sample/testdata.yaml": "output_validator_flags: strict\n"})
    assert load_problem(root).checker.flags == ("positive",)


def test_2025_09_group_without_max_score(tmp_path):
    root = write(tmp_path / "pkg", {**CLOSE, "data/secret/1-valid/test_group.yaml": "score_aggregation: min\n"})
    assert_names(load_error(root), root / "data/secret/1-valid/test_group.yaml", "max_score", "required")


def test_2025_09_require_pass_is_refused(tmp_path):
    root = write(tmp_path / "pkg", {**CLOSE, "data/secret/2-close/test_group.yaml":
                                    "max_score: 60\nscore_aggregation: sum\nrequire_pass: sample\n"})
    assert_names(load_error(root), root / "data/secret/2-close/test_group.yaml", "require_pass", "not supported")


def test_2025_09_folder_beside_groups_must_be_a_group(tmp_path):
    root = write(tmp_path / "pkg", {**CLOSE, "data/secret/3-extra/x.in": "1\n", "data/secret/3-extra/x.ans": "v\n"})
    assert_names(load_error(root), root / "data/secret/3-extra", "test_group.yaml", "missing")


def test_2025_09_missing_name_and_bad_type(tmp_path):
    yaml_text = CLOSE["problem.yaml"].replace("name:\n  en: Close Enough\n", "")
    root = write(tmp_path / "pkg", {**CLOSE, "problem.yaml": yaml_text})
    assert_names(load_error(root), root / "problem.yaml", "name", "required")
    root = write(tmp_path / "pkg2", {**CLOSE, "problem.yaml": CLOSE["problem.yaml"].replace("scoring", "scorin")})
    assert_names(load_error(root), root / "problem.yaml", "type", "'scorin'")


def test_bad_timelimit_file(tmp_path):
    root = write(tmp_path / "pkg", {**ADD, ".timelimit": "soon\n"})
    assert_names(load_error(root), root / ".timelimit", "", "'soon'")


def test_missing_secret_folder(tmp_path):
    root = write(tmp_path / "pkg", {"problem.yaml": "problem_format_version: 2025-09\nname: A\n",
                                    "data/sample/1.in": "1\n", "data/sample/1.ans": "1\n"})
    assert_names(load_error(root), root / "data", "secret", "missing")


def test_custom_score_group_needs_a_range(tmp_path):
    files = {**SQUARE, "problem.yaml": "type: scoring\nname: S\nvalidation: custom score\n",
             "output_validators/v.cpp": "int main() { return 42; }\n",
             "data/testdata.yaml": "on_reject: continue\n"}
    root = write(tmp_path / "pkg", files)
    err = load_error(root)
    # group1 gives its range; group2 is the first without one
    assert_names(err, root / "data/secret/group2/testdata.yaml", "range", "secret/group2", "custom-score")


@pytest.mark.docker
@pytest.mark.parametrize("package", ["square", "close"])
def test_import_to_native_keeps_the_scores(tmp_path, pool, image, package):
    """`cpsolve import` of a scoring Kattis package: nested group names flatten, groupings carry over."""
    from solver.problems.export import export_native

    files, solution = {"square": (SQUARE, "submissions/partially_accepted/square_int.cpp"),
                       "close": (CLOSE, "submissions/accepted/biggest.py")}[package]
    root = write(tmp_path / package, files)
    original = load_problem(root)
    imported = load_problem(export_native(original, tmp_path / "native"))
    assert imported.format == "native"
    a, b = judge(original, root / solution, pool, image), judge(imported, root / solution, pool, image)
    assert [s.score for s in a.subtasks] == [s.score for s in b.subtasks]
    assert a.score == b.score
