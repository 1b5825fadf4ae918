"""The agent's use of the judge: compile candidates, run samples, run programs on generated inputs, compare.

All of it is synchronous sandbox work; the agent calls it through asyncio.to_thread so model calls keep flowing.
"""
from __future__ import annotations

import hashlib
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sandbox.checkers import CheckContext, Checker
from sandbox.compiler import CompileResult, Program, compile_program
from sandbox.executor import Limits, TestCase, classify_run, evaluate_with
from sandbox.languages import Language
from sandbox.protocol import ProcSpec, RunnerError
from sandbox.verdicts import TestResult, Verdict
from sandbox.worker import WorkerPool

from ..judging import build_checker, judge_source, make_judge, submission_files
from ..problems.model import Problem


@dataclass
class RunOutcome:
    """A program run on one generated input."""

    verdict: Verdict | None
    """None when it ran cleanly (then `output` is what it printed)."""
    message: str
    output: bytes
    time: float


class SandboxTools:
    def __init__(self, problem: Problem, pool: WorkerPool, image: str):
        self.problem, self.pool, self.image = problem, pool, image
        self._checker: Checker | None = None
        self._tmp = tempfile.TemporaryDirectory(prefix="cpsolve-agent-")

    def close(self) -> None:
        self._tmp.cleanup()

    @property
    def checker(self) -> Checker:
        if self._checker is None:
            self._checker = build_checker(self.problem.checker, self.pool, self.image)
        return self._checker

    def compile(self, source: str, language: Language, name: str) -> CompileResult:
        path = Path(self._tmp.name) / name
        path.write_text(source)
        files, sources = submission_files(self.problem, path, language)
        return self._with_worker(lambda w: compile_program(w, language, files, self.image, sources=sources))

    def compile_standalone(self, source: str, language: Language, name: str) -> CompileResult:
        """A helper program (brute force, generator) compiled alone, whatever the task type."""
        files = {name: source.encode()}
        return self._with_worker(lambda w: compile_program(w, language, files, self.image, sources=[name]))

    def run_samples(self, program: Program) -> list[TestResult]:
        names = list(self.problem.samples)
        if not names:
            return []
        judge = make_judge(self.problem, program, self.pool, self.image, checker=self.checker)
        return evaluate_with(self.pool, judge, self.problem.tests, [names], early_stop=False)[0]

    def run_on_input(self, program: Program, data: bytes, limits: Limits, args: list[str] = ()) -> RunOutcome:
        """Run a standalone program (stdin/stdout) on bytes, with arguments."""
        def go(worker) -> RunOutcome:
            binary = worker.stage(program.artifact, executable=True, name=program.binary_name)
            spec = ProcSpec(argv=program.language.run_argv(binary) + list(args), cpu_s=limits.time_s,
                            wall_s=limits.wall, mem_kib=limits.memory_kib, stack_kib=limits.memory_kib,
                            out_kib=limits.output_mib * 1024, stdin=worker.stage(data), nproc=limits.processes)
            try:
                r = worker.contestant.run([spec], box=worker.contestant.box("agent"))[0]
            except RunnerError as e:
                worker.reset_contestant()
                return RunOutcome(Verdict.JE, str(e), b"", 0.0)
            verdict, message = classify_run(r, limits)
            return RunOutcome(verdict, message, r.stdout, r.cpu_s)
        return self._with_worker(go)

    def compare(self, data: bytes, expected: bytes, got: bytes) -> tuple[float, str]:
        """The problem's checker, with a trusted program's output standing in for the answer."""
        folder = Path(self._tmp.name) / "cmp" / hashlib.sha256(data + b"\0" + expected).hexdigest()[:16]
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "t.in").write_bytes(data)
        (folder / "t.ans").write_bytes(expected)
        test = TestCase("generated", folder / "t.in", folder / "t.ans")

        def go(worker) -> tuple[float, str]:
            ctx = CheckContext(test_name=test.name, output=got, load_input=test.read_input,
                               load_answer=test.read_answer, stage_input=lambda: worker.stage_file(test.input_path),
                               stage_answer=lambda: worker.stage(expected, secret=True), worker=worker)
            outcome = self.checker.check(ctx)
            return (0.0, "checker failed: " + outcome.message) if outcome.judge_error else (outcome.score,
                                                                                             outcome.message)
        return self._with_worker(go)

    def judge(self, source: Path, language: Language):
        """A submission on the official tests, scored as CMS would (`solver.judging.judge_source`)."""
        return judge_source(self.problem, source, language, self.pool, self.image)

    def _with_worker(self, fn):
        worker = self.pool.acquire()
        try:
            return fn(worker)
        finally:
            self.pool.release(worker)


def stress_supported(problem: Problem) -> bool:
    """Brute-force comparison needs programs that read the input and print the output themselves: plain batch
    tasks. With graders, stubs or managers the printed output carries the grader's own protocol."""
    tt = problem.task_type
    return tt.kind == "batch" and not tt.compile_with and not tt.input_file and not tt.output_file
