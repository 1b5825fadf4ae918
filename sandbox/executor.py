"""Run a program on tests: per-test limits, verdicts, checking, early stop, and solo re-runs of near-limit TLEs.

This is the judge's inner loop. It knows nothing of subtasks or points: it receives groups of test names (one per
subtask, in the order to run them) and returns one TestResult per test per group.
"""
from __future__ import annotations

import itertools
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Protocol, Sequence

from .checkers import CheckContext, Checker
from .compiler import Program
from .protocol import SIGXCPU, SIGXFSZ, ProcResult, ProcSpec, RunnerError
from .verdicts import TestResult, Verdict
from .worker import Worker, WorkerPool

_GROUP_IDS = itertools.count(1)

#: A test whose CPU time in a parallel run is within this factor of the limit is re-run alone before TLE stands.
SOLO_RERUN_FACTOR = 1.2
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
    binary = worker.stage(program.artifact, executable=True, name=program.binary_name)
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


def _needs_solo_rerun(result: TestResult, limits: Limits) -> bool:
    if result.verdict is not Verdict.TLE:
        return False
    # a wall-clock kill with little CPU used is what contention looks like; so is CPU just over the limit
    return result.time <= limits.time_s * SOLO_RERUN_FACTOR


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


class _Group:
    """The tests one group still needs, handed out in order; closed once a test of the group scores 0."""

    def __init__(self, names: list[str], early_stop: bool):
        self.pending = list(names)
        self.early_stop = early_stop
        self.failed = False


def evaluate(pool: WorkerPool, program: Program, tests: dict[str, TestCase], groups: Sequence[Sequence[str]],
             limits: Limits, checker: Checker, early_stop: bool = True,
             on_result: Callable[[TestResult], None] | None = None) -> list[list[TestResult]]:
    """Batch evaluation of a compiled program; see `evaluate_with`."""
    return evaluate_with(pool, BatchJudge(program, limits, checker), tests, groups, early_stop, on_result)


def evaluate_with(pool: WorkerPool, judge: TestJudge, tests: dict[str, TestCase], groups: Sequence[Sequence[str]],
                  early_stop: bool = True,
                  on_result: Callable[[TestResult], None] | None = None) -> list[list[TestResult]]:
    """Run every group's tests (a test shared by groups runs once) and return results aligned with `groups`.

    With early_stop, once a test of a group scores 0 the group's remaining tests are not started (SKIP);
    tests other groups still need are run for them. A pipelined judge keeps a few runs queued in each runner,
    so the round trip to the container hides behind the previous test; a run queued behind a crash or a
    time-out is skipped by the runner itself, while one queued behind a wrong answer (known only once the
    checker has spoken) still runs, and its result is kept."""
    results: dict[str, TestResult] = {}
    parallel = len(pool.workers) > 1
    rechecked: set[str] = set()
    lock = threading.Lock()
    limits = judge.limits

    def failed(group: Sequence[str]) -> bool:
        return any(results[n].score <= 0.0 for n in group if n in results)

    def record(res: TestResult, group: _Group | None) -> None:
        if res.verdict is Verdict.SKIP:
            return  # queued behind a failure and never run: another group may still need it
        with lock:
            results[res.name] = res
            if group is not None and group.early_stop and res.score <= 0.0:
                group.failed = True
        if on_result:
            on_result(res)

    def next_name(group: _Group, claimed: set[str]) -> str | None:
        with lock:
            while group.pending and not group.failed:
                name = group.pending.pop(0)
                if name not in results and name not in claimed:
                    claimed.add(name)
                    return name
            return None

    def drive(worker: Worker, group: _Group, claimed: set[str], depth: int) -> None:
        inflight: list[str] = []
        try:
            while True:
                while len(inflight) < depth and (name := next_name(group, claimed)) is not None:
                    inflight.append(name)
                    judge.send(worker, tests[name])
                if not inflight:
                    return
                name = inflight[0]
                res = judge.receive(worker, tests[name])
                inflight.pop(0)
                record(res, group)
        except RunnerError as e:
            judge.abort(worker)
            for name in inflight:
                record(TestResult(name=name, verdict=Verdict.JE, message=f"sandbox error: {e}"), group)

    def run_group(names: list[str], depth: int) -> None:
        group = _Group(names, early_stop)
        claimed: set[str] = set()
        if parallel and len(names) > 1:
            def on_worker(_: int) -> None:
                worker = pool.acquire()
                try:
                    drive(worker, group, claimed, depth)
                finally:
                    pool.release(worker)
            with ThreadPoolExecutor(len(pool.workers)) as ex:
                list(ex.map(on_worker, range(len(pool.workers))))
        else:
            worker = pool.acquire()
            try:
                drive(worker, group, claimed, depth)
            finally:
                pool.release(worker)

    depth = PIPELINE_DEPTH if judge.pipelined else 1
    while True:
        for names in groups:
            if early_stop and failed(names):
                continue
            todo = [n for n in names if n not in results]
            if todo:
                if early_stop and hasattr(judge, "group"):
                    # unique for the life of the process: runners remember failed groups for their whole session
                    judge.group = f"g{next(_GROUP_IDS)}"
                run_group(todo, depth)
        suspects = [n for n, r in results.items()
                    if parallel and n not in rechecked and _needs_solo_rerun(r, limits)]
        if not suspects:
            break
        # Nothing else of this evaluation runs now: each suspect gets the machine to itself.
        for n in suspects:
            rechecked.add(n)
            del results[n]
            run_group([n], 1)
    return [[results.get(n) or TestResult.skipped(n) for n in group] for group in groups]
