"""The in-memory problem every loader produces and every consumer (judge, agent, reports) reads."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sandbox.executor import Limits, TestCase


@dataclass
class CheckerSpec:
    kind: str = "tokens"
    """exact | tokens | whitediff | float | testlib | cms | kattis"""
    abs_tol: float = 1e-6
    rel_tol: float = 1e-6
    files: dict[str, Path] = field(default_factory=dict)
    """Source files of a program checker (headers such as testlib.h included)."""
    sources: list[str] = field(default_factory=list)
    """Which of `files` are compiled."""


@dataclass
class Subtask:
    name: str
    points: float
    tests: list[str]
    score_type: str = "GroupMin"
    threshold: float = 1.0
    """Only for GroupThreshold."""


@dataclass
class Problem:
    id: str
    title: str
    root: Path
    limits: Limits
    subtasks: list[Subtask]
    tests: dict[str, TestCase]
    checker: CheckerSpec = field(default_factory=CheckerSpec)
    score_precision: int = 2
    statement: str = ""
    samples: list[str] = field(default_factory=list)

    @property
    def max_score(self) -> float:
        return sum(s.points for s in self.subtasks)
