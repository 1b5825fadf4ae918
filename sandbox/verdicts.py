"""The closed set of verdicts and the per-test record every layer above the sandbox shares."""
from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import Enum


class Verdict(str, Enum):
    AC = "AC"  # accepted
    WA = "WA"  # wrong answer
    PA = "PA"  # partially accepted: the checker gave a score strictly between 0 and 1
    TLE = "TLE"  # CPU time (or the wall-clock backstop) exceeded
    MLE = "MLE"  # peak resident memory exceeded
    RE = "RE"  # non-zero exit or killed by a signal
    OLE = "OLE"  # output larger than allowed
    CE = "CE"  # did not compile
    JE = "JE"  # judge error: the judge, checker or package failed, not the program
    SKIP = "SKIP"  # not run: its subtask was already lost

    @property
    def failed_run(self) -> bool:
        """True when the program itself did not finish cleanly within limits."""
        return self in (Verdict.TLE, Verdict.MLE, Verdict.RE, Verdict.OLE)


#: Verdicts ranked for summarising a subtask: the most telling failure wins.
SEVERITY = [Verdict.JE, Verdict.CE, Verdict.TLE, Verdict.MLE, Verdict.RE, Verdict.OLE, Verdict.WA, Verdict.PA,
            Verdict.SKIP, Verdict.AC]


def worst(verdicts) -> Verdict:
    """The verdict that best explains a group of tests (AC only when every one is AC)."""
    present = set(verdicts)
    for v in SEVERITY:
        if v in present and v is not Verdict.SKIP:
            return v
    return Verdict.SKIP if present else Verdict.AC


@dataclass
class TestResult:
    """One test of one submission."""

    name: str
    verdict: Verdict
    score: float = 0.0
    """Outcome in [0, 1] as CMS defines it: 1 accepted, 0 failed, in between partial; for a GroupThreshold task
    the checker's cost, any number (passed when 0 < cost <= the subtask's threshold)."""
    time: float = 0.0
    """CPU seconds, user + system."""
    wall: float = 0.0
    memory_kib: int = 0
    exit_code: int = 0
    signal: int = 0
    message: str = ""
    stderr_tail: str = ""
    points: float | None = None
    """The score a Kattis output validator wrote to score.txt, in the package's own units (None: it wrote none)."""

    def to_json(self) -> dict:
        d = asdict(self)
        d["verdict"] = self.verdict.value
        return d

    @classmethod
    def skipped(cls, name: str) -> "TestResult":
        return cls(name=name, verdict=Verdict.SKIP, message="skipped: subtask already failed")
