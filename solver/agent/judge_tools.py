"""The agent's judge tools: compile candidates and helper programs, judge them on the samples and on generated
cases as the task type requires (alone, with the grader, against the manager or interactor), and keep what they
print.

Every judging call is one `evaluate_with` over a list of cases: one runner session per program per input set,
pipelined, never one sandbox round trip per input. All of it is synchronous sandbox work; the agent calls it
through asyncio.to_thread so model calls keep flowing.
"""
from __future__ import annotations

import shutil
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from sandbox.checkers import CheckContext, Checker, Outcome, TokensChecker
from sandbox.compiler import CompileResult, Program, compile_program
from sandbox.evaluation import evaluate_with
from sandbox.executor import PIPELINE_DEPTH, BatchJudge, Limits, TestCase, TestJudge, classify_run
from sandbox.languages import Language
from sandbox.process import ProcSpec
from sandbox.protocol import RunnerError
from sandbox.tasktypes import OutputOnlyJudge
from sandbox.verdicts import TestResult, Verdict
from sandbox.worker import WorkerPool

from ..judge.judging import Submission, build_checker, build_manager, judge_source, make_judge, submission_files
from ..problems.model import Problem


@dataclass
class Case:
    """A generated test: its input file, and the file the checker or interactor takes as the answer."""

    name: str
    input_path: Path
    answer_path: Path | None = None

    def test(self) -> TestCase:
        return TestCase(self.name, self.input_path, self.answer_path)


class CapturingChecker:
    """Keeps every output it is shown. Alone it accepts everything ("run it and keep what it printed", with
    any grader in between); around another checker it keeps the output and passes the verdict through."""

    def __init__(self, inner: Checker | None = None):
        self.inner = inner
        self.outputs: dict[str, bytes] = {}
        self._lock = threading.Lock()

    def __getstate__(self) -> dict:
        # sent to another machine (a Ray node) it judges there; what it keeps there stays there, so only the
        # inner checker travels (outputs come back through `JudgeTools.outputs` and `judge_keeping_outputs`)
        return {"inner": self.inner}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["inner"])

    def check(self, ctx: CheckContext) -> Outcome:
        with self._lock:
            self.outputs[ctx.test_name] = ctx.output
        return self.inner.check(ctx) if self.inner is not None else Outcome(1.0)


@dataclass
class Run:
    """A helper program (generator) run once with arguments."""

    verdict: Verdict | None
    """None when it ran cleanly (then `output` is what it printed)."""
    message: str
    output: bytes


def remote_call(method):
    """Declares a `JudgeTools` method callable on a sandbox node (`solver.distributed`): the node answers only
    these (`REMOTE_CALLS`), and `RemoteJudgeTools` forwards exactly these, so the two sides cannot drift."""
    method.remote_call = True
    return method


def batch_like(problem: Problem) -> bool:
    """The program prints an output that the checker judges (alone, with a grader, or writing the output files
    of an output-only task); otherwise a manager or an interactor judges it while it runs."""
    return problem.task_type.kind in ("batch", "output_only")


class JudgeTools:
    def __init__(self, problem: Problem, pool: WorkerPool, image: str):
        self.problem, self.pool, self.image = problem, pool, image
        self._checker: Checker | None = None
        self._manager: Program | None = None
        self._built = False
        self._build_lock = threading.Lock()
        self._tmp = tempfile.TemporaryDirectory(prefix="cpsolve-agent-")

    def close(self) -> None:
        self._tmp.cleanup()

    # ------------------------------------------------------------------ the package's own programs
    @remote_call
    def prepare(self) -> None:
        """Build the checker and the manager or interactor now, before any worker is held: building takes a
        worker of its own, so a lazy build under a held worker waits forever with `--jobs 1`."""
        with self._build_lock:
            if not self._built:
                self._checker = build_checker(self.problem.checker, self.pool, self.image)
                self._manager = build_manager(self.problem, self.pool, self.image)
                self._built = True

    @property
    def checker(self) -> Checker:
        self.prepare()
        return self._checker

    @property
    def batch_like(self) -> bool:
        return batch_like(self.problem)

    # ------------------------------------------------------------------ compiling
    @remote_call
    def compile(self, source: str, language: Language, name: str) -> CompileResult:
        """A candidate, compiled as the task type requires (with the grader or stub where there is one)."""
        path = Path(self._tmp.name) / name
        path.write_text(source)
        files, sources = submission_files(self.problem, path, language)
        return self._with_worker(lambda w: compile_program(w, language, files, self.image, sources=sources))

    @remote_call
    def compile_standalone(self, source: str, language: Language, name: str) -> CompileResult:
        """A helper program (generator, validator, answer maker) compiled alone, whatever the task type."""
        files = {name: source.encode()}
        return self._with_worker(lambda w: compile_program(w, language, files, self.image, sources=[name]))

    # ------------------------------------------------------------------ judging
    @remote_call
    def judge(self, program: Program, cases: Sequence[Case | TestCase], *, checker: Checker | None = None,
              limits: Limits | None = None, standalone: bool = False,
              early_stop: bool = False) -> list[TestResult]:
        """PROGRAM judged on CASES in one evaluate_with call, results in the order of CASES. `standalone` runs
        it as a plain stdin/stdout program (helpers), otherwise as the task type says. With early_stop the
        cases after the first failure may be SKIP."""
        if not cases:
            return []
        tests = {c.name: c.test() if isinstance(c, Case) else c for c in cases}
        judge = self._judge(program, checker, limits or self.problem.limits, standalone)
        return evaluate_with(self.pool, judge, tests, [list(tests)], early_stop=early_stop)[0]

    @remote_call
    def outputs(self, program: Program, cases: Sequence[Case | TestCase], *, limits: Limits | None = None,
                standalone: bool = False) -> list[tuple[TestResult, bytes | None]]:
        """Run PROGRAM on CASES and keep what it printed (None where it failed): a brute force's outputs,
        with the grader in between where the task has one."""
        capture = CapturingChecker()
        results = self.judge(program, cases, checker=capture, limits=limits, standalone=standalone)
        return [(r, capture.outputs.get(r.name) if r.verdict is Verdict.AC else None) for r in results]

    @remote_call
    def judge_keeping_outputs(self, program: Program, cases: Sequence[Case], *,
                              early_stop: bool = False) -> tuple[list[TestResult], dict[str, bytes]]:
        """Judge with the task's checker and keep the outputs it was shown (for feedback and signatures)."""
        capture = CapturingChecker(self.checker) if self.batch_like else None
        results = self.judge(program, cases, checker=capture, early_stop=early_stop)
        return results, (capture.outputs if capture else {})

    @remote_call
    def compare(self, pairs: Sequence[tuple[Case, bytes]], *, tokens: bool = False) -> list[TestResult]:
        """Outputs already in hand judged by the task's checker (or token by token), each case's answer file
        standing in for the expected answer: another program's output judged against a trusted one's."""
        if not pairs:
            return []
        checker = TokensChecker() if tokens else self.checker
        tests = {case.name: case.test() for case, _ in pairs}
        judge = OutputOnlyJudge({case.name: out for case, out in pairs}, self.problem.limits, checker)
        return evaluate_with(self.pool, judge, tests, [list(tests)], early_stop=False)[0]

    @remote_call
    def checker_judges_alone(self) -> bool:
        """Whether the task's checker judges an output's validity without the reference answer (a constructive
        task), read from the samples alone: on every sample, the sample's expected output judged against an
        EMPTY answer file, and against another sample's answer, is accepted, and an empty output is rejected.

        Sound for what a checker can do with the answer: one that reads it fails on an empty file (a judge
        error, which counts as "needs the answer"), and a token or float comparison accepts nothing but the
        empty output against an empty answer. A checker that reads the answer yet copes with its absence is
        caught by the foreign answer, where the samples' answers differ. Only the judge's own files are used:
        the samples are public, and nothing else is read."""
        if not self.batch_like or not self.problem.samples or self.problem.checker.costs:
            return False  # (a GroupThreshold checker's outcome is a cost, not a verdict on validity)
        samples = [self.problem.tests[n] for n in self.problem.samples]
        empty = Path(self._tmp.name) / "empty.ans"
        empty.write_bytes(b"")
        expected = [(Case(f"expected-{t.name}", t.input_path, empty), t.read_answer()) for t in samples]
        foreign = [(Case(f"foreign-{t.name}", t.input_path, other.answer_path), t.read_answer())
                   for t, other in zip(samples, samples[1:] + samples[:1])
                   if other.answer_path is not None and other.read_answer() != t.read_answer()]
        wrong = [(Case(f"empty-{t.name}", t.input_path, empty), b"") for t in samples]
        results = self.compare(expected + foreign + wrong)
        accepted, rejected = results[:len(expected) + len(foreign)], results[len(expected) + len(foreign):]
        return all(r.verdict is Verdict.AC and r.score >= 1.0 for r in accepted) and \
            all(r.verdict not in (Verdict.AC, Verdict.JE) and r.score < 1.0 for r in rejected)

    def write_outputs(self, program: Program, folder: Path, limits: Limits) -> Path:
        """An output-only submission from a program: run it on every input (public in such tasks) and write
        `output_<test>.txt` files, which `judge_source` takes as a folder. Failed runs leave no file."""
        return write_files(folder, self.output_files(program, limits))

    @remote_call
    def output_files(self, program: Program, limits: Limits) -> dict[str, bytes]:
        """What `write_outputs` writes: `output_<test>.txt` to its contents, for each test the program ran on."""
        tests = list(self.problem.tests.values())
        return {f"output_{result.name}.txt": output
                for result, output in self.outputs(program, tests, limits=limits, standalone=True)
                if output is not None}

    def judge_submission(self, source: Path, language: Language) -> Submission:
        """A submission (a source file, or an output-only task's folder of outputs) on the official tests,
        scored as CMS would (`solver.judge.judging.judge_source`)."""
        return judge_source(self.problem, source, language, self.pool, self.image)

    @remote_call
    def judge_files(self, name: str, files: dict[str, bytes] | None, data: bytes | None,
                    language: Language) -> Submission:
        """`judge_submission` of a submission sent as bytes (from another machine): one source file (DATA) under
        its own name (Python tracebacks and graders' #include name it), or an output-only task's folder NAME of
        FILES."""
        folder = Path(tempfile.mkdtemp(dir=self._tmp.name, prefix="sub-"))
        try:
            if files is not None:
                path = write_files(folder / name, files)
            else:
                path = folder / name
                path.write_bytes(data)
            return self.judge_submission(path, language)
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def _judge(self, program: Program, checker: Checker | None, limits: Limits, standalone: bool) -> TestJudge:
        if standalone or self.problem.task_type.kind == "output_only":
            # an output-only task's program writes the output files: it is judged like a batch program
            return BatchJudge(program, limits, checker or self.checker)
        self.prepare()
        return make_judge(self.problem, program, self.pool, self.image, checker=checker or self._checker,
                          manager=self._manager, limits=limits)

    # ------------------------------------------------------------------ helper runs
    @remote_call
    def run_many(self, program: Program, argvs: Sequence[Sequence[str]], limits: Limits) -> list[Run]:
        """A standalone program run once per argument list with empty stdin (generators): one worker, runs
        queued a few at a time in its runner."""
        def go(worker) -> list[Run]:
            binary = worker.stage_program(program)
            stdin = worker.stage(b"")

            def spec(args) -> ProcSpec:
                return ProcSpec(argv=program.language.run_argv(binary) + list(args), cpu_s=limits.time_s,
                                wall_s=limits.wall, mem_kib=limits.memory_kib, stack_kib=limits.memory_kib,
                                out_kib=limits.output_cap_kib, stdin=stdin, nproc=limits.processes)
            runs: list[Run] = []
            pending = list(argvs)
            box = worker.contestant.box("helper")
            try:
                while pending:
                    batch, pending = pending[:PIPELINE_DEPTH], pending[PIPELINE_DEPTH:]
                    for args in batch:
                        worker.contestant.send_run([spec(args)], box=box)
                    for _ in batch:
                        r = worker.contestant.read_results(1)[0]
                        verdict, message = classify_run(r, limits)
                        runs.append(Run(verdict, message, r.stdout))
            except RunnerError as e:
                worker.reset_contestant()
                runs += [Run(Verdict.JE, str(e), b"")] * (len(argvs) - len(runs))
            return runs
        return self._with_worker(go)

    def _with_worker(self, fn):
        worker = self.pool.acquire()
        try:
            return fn(worker)
        finally:
            self.pool.release(worker)


def write_files(folder: Path, files: dict[str, bytes]) -> Path:
    """FILES (name to contents) written into FOLDER, made when missing."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return folder


#: the one declaration of what a sandbox node may be asked: the methods marked `@remote_call`
REMOTE_CALLS = frozenset(name for name, member in vars(JudgeTools).items() if getattr(member, "remote_call", False))
