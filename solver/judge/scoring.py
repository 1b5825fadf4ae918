"""CMS score types, Kattis test data groups, and the IOI rule across submissions.

A subtask's fraction comes from reducing its tests' outcomes; its score is fraction x points. A Kattis group
(score type `Kattis...`) sums or takes the minimum of per-test points instead. Across submissions (IOI 2017+)
each subtask counts the best score any submission got on it.

Scores are carried unrounded wherever they are added or compared, and rounded to the task's `score_precision`
only when shown (`shown`), as CMS does: ScoreTypeGroup.compute_score (cms/grading/scoretypes/abc.py) adds
`st_score = fraction * max_score` unrounded and keeps `round(st_score, score_precision)` for display only.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Sequence

from sandbox.verdicts import TestResult, Verdict, worst

from ..problems.grading import KattisGrading


def reduce_outcomes(score_type: str, outcomes: Sequence[float], threshold: float = 1.0) -> float:
    """A subtask's fraction of its points, as CMS's score type reduces its tests' outcomes.

    With no outcomes CMS's own reductions decide: GroupThreshold's `all(...)` over nothing is 1.0 (full points),
    Sum adds no terms (0.0), while GroupMin's `min([])` and GroupMul's `reduce(...)` over nothing raise, so CMS
    cannot score such a subtask at all: the loaders refuse it, and here it is a judge-side error.
    """
    if not outcomes:
        if score_type == "GroupThreshold":
            return 1.0
        if score_type == "Sum":
            return 0.0
        raise ValueError(f"a {score_type} subtask without tests cannot be scored (CMS fails on it too)")
    if score_type == "GroupMin":
        return min(outcomes)
    if score_type == "GroupMul":
        return math.prod(outcomes)
    if score_type == "GroupThreshold":
        # CMS: the checker's outcome is a cost; the subtask is passed when every cost is in (0, threshold]
        return 1.0 if all(0.0 < o <= threshold for o in outcomes) else 0.0
    if score_type == "Sum":
        return sum(outcomes) / len(outcomes)
    raise ValueError(f"unknown score type {score_type!r}")


def allows_early_stop(score_type: str) -> bool:
    """Once one outcome is 0 the subtask is worth 0 for these types, so its remaining tests need not run. A Kattis
    group with on_reject=break ignores the tests after its first rejection, so they need not run either."""
    kattis = KattisGrading.parse(score_type)
    if kattis is not None:
        return kattis.on_reject == "break"
    return score_type in ("GroupMin", "GroupMul")


@dataclass
class SubtaskResult:
    name: str
    max_score: float
    score: float
    verdict: Verdict
    tests: list[TestResult] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"name": self.name, "max_score": self.max_score, "score": self.score,
                "verdict": self.verdict.value, "tests": [_test_json(t) for t in self.tests]}


def _test_json(t: TestResult) -> dict:
    d = {"name": t.name, "verdict": t.verdict.value, "time": round(t.time, 4), "wall": round(t.wall, 4),
         "memory_kib": t.memory_kib, "message": t.message}
    if t.points is not None:
        d["points"] = t.points
    return d


def score_subtask(name: str, points: float, score_type: str, tests: list[TestResult],
                  threshold: float = 1.0) -> SubtaskResult:
    """The subtask's unrounded score (CMS: `st_score = fraction * max_score`); round it only to show it."""
    kattis = KattisGrading.parse(score_type)
    if kattis is not None:
        score = min(points, max(0.0, kattis.group_points(tests)))
        return SubtaskResult(name=name, max_score=points, score=score,
                             verdict=worst(t.verdict for t in tests), tests=tests)
    if score_type == "GroupThreshold":
        tests = [_as_cost(t, threshold) for t in tests]
    if any(t.verdict is Verdict.SKIP for t in tests):
        fraction = 0.0  # a skipped test only exists because another one already scored 0
    else:
        fraction = reduce_outcomes(score_type, [t.score for t in tests], threshold)
    return SubtaskResult(name=name, max_score=points, score=fraction * points,
                         verdict=worst(t.verdict for t in tests), tests=tests)


def _as_cost(t: TestResult, threshold: float) -> TestResult:
    """A checked test of a GroupThreshold subtask: its outcome is a cost, so it passes (AC) when 0 < cost <=
    threshold and fails (WA) otherwise (CMS GroupThreshold.get_public_outcome), whatever the cost's size."""
    if t.verdict not in (Verdict.AC, Verdict.PA, Verdict.WA):
        return t  # it did not run to the end (TLE, RE, ...): no cost to judge
    return replace(t, verdict=Verdict.AC if 0.0 < t.score <= threshold else Verdict.WA)


def best_over_submissions(per_submission: Sequence[Sequence[float]]) -> list[float]:
    """IOI 2017+: per subtask, the best unrounded score any submission got; their sum is the task's score.

    This is CMS's ranking (cmsranking/Scoring.py sums the per-subtask maxima of the unrounded `st_score` each
    submission reports since cms-dev/cms 4a78f75a, "Fix RWS to follow IOI rounding rules"). CMS's contestant page
    (`_task_score_max_subtask` in cms/grading/scoring.py) takes the maxima of the subtask scores already rounded
    for display, which can differ in the last shown digit; the ranking is what decides medals.
    """
    if not per_submission:
        return []
    return [max(col) for col in zip(*per_submission)]


def shown(points: float, precision: int = 2) -> str:
    """A score as shown to people: rounded to the task's `score_precision` here and nowhere else, trailing zeros
    dropped (10, 3.33, 9.5)."""
    text = f"{round(points, precision):.{precision}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
