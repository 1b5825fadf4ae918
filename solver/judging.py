"""Judge one solution on one problem: compile, run every subtask's tests, score as CMS would."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from sandbox.checkers import BUILTIN, Checker, ExternalChecker, FloatChecker
from sandbox.compiler import CompileResult, compile_program
from sandbox.executor import evaluate
from sandbox.languages import Language, get_language
from sandbox.verdicts import TestResult, Verdict
from sandbox.worker import WorkerPool

from .problems.model import CheckerSpec, Problem
from .scoring import SubtaskResult, allows_early_stop, score_subtask


@dataclass
class Submission:
    problem: str
    language: str
    compile: CompileResult
    subtasks: list[SubtaskResult] = field(default_factory=list)

    @property
    def score(self) -> float:
        return round(sum(s.score for s in self.subtasks), 6)

    def to_json(self, max_score: float) -> dict:
        return {
            "problem": self.problem,
            "language": self.language,
            "compile": {"ok": self.compile.ok, "log": self.compile.log},
            "score": self.score,
            "max_score": max_score,
            "subtasks": [s.to_json() for s in self.subtasks],
        }


def build_checker(spec: CheckerSpec, pool: WorkerPool, image: str) -> Checker:
    """A checker object for the problem; program checkers are compiled (and cached) first."""
    if spec.kind == "float":
        return FloatChecker(spec.abs_tol, spec.rel_tol)
    if spec.kind in BUILTIN:
        return BUILTIN[spec.kind]()
    files = {name: path.read_bytes() for name, path in spec.files.items()}
    lang = get_language("python3" if spec.sources[0].endswith(".py") else "cpp17")
    worker = pool.acquire()
    try:
        result = compile_program(worker, lang, files, image, sources=spec.sources)
    finally:
        pool.release(worker)
    if not result.ok:
        raise RuntimeError(f"checker {spec.sources[0]} does not compile:\n{result.log}")
    return ExternalChecker(result.program, spec.kind)


def judge_source(problem: Problem, source: Path, language: Language, pool: WorkerPool, image: str,
                 checker: Checker | None = None, early_stop: bool = True,
                 on_result: Callable[[TestResult], None] | None = None) -> Submission:
    files = {_source_name(source, language): source.read_bytes()}
    worker = pool.acquire()
    try:
        compiled = compile_program(worker, language, files, image)
    finally:
        pool.release(worker)
    sub = Submission(problem=problem.id, language=language.name, compile=compiled)
    if not compiled.ok:
        sub.subtasks = [SubtaskResult(s.name, s.points, 0.0, Verdict.CE) for s in problem.subtasks]
        return sub
    checker = checker or build_checker(problem.checker, pool, image)
    stop = early_stop and all(allows_early_stop(s.score_type) for s in problem.subtasks)
    groups = [s.tests for s in problem.subtasks]
    per_group = evaluate(pool, compiled.program, problem.tests, groups, problem.limits, checker,
                         early_stop=stop, on_result=on_result)
    sub.subtasks = [
        score_subtask(s.name, s.points, s.score_type, results, problem.score_precision, s.threshold)
        for s, results in zip(problem.subtasks, per_group)
    ]
    return sub


def _source_name(source: Path, language: Language) -> str:
    # Python keeps its file name (tracebacks name it); C++ sources are compiled under a fixed name
    return source.name if language.name.startswith("python") else "sol" + (source.suffix or ".cpp")
