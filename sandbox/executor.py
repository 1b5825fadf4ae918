"""Run a program on tests: per-test limits, verdicts, checking, early stop, and solo re-runs of near-limit TLEs.

This is the judge's inner loop. It knows nothing of subtasks or points: it receives groups of test names (one per
subtask, in the order to run them) and returns one TestResult per test per group.
"""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

from .checkers import CheckContext, Checker
from .compiler import Program
from .protocol import SIGXCPU, SIGXFSZ, ProcResult, ProcSpec, RunnerError
from .verdicts import TestResult, Verdict
from .worker import Worker, WorkerPool

#: A test whose CPU time in a parallel run is within this factor of the limit is re-run alone before TLE stands.
SOLO_RERUN_FACTOR = 1.2


@dataclass
class Limits:
    time_s: float
    memory_mib: int
    output_mib: int = 256
    wall_s: float | None = None
    """Defaults to 2 x time + 1 s: generous enough for I/O, tight enough to stop sleepers."""

    @property
    def wall(self) -> float:
        return self.wall_s if self.wall_s is not None else 2 * self.time_s + 1.0

    @property
    def memory_kib(self) -> int:
        return self.memory_mib * 1024


@dataclass
class TestCase:
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
    if r.signal == SIGXFSZ or len(r.stdout) >= limits.output_mib * 1024 * 1024:
        return Verdict.OLE, f"output limit exceeded ({limits.output_mib} MiB)"
    if r.signal:
        return Verdict.RE, f"killed by signal {r.signal}"
    if r.exit_code != 0:
        return Verdict.RE, f"exit code {r.exit_code}"
    return None, ""


def run_program(worker: Worker, program: Program, test: TestCase, limits: Limits) -> ProcResult:
    """One run of the program on one test, in a fresh box, as the contestant."""
    binary = worker.stage(program.artifact, executable=True, name=program.binary_name)
    stdin = worker.stage(test.read_input())
    worker.container.ensure_memory(limits.memory_mib + worker.container.limits.work_mib + 128)
    spec = ProcSpec(
        argv=program.language.run_argv(binary),
        cpu_s=limits.time_s,
        wall_s=limits.wall,
        mem_kib=limits.memory_kib,
        stack_kib=limits.memory_kib,  # IOI practice: the stack may use all the memory
        out_kib=limits.output_mib * 1024,
        stdin=stdin,
    )
    return worker.contestant.run([spec], box=worker.box("contestant"))[0]


def judge_test(worker: Worker, program: Program, test: TestCase, limits: Limits, checker: Checker) -> TestResult:
    try:
        r = run_program(worker, program, test, limits)
    except RunnerError as e:
        worker.reset_contestant()
        return TestResult(name=test.name, verdict=Verdict.JE, message=f"sandbox error: {e}")
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
        stage_input=lambda: worker.stage(test.read_input()),
        stage_answer=lambda: worker.stage(test.read_answer(), secret=True),
        worker=worker,
    )
    try:
        outcome = checker.check(ctx)
    except RunnerError as e:
        return TestResult(verdict=Verdict.JE, message=f"checker sandbox error: {e}", **base)
    if outcome.judge_error:
        return TestResult(verdict=Verdict.JE, message=outcome.message, **base)
    score = min(1.0, max(0.0, outcome.score))
    verdict = Verdict.AC if score >= 1.0 else Verdict.WA if score <= 0.0 else Verdict.PA
    return TestResult(verdict=verdict, score=score, message=outcome.message, **base)


def _needs_solo_rerun(result: TestResult, limits: Limits) -> bool:
    if result.verdict is not Verdict.TLE:
        return False
    # a wall-clock kill with little CPU used is what contention looks like; so is CPU just over the limit
    return result.time <= limits.time_s * SOLO_RERUN_FACTOR


def evaluate(pool: WorkerPool, program: Program, tests: dict[str, TestCase], groups: Sequence[Sequence[str]],
             limits: Limits, checker: Checker, early_stop: bool = True,
             on_result: Callable[[TestResult], None] | None = None) -> list[list[TestResult]]:
    """Run every group's tests (a test shared by groups runs once) and return results aligned with `groups`.

    With early_stop, once a test of a group scores 0 the group's remaining tests are not started (SKIP);
    tests other groups still need are run for them."""
    results: dict[str, TestResult] = {}
    lock = threading.Lock()
    parallel = len(pool.workers) > 1
    rechecked: set[str] = set()

    def run_one(name: str, group_failed: threading.Event | None) -> None:
        if group_failed is not None and group_failed.is_set():
            return
        with lock:
            if name in results:
                return
        worker = pool.acquire()
        try:
            res = judge_test(worker, program, tests[name], limits, checker)
        finally:
            pool.release(worker)
        with lock:
            results[name] = res
        if on_result:
            on_result(res)
        if group_failed is not None and res.score <= 0.0:
            group_failed.set()

    def failed(group: Sequence[str]) -> bool:
        return any(results[n].score <= 0.0 for n in group if n in results)

    while True:
        for group in groups:
            if early_stop and failed(group):
                continue
            todo = [n for n in group if n not in results]
            flag = threading.Event() if early_stop else None
            if parallel and len(todo) > 1:
                with ThreadPoolExecutor(len(pool.workers)) as ex:
                    list(ex.map(lambda n: run_one(n, flag), todo))
            else:
                for n in todo:
                    run_one(n, flag)
        suspects = [n for n, r in results.items()
                    if parallel and n not in rechecked and _needs_solo_rerun(r, limits)]
        if not suspects:
            break
        # Nothing else of this evaluation runs now: each suspect gets the machine to itself.
        for n in suspects:
            rechecked.add(n)
            del results[n]
            run_one(n, None)
    return [[results.get(n) or TestResult.skipped(n) for n in group] for group in groups]
