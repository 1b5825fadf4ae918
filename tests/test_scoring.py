"""Scores exactly as CMS computes them. Every expected value is worked out by hand from CMS's rules, cited per
test (cms-dev/cms at c3659b81):

- ScoreTypeGroup.compute_score (cms/grading/scoretypes/abc.py): per subtask `st_score = reduce(outcomes) *
  max_score`, added unrounded (`score += st_score`); `round(st_score, score_precision)` is kept for display only.
- GroupMin.reduce: `min(outcomes)`; GroupMul.reduce: the product; GroupThreshold.reduce: 1.0 when every
  outcome is a cost with `0 < outcome <= threshold`, else 0.0.
- IOI since 2017, the ranking (cmsranking/Scoring.py, and cms-dev/cms 4a78f75a "Fix RWS to follow IOI rounding
  rules"): per subtask the maximum over submissions of the unrounded `st_score`, summed; rounded when shown.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from sandbox.compiler import CompileResult
from sandbox.executor import Limits
from sandbox.verdicts import TestResult as Result
from sandbox.verdicts import Verdict
from solver.batch import solutions_result
from solver.judge.judging import Submission
from solver.problems.model import Problem, Subtask
from solver.reports.report import ProblemReport, Report, render_markdown
from solver.judge.scoring import best_over_submissions, reduce_outcomes, score_subtask, shown


def outcome(name: str, score: float) -> Result:
    verdict = Verdict.AC if score >= 1.0 else Verdict.WA if score <= 0.0 else Verdict.PA
    return Result(name=name, verdict=verdict, score=score)


THIRD = 1 / 3


def three_thirds() -> Submission:
    """Three 10-point GroupMin subtasks, each test worth a third: every subtask scores 10/3."""
    sub = Submission("thirds", "cpp17", CompileResult(ok=True, log="", program=None, key="k"), precision=2)
    sub.subtasks = [score_subtask(f"st{i}", 10.0, "GroupMin", [outcome(f"t{i}", THIRD)]) for i in (1, 2, 3)]
    return sub


def test_a_submission_adds_unrounded_subtask_scores():
    # ScoreTypeGroup: score = 3 * (1/3 * 10) = 10.0; rounding each subtask first (3.33 * 3) would give 9.99
    sub = three_thirds()
    assert [s.score for s in sub.subtasks] == pytest.approx([10 / 3] * 3)
    assert shown(sub.score, 2) == "10"
    assert [shown(s.score, 2) for s in sub.subtasks] == ["3.33"] * 3  # each subtask is shown rounded
    assert sub.to_json(30.0)["score"] == pytest.approx(10.0)


def test_the_terminal_table_shows_the_cms_total():
    from rich.console import Console

    from solver.reports.terminal import submission_table

    console = Console(width=120, record=True)
    console.print(submission_table(thirds_problem(Path(".")), three_thirds()))
    text = console.export_text()
    assert "10/30" in text and "9.99" not in text and "3.33/10" in text


@pytest.mark.parametrize("precision, expected", [(0, "3"), (1, "3.3"), (2, "3.33"), (4, "3.3333")])
def test_shown_rounds_to_the_task_precision(precision, expected):
    # CMS: round(st_score, score_precision) for display
    assert shown(10 / 3, precision) == expected


def test_group_mul_multiplies_outcomes_unrounded():
    # GroupMul.reduce: 0.5 * 0.5 * (1/3) = 1/12 of 7 points = 0.58333.. (shown 0.58)
    st = score_subtask("m", 7.0, "GroupMul", [outcome("a", 0.5), outcome("b", 0.5), outcome("c", THIRD)])
    assert st.score == pytest.approx(7 / 12)
    assert shown(st.score) == "0.58"


def test_group_threshold_outcomes_are_costs():
    # GroupThreshold.reduce: full points iff every outcome (a cost) is in (0, threshold]; 0 means failed
    costs = [outcome("a", 0.5), outcome("b", 3.0), outcome("c", 4.0)]
    assert score_subtask("t", 20.0, "GroupThreshold", costs, threshold=4.0).score == 20.0
    assert score_subtask("t", 20.0, "GroupThreshold", costs, threshold=3.5).score == 0.0  # 4.0 > 3.5
    with_zero = costs + [outcome("d", 0.0)]
    assert score_subtask("t", 20.0, "GroupThreshold", with_zero, threshold=10.0).score == 0.0


def test_group_threshold_verdicts_follow_the_costs():
    # GroupThreshold.get_public_outcome: "Correct" iff 0 < outcome <= threshold, else "Not correct"; a cost of
    # 0.5 is a pass (not a partial score), a cost of 1.0 over a threshold of 0.8 a failure (not an accept)
    passed = score_subtask("t", 5.0, "GroupThreshold", [outcome("a", 0.5)], threshold=0.8)
    assert passed.verdict is Verdict.AC and [t.verdict for t in passed.tests] == [Verdict.AC]
    failed = score_subtask("t", 5.0, "GroupThreshold", [outcome("a", 0.5), outcome("b", 1.0)], threshold=0.8)
    assert failed.verdict is Verdict.WA and [t.verdict for t in failed.tests] == [Verdict.AC, Verdict.WA]
    timed_out = Result(name="c", verdict=Verdict.TLE, score=0.0)
    assert score_subtask("t", 5.0, "GroupThreshold", [outcome("a", 0.5), timed_out], 0.8).verdict is Verdict.TLE


def test_empty_subtasks_score_as_cms_reduces_nothing():
    # GroupThreshold: all(...) over no outcomes is True -> 1.0; Sum adds no terms -> 0.0; GroupMin's min([]) and
    # GroupMul's reduce() over nothing raise in CMS, so such a subtask has no score at all
    assert reduce_outcomes("GroupThreshold", [], 5.0) == 1.0
    assert reduce_outcomes("Sum", []) == 0.0
    for kind in ("GroupMin", "GroupMul"):
        with pytest.raises(ValueError, match="cannot be scored"):
            reduce_outcomes(kind, [])


def test_ioi_keeps_the_unrounded_best_of_each_subtask():
    # IOI ranking: per subtask the max over submissions of the unrounded st_score. A gets 10/3 on st1 and st3,
    # B 10/3 on st2: best = (10/3, 10/3, 10/3), total 10.0 shown "10" (rounded maxima would add to 9.99)
    a = [10 / 3, 0.0, 10 / 3]
    b = [0.0, 10 / 3, 0.0]
    best = best_over_submissions([a, b])
    assert best == pytest.approx([10 / 3] * 3)
    assert shown(sum(best)) == "10"


def thirds_problem(root: Path) -> Problem:
    return Problem(id="thirds", title="Thirds", root=root, limits=Limits(time_s=1.0, memory_mib=64), tests={},
                   subtasks=[Subtask(f"st{i}", 10.0, [f"t{i}"]) for i in (1, 2, 3)], score_precision=2)


def test_batch_totals_and_reports_use_the_unrounded_maxima(tmp_path: Path):
    # the same two submissions through the batch's IOI rule and the report: total 10, not 9.99
    history = [{"candidate": "a.cpp", "compiled": True, "score": 20 / 3,
                "subtasks": {"st1": 10 / 3, "st2": 0.0, "st3": 10 / 3}},
               {"candidate": "b.cpp", "compiled": True, "score": 10 / 3,
                "subtasks": {"st1": 0.0, "st2": 10 / 3, "st3": 0.0}}]
    result = solutions_result(thirds_problem(tmp_path), history, tmp_path, 1.0)
    assert result["score"] == pytest.approx(10.0)
    assert [s["submission"] for s in result["subtasks"]] == [1, 2, 1]
    report = Report([ProblemReport(result)], {"contest": "IOI"})
    text = render_markdown(report)
    assert "**10**/30" in text and "**Total: 10 / 30**" in text and "9.99" not in text
    assert "| 1 | a.cpp | 6.67 |" in text and "st1: 3.33/10" in text
