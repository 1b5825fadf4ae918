"""The native package format: problem.yaml + tests/NAME.in|.ans (+ checker/, solutions/<expected>/...)."""
from __future__ import annotations

import fnmatch
from pathlib import Path
from typing import Literal, Union

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from sandbox.executor import Limits, TestCase

from .errors import ProblemFormatError, pydantic_error
from .model import CheckerSpec, Problem, Subtask

ANSWER_SUFFIXES = (".ans", ".out")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FloatCheckerYaml(_Strict):
    type: Literal["float"]
    abs_tol: float = 1e-6
    rel_tol: float = 1e-6


class ProgramCheckerYaml(_Strict):
    type: Literal["testlib", "cms", "kattis"]
    source: str
    """Path of the checker source, relative to the package."""
    include: list[str] = []
    """Extra files copied next to it (testlib.h)."""


class SubtaskYaml(_Strict):
    name: str
    points: float = Field(ge=0)
    tests: list[str]
    """Test names or shell globs over tests/ (`small-*`)."""
    score_type: Literal["GroupMin", "GroupMul", "GroupThreshold", "Sum"] | None = None
    threshold: float = 1.0


class ProblemYaml(_Strict):
    id: str
    title: str = ""
    time_limit: float = Field(gt=0, description="seconds")
    memory_limit: int = Field(gt=0, description="MiB")
    output_limit: int = Field(256, gt=0, description="MiB")
    checker: Union[Literal["exact", "tokens", "whitediff", "float"], FloatCheckerYaml, ProgramCheckerYaml] = "tokens"
    score_type: Literal["GroupMin", "GroupMul", "GroupThreshold", "Sum"] = "GroupMin"
    score_precision: int = Field(2, ge=0, le=6)
    subtasks: list[SubtaskYaml] = Field(min_length=1)
    samples: list[str] = []


def is_native(path: Path) -> bool:
    return (path / "problem.yaml").is_file()


def load_native(root: Path) -> Problem:
    file = root / "problem.yaml"
    try:
        raw = yaml.safe_load(file.read_text())
    except yaml.YAMLError as e:
        raise ProblemFormatError(file, "", f"not valid YAML ({str(e).splitlines()[0]})") from None
    if not isinstance(raw, dict):
        raise ProblemFormatError(file, "", "expected a mapping at the top level")
    try:
        spec = ProblemYaml.model_validate(raw)
    except ValidationError as e:
        raise pydantic_error(file, e) from None

    tests = _find_tests(root / "tests", file)
    subtasks = []
    for i, st in enumerate(spec.subtasks):
        names = _expand(st.tests, tests, file, f"subtasks.{i}.tests")
        subtasks.append(Subtask(name=st.name, points=st.points, tests=names,
                                score_type=st.score_type or spec.score_type, threshold=st.threshold))
    samples = _expand(spec.samples, tests, file, "samples") if spec.samples else []
    statement_file = root / "statement.md"
    return Problem(
        id=spec.id,
        title=spec.title or spec.id,
        root=root,
        limits=Limits(time_s=spec.time_limit, memory_mib=spec.memory_limit, output_mib=spec.output_limit),
        subtasks=subtasks,
        tests=tests,
        checker=_checker(spec.checker, root, file),
        score_precision=spec.score_precision,
        statement=statement_file.read_text() if statement_file.exists() else "",
        samples=samples,
    )


def _find_tests(folder: Path, file: Path) -> dict[str, TestCase]:
    if not folder.is_dir():
        raise ProblemFormatError(file, "tests", f"folder {folder} is missing")
    tests = {}
    for inp in sorted(folder.glob("*.in")):
        answer = next((inp.with_suffix(s) for s in ANSWER_SUFFIXES if inp.with_suffix(s).exists()), None)
        if answer is None:
            raise ProblemFormatError(file, "tests", f"{inp.name} has no .ans or .out beside it")
        tests[inp.stem] = TestCase(inp.stem, inp, answer)
    if not tests:
        raise ProblemFormatError(file, "tests", f"no *.in files in {folder}")
    return tests


def _expand(patterns: list[str], tests: dict[str, TestCase], file: Path, field: str) -> list[str]:
    names: list[str] = []
    for pat in patterns:
        matched = [n for n in tests if fnmatch.fnmatchcase(n, pat)]
        if not matched:
            raise ProblemFormatError(file, field, f"{pat!r} matches no test in tests/")
        names += [n for n in matched if n not in names]
    return names


def _checker(spec, root: Path, file: Path) -> CheckerSpec:
    if isinstance(spec, str):
        return CheckerSpec(kind=spec)
    if isinstance(spec, FloatCheckerYaml):
        return CheckerSpec(kind="float", abs_tol=spec.abs_tol, rel_tol=spec.rel_tol)
    files = {}
    for rel in [spec.source, *spec.include]:
        path = root / rel
        if not path.is_file():
            raise ProblemFormatError(file, "checker", f"{rel} does not exist")
        files[path.name] = path
    return CheckerSpec(kind=spec.type, files=files, sources=[Path(spec.source).name])
