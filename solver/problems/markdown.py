"""A single problem file: Markdown with YAML front matter (limits, subtasks, samples). It has no official tests,
so `cpsolve solve` ends with the best candidate chosen by samples, stress tests and clustering.

---
id: twosum
title: Two Sum
time_limit: 1          # seconds
memory_limit: 256      # MiB
checker: tokens        # optional, as in problem.yaml
subtasks:
  - {name: small, points: 30, constraints: "n <= 1000"}
  - {name: full, points: 70, constraints: "n <= 200000"}
samples:
  - input: "3\\n1 2 3\\n"
    output: "6\\n"
---
The statement, in Markdown.
"""
from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from sandbox.executor import Limits, TestCase

from .errors import ProblemFormatError, pydantic_error
from .model import CheckerSpec, Problem, Subtask, TimeRule
from .native import BUILTIN_CHECKERS


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SampleYaml(_Strict):
    input: str
    output: str


class SubtaskYaml(_Strict):
    name: str
    points: float = Field(ge=0)
    constraints: str = ""


class FrontMatter(_Strict):
    id: str
    title: str = ""
    time_limit: float = Field(gt=0)
    memory_limit: int = Field(gt=0)
    checker: str = "tokens"
    subtasks: list[SubtaskYaml] = Field(min_length=1)
    samples: list[SampleYaml] = Field(min_length=1)


def is_markdown(path: Path) -> bool:
    return path.is_file() and path.suffix.lower() in (".md", ".markdown") and path.read_text()[:4] == "---\n"


def load_markdown(file: Path) -> Problem:
    text = file.read_text()
    parts = text.split("\n---", 1)
    if not text.startswith("---\n") or len(parts) < 2:
        raise ProblemFormatError(file, "", "expected YAML front matter between '---' lines at the top")
    try:
        raw = yaml.safe_load(parts[0][4:])
    except yaml.YAMLError as e:
        raise ProblemFormatError(file, "front matter", f"not valid YAML: {getattr(e, 'problem', e)}") from None
    if not isinstance(raw, dict):
        raise ProblemFormatError(file, "front matter", "expected a mapping")
    try:
        spec = FrontMatter.model_validate(raw)
    except ValidationError as e:
        raise pydantic_error(file, e) from None
    if spec.checker not in BUILTIN_CHECKERS:
        raise ProblemFormatError(file, "checker", f"expected one of {', '.join(BUILTIN_CHECKERS)}")
    statement = parts[1].split("\n", 1)[1] if "\n" in parts[1] else ""
    tests = _write_samples(file, spec)
    samples = list(tests)
    subtasks = [Subtask(name="samples", points=0.0, tests=samples)]
    subtasks += [Subtask(name=s.name, points=s.points, tests=[], constraints=s.constraints) for s in spec.subtasks]
    return Problem(id=spec.id, title=spec.title or spec.id, root=file.parent,
                   limits=Limits(time_s=spec.time_limit, memory_mib=spec.memory_limit), subtasks=subtasks,
                   time_rule=TimeRule(origin=f"{file.name} front matter time_limit"),
                   tests=tests, checker=CheckerSpec(kind=spec.checker), statement=statement.strip(),
                   samples=samples, format="markdown", has_official_tests=False)


def _write_samples(file: Path, spec: FrontMatter) -> dict[str, TestCase]:
    """Samples become files (the judge runs files), in a cache folder keyed by their content."""
    digest = hashlib.sha256(repr([(s.input, s.output) for s in spec.samples]).encode()).hexdigest()[:16]
    root = os.environ.get("CPSOLVE_CACHE") or os.path.join(os.path.expanduser("~"), ".cache", "cpsolve")
    folder = Path(root) / "samples" / f"{spec.id}-{digest}"
    folder.mkdir(parents=True, exist_ok=True)
    tests = {}
    for i, s in enumerate(spec.samples, 1):
        name = f"sample-{i}"
        for path, text in ((folder / f"{name}.in", s.input), (folder / f"{name}.ans", s.output)):
            if not path.exists():  # the folder is named by the content: a file there is already right
                # whole or not at all: another run loading the same samples may be judging with them now
                tmp = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}")
                tmp.write_text(text)
                tmp.replace(path)
        tests[name] = TestCase(name, folder / f"{name}.in", folder / f"{name}.ans")
    return tests
