"""The hand-made TPS packages (tps_packages.py) judged in the sandbox: the exact per-subtask scores CMS would give
each solution, checker outcomes and messages, communication with a manager, output-only folders, and `verify`."""
from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sandbox.verdicts import Verdict
from solver.cli.main import app
from solver.judge.judging import Submission, judge_source
from solver.judge.scoring import shown
from solver.problems import load_problem

from .tps_packages import (ADDMUL_EXPECTED, REACH_EXPECTED, RELAY_EXPECTED, STATS_EXPECTED, addmul_package, judge,
                           reach_outputs, reach_package, relay_package, stats_package)


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
