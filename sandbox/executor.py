"""Run a program on one test: per-test limits, the run's verdict, checking; and the `TestJudge` a task type
implements (the batch one here, the others in sandbox/tasktypes/). Running many tests at once, in groups with
early stop and solo re-runs, is evaluation.py's."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from .checkers import CheckContext, Checker
from .compiler import Program
from .process import SIGXCPU, SIGXFSZ, ProcResult, ProcSpec
from .protocol import RunnerError
from .verdicts import TestResult, Verdict
from .worker import Worker

#: Runs queued ahead in a runner. With early stop a few tests past a failing one may still run: harmless, the
#: score is the same, and their results are kept.
PIPELINE_DEPTH = 4


@dataclass
class Limits:
    time_s: float
    memory_mib: int
    output_mib: int = 256
    processes: int = 1
    """Processes a test's program may have at once (threads do not count). CMS allows one; more lets a program
    hide CPU time in children the kernel reaps for it (SIGCHLD ignored), which no per-process count can see."""
    wall_s: float | None = None
    """Defaults to 2 x time + 1 s: generous enough for I/O, tight enough to stop sleepers."""

    @property
    def wall(self) -> float:
        return self.wall_s if self.wall_s is not None else 2 * self.time_s + 1.0

    @property
    def memory_kib(self) -> int:
        return self.memory_mib * 1024

    @property
    def output_bytes(self) -> int:
        return self.output_mib * 1024 * 1024

    @property
    def output_cap_kib(self) -> int:
        """What the runner lets a program write (RLIMIT_FSIZE, in KiB): one KiB past the limit, so output exactly
        at the limit is told apart from output over it (which is OLE)."""
        return self.output_mib * 1024 + 1


@dataclass
class TestCase:
    __test__ = False  # not a pytest class, despite the name

    name: str
    input_path: Path
    answer_path: Path | None = None

    def read_input(self) -> bytes:
        return self.input_path.read_bytes()

    def read_answer(self) -> bytes:
        return self.answer_path.read_bytes() if self.answer_path else b""


def classify_run(r: ProcResult, limits: Limits) -> tuple[Verdict | None, str]:
    """The verdict a finished run earns before any checking; None means it ran cleanly."""
    if r.setup_failed:
        return Verdict.JE, f"sandbox could not start the program ({r.killed})"
    if r.exit_code == 127 and b"cpsolve-runner:" in r.stderr:
        return Verdict.JE, r.stderr.decode(errors="replace").strip()[-300:]
    if r.killed in ("cpu", "wall") or r.cpu_s > limits.time_s or r.signal == SIGXCPU:
        kind = "wall-clock" if r.killed == "wall" else "CPU"
        return Verdict.TLE, f"{kind} time limit exceeded ({r.cpu_s:.3f} s CPU, {r.wall_s:.3f} s wall)"
    if r.killed == "mem" or r.rss_kib > limits.memory_kib:
        return Verdict.MLE, f"memory limit exceeded ({r.rss_kib / 1024:.1f} MiB)"
    if r.killed == "nproc":
        return Verdict.RE, f"too many processes (more than {limits.processes})"
    if r.signal == SIGXFSZ or len(r.stdout) > limits.output_bytes:
        return Verdict.OLE, f"output limit exceeded ({limits.output_mib} MiB)"
    if r.signal:
        return Verdict.RE, f"killed by signal {r.signal}"
    if r.exit_code != 0:
        return Verdict.RE, f"exit code {r.exit_code}"
    return None, ""


def program_spec(worker: Worker, program: Program, test: TestCase, limits: Limits, input_file: str = "",
                 output_file: str = "") -> ProcSpec:
    """How to run the program on one test: staged binary, staged input, the test's limits. With named files the
    input is copied into the box under `input_file` and `output_file` is what comes back as the output."""
    binary = worker.stage_program(program)
    stdin = worker.stage_file(test.input_path)
    worker.container.ensure_memory(limits.memory_mib)
    spec = ProcSpec(
        argv=program.language.run_argv(binary),
        cpu_s=limits.time_s,
        wall_s=limits.wall,
        mem_kib=limits.memory_kib,
        stack_kib=limits.memory_kib,  # IOI practice: the stack may use all the memory
        out_kib=limits.output_cap_kib,
        nproc=limits.processes,
        stdin=stdin,
    )
    if input_file:
        spec.stdin = "-"
        spec.copies = [(stdin, input_file)]
    if output_file:
        spec.outfile = output_file
    return spec


def run_program(worker: Worker, program: Program, test: TestCase, limits: Limits) -> ProcResult:
    """One run of the program on one test, in a fresh box, as the contestant."""
    spec = program_spec(worker, program, test, limits)
    return worker.contestant.run([spec], box=worker.contestant.box("program"))[0]


def finish_test(worker: Worker, test: TestCase, r: ProcResult, limits: Limits, checker: Checker) -> TestResult:
    """Name the verdict of a finished run, asking the checker when the program ran cleanly."""
    if r.skipped:
        return TestResult.skipped(test.name)
    base = dict(name=test.name, time=r.cpu_s, wall=r.wall_s, memory_kib=r.rss_kib, exit_code=r.exit_code,
                signal=r.signal, stderr_tail=r.stderr[-2000:].decode(errors="replace"))
    verdict, message = classify_run(r, limits)
    if verdict is not None:
        return TestResult(verdict=verdict, message=message, **base)
    ctx = CheckContext(
        test_name=test.name,
        output=r.stdout,
        load_input=test.read_input,
        load_answer=test.read_answer,
        stage_input=lambda: worker.stage_file(test.input_path),
        stage_answer=lambda: worker.stage(test.read_answer(), secret=True),
        worker=worker,
    )
    try:
        outcome = checker.check(ctx)
    except RunnerError as e:
        worker.reset_judge()
        return TestResult(verdict=Verdict.JE, message=f"checker sandbox error: {e}", **base)
    if outcome.judge_error:
        return TestResult(verdict=Verdict.JE, message=outcome.message, **base)
    if outcome.cost:  # kept as it is: only the subtask's threshold says pass (AC) or fail (WA)
        score = outcome.score
        verdict = Verdict.AC if score > 0.0 else Verdict.WA
    else:
        score = min(1.0, max(0.0, outcome.score))
        verdict = Verdict.AC if score >= 1.0 else Verdict.WA if score <= 0.0 else Verdict.PA
    return TestResult(verdict=verdict, score=score, message=outcome.message, points=outcome.raw_points, **base)


def judge_test(worker: Worker, program: Program, test: TestCase, limits: Limits, checker: Checker) -> TestResult:
    try:
        r = run_program(worker, program, test, limits)
    except RunnerError as e:
        worker.reset_contestant()
        return TestResult(name=test.name, verdict=Verdict.JE, message=f"sandbox error: {e}")
    return finish_test(worker, test, r, limits, checker)


class TestJudge(Protocol):
    """How one task type runs and judges a test on a worker (see sandbox/tasktypes/).

    `send` queues the runs for a test, `receive` reads their results and names the verdict. A pipelined judge
    may have several tests sent before the first is received; others alternate send/receive."""

    pipelined: bool
    limits: Limits

    def send(self, worker: Worker, test: TestCase) -> None: ...

    def receive(self, worker: Worker, test: TestCase) -> TestResult: ...

    def abort(self, worker: Worker) -> None:
        """Forget a broken session after a protocol failure."""


class BatchJudge:
    """Batch: the program reads the test and writes an answer, which the checker judges."""

    pipelined = True

    def __init__(self, program: Program, limits: Limits, checker: Checker, input_file: str = "",
                 output_file: str = ""):
        self.program, self.limits, self.checker = program, limits, checker
        self.input_file, self.output_file = input_file, output_file
        self.group = ""
        """Set by the executor: queued runs of a failed group are skipped by the runner."""

    def send(self, worker: Worker, test: TestCase) -> None:
        spec = program_spec(worker, self.program, test, self.limits, self.input_file, self.output_file)
        worker.contestant.send_run([spec], box=worker.contestant.box("program"), group=self.group)

    def receive(self, worker: Worker, test: TestCase) -> TestResult:
        r = worker.contestant.read_results(1)[0]
        return finish_test(worker, test, r, self.limits, self.checker)

    def abort(self, worker: Worker) -> None:
        worker.reset_contestant()
