"""Kattis test data groups as score types: what a loader records in Subtask.score_type and the judge reduces
(solver/judge/scoring.py). It sits with the problem model so the loaders need nothing from the judge."""
from __future__ import annotations

from dataclasses import dataclass
from statistics import fmean
from typing import Sequence

from sandbox.verdicts import TestResult, Verdict

_KATTIS_AGGREGATES = {"sum": sum, "min": min, "max": max, "avg": fmean}


@dataclass(frozen=True)
class KattisGrading:
    """A Kattis test data group scored the way problemtools' default grader scores it.

    A test's points are what the output validator wrote to score.txt, else `accept` when accepted and `reject`
    when not; the group reduces them with `aggregate` (sum, min, max, avg). With on_reject=break the tests after
    the first rejected one do not count (Kattis stops judging the group there). The subtask's points cap the
    result. Carried in Subtask.score_type as text, e.g. `KattisSum accept=10.0 reject=0.0 on_reject=break`, so
    the problem model and the judge need no Kattis-only fields.
    """

    aggregate: str = "sum"
    accept: float = 1.0
    reject: float = 0.0
    on_reject: str = "break"

    def __post_init__(self):
        if self.aggregate not in _KATTIS_AGGREGATES:
            raise ValueError(f"unknown Kattis score aggregation {self.aggregate!r}")
        if self.on_reject not in ("break", "continue"):
            raise ValueError(f"unknown Kattis on_reject {self.on_reject!r}")

    @property
    def score_type(self) -> str:
        return (f"Kattis{self.aggregate.capitalize()} accept={self.accept!r} reject={self.reject!r} "
                f"on_reject={self.on_reject}")

    @classmethod
    def parse(cls, score_type: str) -> KattisGrading | None:
        """The grading a `Kattis...` score type names (None for the CMS types); missing keys take the defaults."""
        words = score_type.split()
        if not words or not words[0].startswith("Kattis"):
            return None
        opts = dict(w.split("=", 1) for w in words[1:] if "=" in w)
        try:
            return cls(aggregate=words[0][len("Kattis"):].lower(), accept=float(opts.get("accept", 1.0)),
                       reject=float(opts.get("reject", 0.0)), on_reject=opts.get("on_reject", "break"))
        except ValueError as e:
            raise ValueError(f"bad Kattis score type {score_type!r}: {e}") from None

    def test_points(self, t: TestResult) -> float:
        if t.verdict is not Verdict.AC:
            return self.reject
        return t.points if t.points is not None else self.accept

    def group_points(self, tests: Sequence[TestResult]) -> float:
        counted = []
        for t in tests:
            counted.append(self.test_points(t))
            if self.on_reject == "break" and t.verdict is not Verdict.AC:
                break  # a SKIP only ever follows a rejection, so this is where Kattis stopped too
        return _KATTIS_AGGREGATES[self.aggregate](counted) if counted else 0.0
