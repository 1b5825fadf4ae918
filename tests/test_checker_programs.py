"""Program checkers run in the real sandbox, one per protocol (testlib, CMS, Kattis).

Program checkers are tiny C++ files written here that follow each protocol's exit-code contract; no testlib.h.
A contestant program turns the input word W into "out W" and the answer file holds "ans <secret>", so every checker
can verify it received input, output and answer in its protocol's argument order (a mix-up is a judge error)."""
from __future__ import annotations

import pytest

from sandbox.checkers import CheckContext, ExternalChecker
from sandbox.compiler import compile_program
from sandbox.executor import Limits, judge_test
from sandbox.executor import TestCase as Case  # aliased: pytest would try to collect a class named Test*
from sandbox.languages import get_language
from sandbox.process import ProcSpec
from sandbox.verdicts import Verdict


# ---------------------------------------------------------------- program checkers in the sandbox

ECHO = r"""
#include <cstdio>
int main() { char w[64]; if (scanf("%63s", w) != 1) return 1; printf("out %s\n", w); }
"""

# The common prologue: read (cmd) from input, ("out", cmd) from output, ("ans", secret) from the answer; any
# mismatch means the files came in the wrong order, which the checker reports as its own failure (FAIL_CODE).
PROLOGUE = r"""
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
static char cmd[64], otag[64], ocmd[64], atag[64], secret[64];
static bool read2(const char* path, char* a, char* b) {
    FILE* f = fopen(path, "r");
    if (!f) { fprintf(stderr, "cannot open %s\n", path); return false; }
    bool ok = fscanf(f, "%63s %63s", a, b) == 2;
    fclose(f);
    return ok;
}
static bool load(const char* in, const char* out, const char* ans) {
    FILE* f = fopen(in, "r");
    if (!f || fscanf(f, "%63s", cmd) != 1) { fprintf(stderr, "bad input file %s\n", in); return false; }
    fclose(f);
    if (!read2(out, otag, ocmd) || strcmp(otag, "out") || strcmp(ocmd, cmd)) {
        fprintf(stderr, "bad output file %s\n", out); return false;
    }
    if (!read2(ans, atag, secret) || strcmp(atag, "ans")) {
        fprintf(stderr, "bad answer file %s\n", ans); return false;
    }
    return true;
}
static bool is(const char* s) { return !strcmp(cmd, s); }
"""

TESTLIB = PROLOGUE + r"""
int main(int argc, char** argv) {  // checker input output answer
    if (argc != 4 || !load(argv[1], argv[2], argv[3])) return 3;
    if (is("AC")) { fprintf(stderr, "ok the answer is %s\n", secret); return 0; }
    if (is("WA")) { fprintf(stderr, "wrong answer expected %s\n", secret); return 1; }
    if (is("PE")) { fprintf(stderr, "extra spaces\n"); return 2; }
    if (is("FAIL")) { fprintf(stderr, "checker found a bug in the answer\n"); return 3; }
    if (is("PTS")) { fprintf(stderr, "points 0.4 almost there\n"); return 7; }
    if (is("PTSBAD")) { fprintf(stderr, "no score here\n"); return 7; }
    if (is("PTSCOLON")) { fprintf(stderr, "points 0.25: valid, not the fewest\n"); return 7; }
    if (is("PTSWORD")) { fprintf(stderr, "points expected, none given\n"); return 7; }
    if (is("PTSINFO")) { fprintf(stderr, "points points_info=fast\n"); return 7; }  // testlib quitpi
    if (is("CRASH")) abort();
    return 3;
}
"""

CMS = PROLOGUE + r"""
int main(int argc, char** argv) {  // comparator input answer output
    if (argc != 4 || !load(argv[1], argv[3], argv[2])) return 1;
    if (is("AC")) { printf("1\n"); fprintf(stderr, "translate:success\n"); return 0; }
    if (is("HALF")) { printf("0.5\n"); fprintf(stderr, "half of it, answer %s\nsecond line\n", secret); return 0; }
    if (is("WA")) { printf("0.0\n"); fprintf(stderr, "translate:wrong\n"); return 0; }
    if (is("BIG")) { printf("1.5\n"); return 0; }
    if (is("COST")) { printf("37.5\n"); fprintf(stderr, "37.5 units\n"); return 0; }
    if (is("SILENT")) return 0;
    if (is("CRASH")) abort();
    return 1;
}
"""

KATTIS = PROLOGUE + r"""
static void put(const char* dir, const char* name, const char* text) {
    std::string path = std::string(dir) + "/" + name;
    FILE* f = fopen(path.c_str(), "w");
    if (!f) { fprintf(stderr, "cannot write %s\n", path.c_str()); exit(1); }
    fputs(text, f);
    fclose(f);
}
int main(int argc, char** argv) {  // validator input answer feedback_dir < output
    if (argc < 4 || !load(argv[1], "/dev/stdin", argv[2])) return 1;
    if (is("AC")) { put(argv[3], "score.txt", "17.5\n"); put(argv[3], "judgemessage.txt", "well done\n"); return 42; }
    if (is("PLAIN")) return 42;
    if (is("WA")) { put(argv[3], "judgemessage.txt", "expected something else\n"); return 43; }
    if (is("BADSCORE")) { put(argv[3], "score.txt", "lots\n"); return 42; }
    if (is("ERR")) { fprintf(stderr, "validator is confused\n"); return 1; }
    if (is("CRASH")) abort();
    return 1;
}
"""

SECRET = "s3cr3t-7f9c"
LIMITS = Limits(time_s=2.0, memory_mib=64)


@pytest.fixture(scope="module")
def compiled(pool, image, tmp_path_factory):
    """The contestant's echo program and the three checkers, compiled once into a private cache."""
    cpp = get_language("cpp17")
    sources = {"echo": ECHO, "testlib": TESTLIB, "cms": CMS, "kattis": KATTIS}
    out = {}
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CPSOLVE_CACHE", str(tmp_path_factory.mktemp("cache")))
        w = pool.acquire()
        try:
            for name, src in sources.items():
                res = compile_program(w, cpp, {f"{name}.cpp": src.encode()}, image)
                assert res.ok, res.log
                out[name] = res.program
        finally:
            pool.release(w)
    return out


def judge(worker, compiled, protocol: str, cmd: str, tmp_path):
    inp, ans = tmp_path / f"{cmd}.in", tmp_path / f"{cmd}.ans"
    inp.write_text(cmd + "\n")
    ans.write_text(f"ans {SECRET}\n")
    checker = ExternalChecker(compiled[protocol], protocol)
    return judge_test(worker, compiled["echo"], Case(cmd, inp, ans), LIMITS, checker)


def outcome(worker, compiled, protocol: str, cmd: str):
    """The checker's raw Outcome (with raw_points, which TestResult does not carry)."""
    inp, ans = (cmd + "\n").encode(), f"ans {SECRET}\n".encode()
    c = CheckContext(test_name=cmd, output=f"out {cmd}\n".encode(), load_input=lambda: inp, load_answer=lambda: ans,
                     stage_input=lambda: worker.stage(inp), stage_answer=lambda: worker.stage(ans, secret=True),
                     worker=worker)
    return ExternalChecker(compiled[protocol], protocol).check(c)


# -- testlib: checker input output answer; 0 OK, 1 WA, 2 PE, 3 FAIL, 7 points


@pytest.mark.docker
def test_testlib_ok_reads_the_answer(worker, compiled, tmp_path):
    r = judge(worker, compiled, "testlib", "AC", tmp_path)
    assert r.verdict is Verdict.AC and r.score == 1.0, r.message
    assert SECRET in r.message  # the checker (judge user) could read the secret answer


@pytest.mark.docker
def test_testlib_wrong_answer(worker, compiled, tmp_path):
    r = judge(worker, compiled, "testlib", "WA", tmp_path)
    assert r.verdict is Verdict.WA and r.score == 0.0
    assert "wrong answer expected" in r.message


@pytest.mark.docker
def test_testlib_presentation_error_is_wa(worker, compiled, tmp_path):
    r = judge(worker, compiled, "testlib", "PE", tmp_path)
    assert r.verdict is Verdict.WA and r.score == 0.0
    assert "presentation error" in r.message and "extra spaces" in r.message


@pytest.mark.docker
def test_testlib_fail_is_judge_error(worker, compiled, tmp_path):
    r = judge(worker, compiled, "testlib", "FAIL", tmp_path)
    assert r.verdict is Verdict.JE
    assert "bug in the answer" in r.message


@pytest.mark.docker
def test_testlib_points(worker, compiled, tmp_path):
    r = judge(worker, compiled, "testlib", "PTS", tmp_path)
    assert r.verdict is Verdict.PA
    assert r.score == pytest.approx(0.4)


@pytest.mark.docker
def test_testlib_points_without_a_number_is_judge_error(worker, compiled, tmp_path):
    assert judge(worker, compiled, "testlib", "PTSBAD", tmp_path).verdict is Verdict.JE


@pytest.mark.docker
def test_testlib_points_followed_by_punctuation(worker, compiled, tmp_path):
    r = judge(worker, compiled, "testlib", "PTSCOLON", tmp_path)
    assert r.verdict is Verdict.PA and r.score == pytest.approx(0.25), r.message


@pytest.mark.parametrize("cmd", ["PTSWORD", "PTSINFO"])
@pytest.mark.docker
def test_testlib_exit_7_needs_a_points_value(worker, compiled, tmp_path, cmd):
    # testlib: exit 7 is _points, written by quitp as "points <value> <message>"; without a value the checker
    # failed (JE), the program is not to blame (never WA, never a crash of the judge)
    r = judge(worker, compiled, "testlib", cmd, tmp_path)
    assert r.verdict is Verdict.JE and "without 'points X'" in r.message


@pytest.mark.docker
def test_testlib_crash_is_judge_error(worker, compiled, tmp_path):
    r = judge(worker, compiled, "testlib", "CRASH", tmp_path)
    assert r.verdict is Verdict.JE and "signal" in r.message


# -- CMS: comparator input answer output; outcome on stdout, message on stderr


@pytest.mark.docker
def test_cms_partial_score(worker, compiled, tmp_path):
    r = judge(worker, compiled, "cms", "HALF", tmp_path)
    assert r.verdict is Verdict.PA and r.score == pytest.approx(0.5)
    assert r.message == f"half of it, answer {SECRET}"  # the first stderr line; the answer was readable


@pytest.mark.docker
def test_cms_full_score_with_translated_message(worker, compiled, tmp_path):
    r = judge(worker, compiled, "cms", "AC", tmp_path)
    assert r.verdict is Verdict.AC and r.score == 1.0
    assert r.message == "Output is correct"


@pytest.mark.docker
def test_cms_zero_score(worker, compiled, tmp_path):
    r = judge(worker, compiled, "cms", "WA", tmp_path)
    assert r.verdict is Verdict.WA and r.message == "Output isn't correct"


@pytest.mark.parametrize("cmd", ["CRASH", "BIG", "SILENT"])
@pytest.mark.docker
def test_cms_crash_or_bad_score_is_judge_error(worker, compiled, tmp_path, cmd):
    assert judge(worker, compiled, "cms", cmd, tmp_path).verdict is Verdict.JE


@pytest.mark.docker
def test_cms_cost_of_a_group_threshold_task_is_kept_as_it_is(worker, compiled, tmp_path):
    # CMS GroupThreshold: the comparator's outcome is a cost, any float (trusted.extract_outcome_and_text reads
    # float(outcome)); the subtask passes when 0 < cost <= threshold (GroupThreshold.reduce)
    from solver.judge.scoring import score_subtask

    inp, ans = tmp_path / "c.in", tmp_path / "c.ans"
    inp.write_text("COST\n")
    ans.write_text(f"ans {SECRET}\n")
    r = judge_test(worker, compiled["echo"], Case("c", inp, ans), LIMITS,
                   ExternalChecker(compiled["cms"], "cms", costs=True))
    assert r.score == 37.5 and r.verdict is not Verdict.JE, r.message
    assert score_subtask("s", 10.0, "GroupThreshold", [r], threshold=50.0).score == 10.0
    below = score_subtask("s", 10.0, "GroupThreshold", [r], threshold=30.0)
    assert below.score == 0.0 and below.verdict is Verdict.WA


# -- Kattis: validator input answer feedback_dir < output; 42 accept, 43 reject


@pytest.mark.docker
def test_kattis_accept_with_message_and_score(worker, compiled, tmp_path):
    r = judge(worker, compiled, "kattis", "AC", tmp_path)
    assert r.verdict is Verdict.AC and r.score == 1.0
    assert r.message == "well done"
    o = outcome(worker, compiled, "kattis", "AC")
    assert o.score == 1.0 and o.raw_points == pytest.approx(17.5) and not o.judge_error


@pytest.mark.docker
def test_kattis_accept_without_feedback_files(worker, compiled):
    o = outcome(worker, compiled, "kattis", "PLAIN")
    assert o.score == 1.0 and o.raw_points is None and not o.judge_error


@pytest.mark.docker
def test_kattis_reject(worker, compiled, tmp_path):
    r = judge(worker, compiled, "kattis", "WA", tmp_path)
    assert r.verdict is Verdict.WA and r.message == "expected something else"


@pytest.mark.parametrize("cmd", ["ERR", "CRASH", "BADSCORE"])
@pytest.mark.docker
def test_kattis_other_exit_codes_are_judge_errors(worker, compiled, tmp_path, cmd):
    r = judge(worker, compiled, "kattis", cmd, tmp_path)
    assert r.verdict is Verdict.JE
    if cmd == "ERR":
        assert "exited 1" in r.message and "validator is confused" in r.message


@pytest.mark.docker
def test_kattis_feedback_does_not_leak_into_the_next_check(worker, compiled):
    # a fresh box per check: the score.txt of an accepted run must not turn up for a plain accept
    assert outcome(worker, compiled, "kattis", "AC").raw_points == pytest.approx(17.5)
    assert outcome(worker, compiled, "kattis", "PLAIN").raw_points is None


# -- who can read the answers


@pytest.mark.docker
def test_answers_are_readable_by_the_judge_only(worker):
    path = worker.stage(f"ans {SECRET}\n".encode(), secret=True)
    assert path.startswith("/work/secret/")
    as_judge = worker.judge.run([ProcSpec(argv=["/bin/cat", path], untrusted=False, wall_s=10)],
                                box=worker.box("judge-cat"))[0]
    assert as_judge.exit_code == 0 and SECRET.encode() in as_judge.stdout
    as_contestant = worker.contestant.run([ProcSpec(argv=["/bin/cat", path], wall_s=10)],
                                          box=worker.contestant.box("program"))[0]
    assert as_contestant.exit_code != 0
    assert SECRET.encode() not in as_contestant.stdout
    assert b"Permission denied" in as_contestant.stderr
    listing = worker.contestant.run([ProcSpec(argv=["/bin/ls", "/work/secret"], wall_s=10)],
                                    box=worker.contestant.box("program"))[0]
    assert listing.exit_code != 0 and b"Permission denied" in listing.stderr


# -- interactors share the testlib exit codes


INTERACTOR_POINTS_MISSING = r"""
#include <cstdio>
int main(int argc, char** argv) {  // interactor input output answer; stdin/stdout: the program
    int x;
    if (std::scanf("%d", &x) != 1) return 1;
    std::fprintf(stderr, "no score here\n");
    return 7;  // _points, but no "points X"
}
"""


@pytest.mark.docker
def test_testlib_interactor_exit_7_without_points_is_judge_error(tmp_path, pool, image):
    from solver.judge.judging import judge_source
    from solver.problems import load_problem

    root = tmp_path / "inter"
    (root / "tests").mkdir(parents=True)
    (root / "tests" / "1.in").write_text("5\n")
    (root / "tests" / "1.ans").write_text("5\n")
    (root / "interactor.cpp").write_text(INTERACTOR_POINTS_MISSING)
    (root / "problem.yaml").write_text(
        "id: inter\ntime_limit: 2\nmemory_limit: 64\ntask_type: {type: interactive, manager: interactor.cpp, "
        "protocol: testlib}\nsubtasks: [{name: all, points: 100, tests: ['*']}]\n")
    src = tmp_path / "sol.py"
    src.write_text("print(1, flush=True)\n")
    sub = judge_source(load_problem(root), src, get_language("python3"), pool, image)
    test = sub.subtasks[0].tests[0]
    assert test.verdict is Verdict.JE and "without 'points X'" in test.message, (test.verdict, test.message)
