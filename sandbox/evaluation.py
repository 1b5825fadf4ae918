"""Run a program on many tests: groups of test names (one per subtask, in the order to run them) spread over the
workers, early stop, and solo re-runs of near-limit TLEs.

This is the judge's inner loop. It knows nothing of subtasks or points: it returns one TestResult per test per
group. How one test runs and is judged is the task type's `TestJudge` (executor.py, sandbox/tasktypes/).
"""
from __future__ import annotations

import itertools
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Callable, Sequence

from .checkers import Checker
from .compiler import Program
from .executor import PIPELINE_DEPTH, BatchJudge, Limits, TestCase, TestJudge
from .protocol import RunnerError
from .verdicts import TestResult, Verdict
from .worker import Worker, WorkerPool

_GROUP_IDS = itertools.count(1)

#: A test whose CPU time in a parallel run is within this factor of the limit is re-run alone before TLE stands.
SOLO_RERUN_FACTOR = 1.2


def _needs_solo_rerun(result: TestResult, limits: Limits) -> bool:
    if result.verdict is not Verdict.TLE:
        return False
    # a wall-clock kill with little CPU used is what contention looks like; so is CPU just over the limit
    return result.time <= limits.time_s * SOLO_RERUN_FACTOR


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
                try:
                    list(ex.map(on_worker, range(len(pool.workers))))
                except BaseException:
                    # Ctrl-C or SIGTERM: the workers end the runs in flight and claim no more; leaving the `with`
                    # waits for them, and it waited for every test left (a minute and more on a slow program)
                    with lock:
                        group.pending.clear()
                    raise
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
