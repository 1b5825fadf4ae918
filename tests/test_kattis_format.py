"""Kattis problem packages (legacy and 2025-09): what loads, and how a Kattis group scores (no sandbox).

The packages are in kattis_packages.py; test_kattis_judging.py judges them, test_kattis_errors.py pins the one-line
errors of broken ones."""
from __future__ import annotations

import pytest

from sandbox.verdicts import TestResult as Result, Verdict
from solver.judge.scoring import allows_early_stop, score_subtask
from solver.problems import load_problem
from solver.problems.grading import KattisGrading
from solver.problems.kattis import DEFAULT_TIME_LIMIT_S, is_kattis

from .kattis_packages import ADD, CLOSE, GUESS, GUESS_INTERACTOR, SPLIT, SQUARE, write


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
