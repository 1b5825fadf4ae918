"""Judge one submission on one problem: compile it as its task type requires, run every subtask's tests, score
as CMS would. A submission is a source file, or (OutputOnly, BatchAndOutput) a folder of output files."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from sandbox.checkers import BUILTIN, Checker, ExternalChecker, FloatChecker
from sandbox.compiler import CompileResult, Program, compile_program
from sandbox.evaluation import evaluate_with
from sandbox.executor import BatchJudge, Limits, TestJudge
from sandbox.languages import Language, detect_language, get_language
from sandbox.tasktypes import CommunicationJudge, InteractiveJudge, OutputOnlyJudge
from sandbox.verdicts import TestResult, Verdict
from sandbox.worker import WorkerPool

from .feedback import contestant_feedback
from ..problems.harness import wrap
from ..problems.model import CheckerSpec, Problem, ProgramSource
from .scoring import SubtaskResult, allows_early_stop, score_subtask


class JudgeSetupError(RuntimeError):
    """The package cannot be judged (its checker or manager does not compile, a grader is missing...)."""


@dataclass
class Submission:
    problem: str
    language: str
    compile: CompileResult
    subtasks: list[SubtaskResult] = field(default_factory=list)
    precision: int = 2

    @property
    def score(self) -> float:
        """The unrounded sum of the subtasks' unrounded scores (CMS ScoreTypeGroup.compute_score); `shown` rounds
        it for display."""
        return sum(s.score for s in self.subtasks)

    @property
    def subtask_scores(self) -> list[float]:
        return [s.score for s in self.subtasks]

    def history_entry(self, name: str, elapsed: float) -> dict:
        """What a contestant learns from one submission, as runs record it: per-subtask scores and CMS's
        `oi_restricted` view of each subtask (solver/judge/feedback.py), never test data."""
        return {"candidate": name, "compiled": self.compile.ok, "score": self.score,
                "subtasks": {s.name: s.score for s in self.subtasks},
                "feedback": contestant_feedback(self.subtasks), "elapsed": round(elapsed, 2)}

    def to_json(self, max_score: float) -> dict:
        return {
            "problem": self.problem,
            "language": self.language,
            "compile": {"ok": self.compile.ok, "log": self.compile.log},
            "score": self.score,
            "max_score": max_score,
            "score_precision": self.precision,
            "subtasks": [s.to_json() for s in self.subtasks],
        }


def language_for(problem: Problem, source: Path, asked: str | None = None) -> Language | None:
    """The language to judge SOURCE in: the one asked for, else its extension's, with `.cpp` in the dialect and
    `.py` under the interpreter the problem's contest used. None for a folder (output files)."""
    if asked:
        return get_language(asked)
    if source.is_dir():
        return None
    language = detect_language(source)
    return get_language({"cpp": problem.cpp, "python": problem.python}.get(language.family, language.name))


def compile_package_program(source: ProgramSource, pool: WorkerPool, image: str, what: str) -> Program:
    """Compile a checker, manager or interactor shipped with the package (cached like any compile)."""
    files = {name: path.read_bytes() for name, path in source.files.items()}
    suffix = Path(source.sources[0]).suffix
    lang = get_language({".py": "python3", ".c": "c11"}.get(suffix, "cpp17"))
    worker = pool.acquire()
    try:
        result = compile_program(worker, lang, files, image, sources=source.sources)
    finally:
        pool.release(worker)
    if not result.ok:
        raise JudgeSetupError(f"{what} {source.sources[0]} does not compile:\n{result.log}")
    return result.program


def build_checker(spec: CheckerSpec, pool: WorkerPool, image: str) -> Checker:
    """A checker object for the problem; program checkers are compiled (and cached) first."""
    if spec.kind == "float":
        return FloatChecker(spec.abs_tol, spec.rel_tol)
    if spec.kind in BUILTIN:
        return BUILTIN[spec.kind]()
    return ExternalChecker(compile_package_program(spec, pool, image, "checker"), spec.kind, spec.flags,
                           costs=spec.costs)


def submission_files(problem: Problem, source: Path, language: Language) -> tuple[dict[str, bytes], list[str]]:
    """What is compiled for a submission: with a grader or stub, those files come first (CMS's order)."""
    tt = problem.task_type
    if tt.harness is not None:  # a function-call task: one Python file, the submission inside the harness
        if language.family != "python":
            raise JudgeSetupError(f"{problem.id}: a function-call task runs Python submissions only")
        return {source.name: wrap(source.read_bytes(), tt.harness.function)}, [source.name]
    if tt.compile_with:
        if language.family != "cpp":
            raise JudgeSetupError(f"{problem.id}: the package ships C++ graders only; submit C++")
        name = tt.submission_name or f"{problem.id}.cpp"
        files = {n: p.read_bytes() for n, p in tt.graders.items()}
        files[name] = source.read_bytes()
        return files, list(tt.compile_with) + [name]
    # Python keeps its file name (tracebacks name it); C++ sources are compiled under a fixed name
    name = source.name if language.family == "python" else "sol" + (source.suffix or ".cpp")
    return {name: source.read_bytes()}, [name]


def read_outputs(problem: Problem, folder: Path) -> dict[str, bytes]:
    """Output files of an output-only submission: `output_<test>.txt` (CMS) or `<test>.out` per test."""
    outputs = {}
    for name in problem.tests:
        for candidate in (folder / f"output_{name}.txt", folder / f"{name}.out", folder / f"{name}.txt"):
            if candidate.is_file():
                outputs[name] = candidate.read_bytes()
                break
    return outputs


def build_manager(problem: Problem, pool: WorkerPool, image: str) -> Program | None:
    """The Communication manager or the interactor, compiled (and cached); None for other task types."""
    tt = problem.task_type
    if tt.kind not in ("communication", "interactive"):
        return None
    return compile_package_program(tt.manager, pool, image, "manager" if tt.kind == "communication" else
                                   "interactor")


def make_judge(problem: Problem, program: Program | None, pool: WorkerPool, image: str,
               outputs: dict[str, bytes] | None = None, checker: Checker | None = None,
               manager: Program | None = None, limits: Limits | None = None) -> TestJudge:
    """How PROGRAM (or OUTPUTS) is judged on one test of PROBLEM. The checker and the manager are built here
    unless given: building takes a worker of its own, so a caller that holds one must build them first."""
    tt = problem.task_type
    limits = limits or problem.limits
    if outputs is not None:
        return OutputOnlyJudge(outputs, limits, checker or build_checker(problem.checker, pool, image))
    if tt.kind == "communication":
        manager = manager or build_manager(problem, pool, image)
        return CommunicationJudge(program, manager, limits, tt.num_processes, tt.user_io)
    if tt.kind == "interactive":
        interactor = manager or build_manager(problem, pool, image)
        return InteractiveJudge(program, interactor, limits, tt.interactor_protocol, problem.checker.flags)
    if tt.kind == "batch":
        return BatchJudge(program, limits, checker or build_checker(problem.checker, pool, image),
                          tt.input_file, tt.output_file)
    raise JudgeSetupError(f"{problem.id}: a {tt.kind} task takes output files, not a program")


def judge_source(problem: Problem, source: Path, language: Language | None, pool: WorkerPool, image: str,
                 checker: Checker | None = None, early_stop: bool = True,
                 on_result: Callable[[TestResult], None] | None = None) -> Submission:
    """Judge a source file, or a folder of output files for tasks that accept outputs."""
    if source.is_dir():
        if not problem.task_type.outputs_allowed:
            raise JudgeSetupError(f"{source}: {problem.id} does not accept output files; submit a source file")
        outputs = read_outputs(problem, source)
        compiled = CompileResult(ok=True, log="", program=None, key="outputs")
        sub = Submission(problem.id, "outputs", compiled, precision=problem.score_precision)
        judge = make_judge(problem, None, pool, image, outputs=outputs, checker=checker)
        return _evaluate(problem, sub, judge, pool, early_stop, on_result)
    files, sources = submission_files(problem, source, language)
    worker = pool.acquire()
    try:
        compiled = compile_program(worker, language, files, image, sources=sources)
    finally:
        pool.release(worker)
    sub = Submission(problem.id, language.name, compiled, precision=problem.score_precision)
    if not compiled.ok:
        failed = Verdict.JE if compiled.judge_error else Verdict.CE  # a compiler out of time is the judge's fault
        sub.subtasks = [SubtaskResult(s.name, s.points, 0.0, failed) for s in problem.subtasks]
        return sub
    judge = make_judge(problem, compiled.program, pool, image, checker=checker)
    return _evaluate(problem, sub, judge, pool, early_stop, on_result)


def _evaluate(problem: Problem, sub: Submission, judge: TestJudge, pool: WorkerPool, early_stop: bool,
              on_result) -> Submission:
    stop = early_stop and all(allows_early_stop(s.score_type) for s in problem.subtasks)
    groups = [s.tests for s in problem.subtasks]
    per_group = evaluate_with(pool, judge, problem.tests, groups, early_stop=stop, on_result=on_result)
    sub.subtasks = [
        score_subtask(s.name, s.points, s.score_type, results, s.threshold)
        for s, results in zip(problem.subtasks, per_group)
    ]
    return sub
