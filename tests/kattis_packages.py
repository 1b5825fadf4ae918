"""Hand-written Kattis packages for the tests (test code only): tiny original problems, each made to exercise one
part of the format, written into a test's tmp_path, and the helpers that load and judge them."""
from __future__ import annotations

from pathlib import Path

from sandbox.languages import detect_language
from solver.judge.judging import judge_source


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
