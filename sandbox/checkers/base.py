"""What every checker receives and returns.

A checker turns (input, contestant output, expected answer) into an outcome in [0, 1] and a message; the caller
names the verdict (AC for 1, WA for 0, PA in between, JE when the checker itself failed).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Protocol


@dataclass
class Outcome:
    score: float
    message: str = ""
    judge_error: bool = False
    """The checker crashed or reported FAIL: the package is at fault, not the submission."""
    raw_points: float | None = None
    """A score the checker gave in the package's own units (Kattis score.txt), kept for the scorer."""
    cost: bool = False
    """`score` is a cost for a GroupThreshold subtask (any number; the scorer compares it with the threshold)."""


@dataclass
class CheckContext:
    """Where the data of one test is. Host-side bytes are read lazily; container paths are staged on demand."""

    test_name: str
    output: bytes
    load_input: Callable[[], bytes]
    load_answer: Callable[[], bytes]
    stage_input: Callable[[], str] = field(default=lambda: "")
    """Container path of the input (readable by judge and contestant)."""
    stage_answer: Callable[[], str] = field(default=lambda: "")
    """Container path of the answer (judge only)."""
    worker: object = None


class Checker(Protocol):
    def check(self, ctx: CheckContext) -> Outcome: ...
