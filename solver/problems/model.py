"""The in-memory problem every loader produces and every consumer (judge, agent, reports) reads."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sandbox.executor import Limits, TestCase


@dataclass
class ProgramSource:
    """A program that comes with the package (checker, manager, interactor): its files and which to compile."""

    files: dict[str, Path] = field(default_factory=dict)
    """Name in the compile box -> file on disk (headers such as testlib.h included)."""
    sources: list[str] = field(default_factory=list)
    """Which of `files` are compiled, in order."""


@dataclass
class CheckerSpec(ProgramSource):
    kind: str = "tokens"
    """exact | tokens | whitediff | float | testlib | cms | kattis"""
    abs_tol: float = 1e-6
    rel_tol: float = 1e-6
    flags: tuple[str, ...] = ()
    """Extra arguments for Kattis output validators."""
    costs: bool = False
    """The checker's outcomes are costs, not fractions (a GroupThreshold task): any number, compared with each
    subtask's threshold. Set by load_problem from the score types."""


@dataclass
class FunctionHarness:
    """A LeetCode-style task: the submission defines a function, in `class Solution` or at top level, and the judge
    runs it inside a Python harness (solver/problems/harness.py) that reads the arguments from the test input, one
    JSON value a line, and prints the return value as canonical JSON."""

    function: str
    """The function's name (LiveCodeBench: `metadata.func_name`)."""
    starter_code: str = ""
    """The stub the contestant completes, shown in prompts."""


@dataclass
class TaskTypeSpec:
    """How submissions are compiled and run (CMS task types)."""

    kind: str = "batch"
    """batch | communication | interactive | output_only"""
    graders: dict[str, Path] = field(default_factory=dict)
    """Files compiled with or beside the submission: grader.cpp / stub.cpp and headers."""
    compile_with: list[str] = field(default_factory=list)
    """Which of `graders` are compiled before the submission (CMS: the grader or stub comes first)."""
    submission_name: str = ""
    """The file name the submission gets when compiled with a grader, e.g. `monuments.cpp` (stem only matters)."""
    input_file: str = ""
    """Batch: the file the program reads instead of stdin ("" = stdin)."""
    output_file: str = ""
    """Batch: the file the program writes instead of stdout ("" = stdout)."""
    num_processes: int = 1
    user_io: str = "std_io"
    manager: ProgramSource | None = None
    """Communication manager or interactor."""
    interactor_protocol: str = "kattis"
    outputs_allowed: bool = False
    """OutputOnly / BatchAndOutput: a submission may be output files."""
    harness: FunctionHarness | None = None
    """A function-call task in Python: the submission is wrapped in this harness before it is compiled."""


@dataclass
class Subtask:
    name: str
    points: float
    tests: list[str]
    score_type: str = "GroupMin"
    threshold: float = 1.0
    """Only for GroupThreshold."""
    constraints: str = ""
    """The subtask's extra constraints in words, when the package states them (for prompts)."""


@dataclass
class TimeRule:
    """Where a package's time limit comes from and, in formats that derive it from the accepted submissions
    (Kattis), how: limit = slowest accepted run x ac_to_time_limit, rounded; a time_limit_exceeded submission must
    still time out at the limit x time_limit_to_tle (solver/judge/timelimits.py applies it on this machine)."""

    origin: str = "problem.yaml time_limit"
    """What set Problem.limits.time_s, in words: a file and field, or a default."""
    derivable: bool = False
    """The format derives the limit from the accepted submissions, and the package did not fix it (a `.timelimit`
    export or a default does not count as fixing it)."""
    ac_to_time_limit: float = 1.0
    time_limit_to_tle: float = 1.0
    resolution: float | None = None
    """The derived limit is the smallest multiple of this many seconds (2023-07 and later); None: legacy rounding,
    to the nearest whole second."""


@dataclass
class Problem:
    id: str
    title: str
    root: Path
    limits: Limits
    subtasks: list[Subtask]
    tests: dict[str, TestCase]
    checker: CheckerSpec = field(default_factory=CheckerSpec)
    task_type: TaskTypeSpec = field(default_factory=TaskTypeSpec)
    score_precision: int = 2
    statement: str = ""
    statement_error: str = ""
    """Why `statement` is empty though the package ships one (a PDF without text), as one line naming the file.
    Judging needs no statement, so the package loads (with a warning); solving refuses."""
    samples: list[str] = field(default_factory=list)
    solutions: dict[str, list[Path]] = field(default_factory=dict)
    """Reference solutions by the class their folder names (accepted, partial, time_limit_exceeded, ...)."""
    expected_scores: dict[str, dict[str, float]] = field(default_factory=dict)
    """Declared per-subtask points of partial solutions: file name -> subtask name -> points."""
    format: str = "native"
    cpp: str = "cpp17"
    """The C++ dialect a `.cpp` submission is compiled as, unless one is asked for: IOI's packages use C++20."""
    python: str = "python3"
    """The interpreter a `.py` submission runs under, unless one is asked for: python3 (CPython, as CMS) or pypy3
    (as Kattis-run ICPC contests judge Python 3)."""
    time_rule: TimeRule = field(default_factory=TimeRule)
    """Where limits.time_s came from, and whether the format derives it from the accepted submissions."""
    has_official_tests: bool = True
    """False for a single statement file: only its samples exist, so nothing can be submitted for a score."""

    @property
    def max_score(self) -> float:
        return sum(s.points for s in self.subtasks)
