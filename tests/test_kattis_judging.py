"""Kattis packages (kattis_packages.py) judged for real through solver.judge.judging.judge_source with the real
sandbox (the `pool` and `image` fixtures), their scores pinned; and imported to native with the same scores."""
from __future__ import annotations

import pytest

from sandbox.verdicts import Verdict
from solver.problems import load_problem

from .kattis_packages import ADD, CLOSE, GUESS, SPLIT, SQUARE, judge, scores, write


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
