"""`cpsolve verify`: every reference solution of a package must get what its folder promises.

accepted -> full points; partial -> less than full (and exactly the declared points per subtask, if declared);
wrong_answer / runtime_error -> less than full; time_limit_exceeded -> less than full with a TLE somewhere.
The package tests the judge and the judge tests the package.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from sandbox.verdicts import Verdict
from sandbox.worker import WorkerPool

from .judging import Submission, judge_source, language_for
from ..problems.model import Problem
from .scoring import shown

EPS = 1e-6


@dataclass
class SolutionCheck:
    file: Path
    expected: str
    submission: Submission
    ok: bool
    why: str

    def to_json(self, problem: Problem) -> dict:
        return {"file": str(self.file), "expected": self.expected, "score": self.submission.score,
                "subtasks": [{"name": s.name, "score": s.score, "max_score": s.max_score, "verdict": s.verdict.value}
                             for s in self.submission.subtasks],
                "ok": self.ok, "why": self.why}


def expectation_met(problem: Problem, expected: str, sub: Submission, declared: dict[str, float] | None
                    ) -> tuple[bool, str]:
    full = sub.score >= problem.max_score - EPS
    verdicts = {t.verdict for s in sub.subtasks for t in s.tests} | {s.verdict for s in sub.subtasks}
    if declared:
        # declared points are what a person reads off the results: compare them with the scores as shown
        got = {s.name: round(s.score, sub.precision) for s in sub.subtasks}
        wrong = [f"{name}: expected {pts:g}, got {shown(got.get(name, 0), sub.precision)}" for name, pts in declared.items()
                 if abs(got.get(name, 0.0) - pts) > EPS]
        return (not wrong, "; ".join(wrong) or "declared points met")
    if expected == "accepted":
        return full, "full points" if full else f"{shown(sub.score, sub.precision)} of {problem.max_score:g}"
    if full:
        return False, f"expected less than full points for {expected}, got {shown(sub.score, sub.precision)}"
    if expected == "time_limit_exceeded" and Verdict.TLE not in verdicts:
        return False, "expected a TLE somewhere, got none"
    return True, f"{shown(sub.score, sub.precision)} of {problem.max_score:g}"


def verify_problem(problem: Problem, pool: WorkerPool, image: str,
                   on_solution: Callable[[SolutionCheck], None] | None = None) -> list[SolutionCheck]:
    checks = []
    for expected, files in problem.solutions.items():
        for file in files:
            sub = judge_source(problem, file, language_for(problem, file), pool, image)
            ok, why = expectation_met(problem, expected, sub, problem.expected_scores.get(str(file)))
            check = SolutionCheck(file, expected, sub, ok, why)
            checks.append(check)
            if on_solution:
                on_solution(check)
    return checks
