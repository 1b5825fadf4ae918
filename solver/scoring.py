"""CMS score types and the IOI rule across submissions.

A subtask's fraction comes from reducing its tests' outcomes; its score is fraction x points, rounded to the
task's precision. Across submissions (IOI 2017+) each subtask counts the best score any submission got on it.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Sequence

from sandbox.verdicts import TestResult, Verdict, worst


def reduce_outcomes(score_type: str, outcomes: Sequence[float], threshold: float = 1.0) -> float:
    if not outcomes:
        return 1.0
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
    """Once one outcome is 0 the subtask is worth 0 for these types, so its remaining tests need not run."""
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
    return {"name": t.name, "verdict": t.verdict.value, "time": round(t.time, 4), "wall": round(t.wall, 4),
            "memory_kib": t.memory_kib, "message": t.message}


def score_subtask(name: str, points: float, score_type: str, tests: list[TestResult], precision: int,
                  threshold: float = 1.0) -> SubtaskResult:
    if any(t.verdict is Verdict.SKIP for t in tests):
        fraction = 0.0  # a skipped test only exists because another one already scored 0
    else:
        fraction = reduce_outcomes(score_type, [t.score for t in tests], threshold)
    return SubtaskResult(name=name, max_score=points, score=round(fraction * points, precision),
                         verdict=worst(t.verdict for t in tests), tests=tests)


def best_over_submissions(per_submission: Sequence[Sequence[float]]) -> list[float]:
    """IOI 2017+: per subtask, the best score any submission got."""
    if not per_submission:
        return []
    return [max(col) for col in zip(*per_submission)]
