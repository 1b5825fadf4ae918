"""`cpsolve batch`: a whole archive, problems concurrently, one model client and one sandbox pool for all.

Layout of the output folder: `batch.json` (the problems found), and one run directory per problem (its journal,
candidates and `result.json`). Everything durable is written as it happens, so after a crash, even SIGKILL,
`--resume` finishes the archive: finished problems are read back, unfinished ones replay their journals.
"""
from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Awaitable, Callable

from sandbox.worker import WorkerPool

from .agent.config import AgentConfig
from .agent.loop import Progress
from .judge.judging import judge_source, language_for
from .problems import ProblemFormatError, load_archive, load_problem
from .problems.model import Problem
from .pool import is_source, read_pool
from .judge.scoring import best_over_submissions, shown
from .select import select_with
from .solve import solve_with, write_json

BATCH_FILE = "batch.json"
FAILED_FILE = "failed.json"
"""In a problem's run directory: why its last attempt failed (a report lists it as failed, not unfinished)."""
SKIP_DIRS = {"solutions", "submissions", "tests", "data", "graders", "checker", "generators", "input", "output",
             "sol", "gen", "att", "statement", "statements", "attachments", "output_validators", "__pycache__"}


@dataclass
class ProblemState:
    problem: Problem
    run_dir: Path
    status: str = "waiting"
    progress: Progress | None = None
    result: dict | None = None
    started: float = 0.0
    finished: float = 0.0
    warnings: list[str] = field(default_factory=list)
    """Skipped pool files (`--pools`), shown once the live view closes."""
    failures: list[str] = field(default_factory=list)
    """Why each try failed, in order: a failed problem is tried once more after the others (see run_each)."""


@dataclass
class BatchState:
    problems: list[ProblemState] = field(default_factory=list)
    started: float = field(default_factory=time.time)

    @property
    def done(self) -> list[ProblemState]:
        return [p for p in self.problems if p.result is not None]


def discover(archive: Path, only: list[str] | None = None) -> list[Problem]:
    """Every problem package under ARCHIVE (a package is not searched inside), in path order; or every problem of
    a dataset file (JSON lines), in file order."""
    found: list[Problem] = load_archive(archive) or []

    def walk(folder: Path) -> None:
        try:
            found.append(load_problem(folder))
            return
        except ProblemFormatError as e:
            if "not a problem package" not in str(e):
                raise
        for child in sorted(folder.iterdir()):
            if child.is_dir() and not child.name.startswith(".") and child.name not in SKIP_DIRS:
                walk(child)

    if not found:
        walk(archive)
    ids = [p.id for p in found]
    dupes = {i for i in ids if ids.count(i) > 1}
    if dupes:
        raise ProblemFormatError(archive, "", f"two problems share the id {sorted(dupes)[0]!r}")
    if only:
        found = [p for p in found if p.id in only]
    return found


def prepare(archive: Path, out: Path, only: list[str] | None, resume: bool) -> BatchState:
    problems = discover(archive, only)
    if not problems:
        raise ProblemFormatError(archive, "", "no problem packages found")
    if (out / BATCH_FILE).exists() and not resume:
        raise ValueError(f"{out} already holds a batch run: pass --resume to continue it, or another --out")
    out.mkdir(parents=True, exist_ok=True)
    entries = [batch_entry(p) for p in problems]
    if resume and (out / BATCH_FILE).exists():
        # resuming with another --only adds problems to the run, never drops the ones it already holds
        ids = {e["id"] for e in entries}
        earlier = [e for e in json.loads((out / BATCH_FILE).read_text())["problems"] if e["id"] not in ids]
        entries = earlier + entries
    write_json(out / BATCH_FILE, {"archive": str(archive), "problems": entries})
    state = BatchState([ProblemState(p, out / p.id) for p in problems])
    for ps in state.problems:
        done = ps.run_dir / "result.json"
        if done.exists():
            ps.result, ps.status = json.loads(done.read_text()), "done (earlier run)"
    return state


def batch_entry(problem: Problem) -> dict:
    """A problem as batch.json lists it: where it is, and what it is worth, so a report counts a problem that
    never finished (no result.json) with its maximum, even where the archive is gone."""
    return {"id": problem.id, "path": str(problem.root), "dir": problem.id, "max_score": problem.max_score,
            "score_precision": problem.score_precision, "task_type": problem.task_type.kind,
            "subtasks": [{"name": s.name, "points": s.points} for s in problem.subtasks]}


def record_failure(ps: ProblemState) -> None:
    """FAILED_FILE in the problem's run directory: the report says "failed" and why (its journal stays)."""
    ps.run_dir.mkdir(parents=True, exist_ok=True)
    write_json(ps.run_dir / FAILED_FILE, {"status": ps.status, "t": round(time.time(), 3)})


#: Tries per problem in one batch: a failed one goes again once, after the others.
BATCH_TRIES = 2


async def run_each(state: BatchState, concurrency: int, on_change: Callable[[], None], stage: str,
                   work: Callable[[ProblemState, Callable[[Progress], None]], Awaitable[str]]) -> None:
    """Every unfinished problem of STATE through WORK, up to CONCURRENCY at once; one problem's failure stops no
    other. WORK(problem state, progress callback) sets the state's result and returns its final status.

    A problem that fails (a server silent past the client's patience, a bug) is tried once more after all the
    others, from its journal (what it finished is replayed, not redone); its folder keeps the journal for
    `--resume` if that fails too."""
    gate = asyncio.Semaphore(max(1, concurrency))

    async def one(ps: ProblemState) -> None:
        if ps.result is not None:
            return
        async with gate:
            ps.status, ps.started = stage, time.time()
            on_change()

            def progress(p: Progress) -> None:
                ps.progress = p
                on_change()

            try:
                ps.status = await work(ps, progress)
            except Exception as e:  # noqa: BLE001 - one problem's failure must not stop the archive
                ps.failures.append(f"{type(e).__name__}: {e}")
                tries = f" (tried {len(ps.failures)} times)" if len(ps.failures) > 1 else ""
                ps.status = f"failed{tries}: {ps.failures[-1]}"
                record_failure(ps)
            ps.finished = time.time()
            on_change()

    await asyncio.gather(*(one(ps) for ps in state.problems))
    for _ in range(BATCH_TRIES - 1):
        again = [ps for ps in state.problems if ps.result is None and ps.failures]
        for ps in again:
            ps.status = f"waiting to try again (failed: {ps.failures[-1]})"
        on_change()
        await asyncio.gather(*(one(ps) for ps in again))


async def run_agents(state: BatchState, model, pool: WorkerPool | None, image: str, config: AgentConfig,
                     concurrency: int, on_change: Callable[[], None], tools_for=None,
                     pools: Path | None = None) -> None:
    """Problems run concurrently (up to `concurrency` at once), sharing the model client and sandbox pool (or,
    with `tools_for`, the judge tools it makes: a Ray cluster's). With POOLS each problem selects from
    POOLS/<id>/ (`cpsolve select`) instead of drafting; the model may be None."""

    async def solve_one(ps: ProblemState, progress: Callable[[Progress], None]) -> str:
        if pools is None:
            result = await solve_with(ps.problem, model, pool, image, ps.run_dir, config, progress, tools_for)
        else:
            files = read_pool(ps.problem, pools / ps.problem.id, ps.warnings.append)
            result = await select_with(ps.problem, files, model, pool, image, ps.run_dir, config,
                                       on_progress=progress, tools_for=tools_for)
        ps.result = json.loads((ps.run_dir / "result.json").read_text())
        return f"done ({shown(result.score, ps.problem.score_precision)})"

    await run_each(state, concurrency, on_change, "running", solve_one)


def judge_solutions(state: BatchState, solutions: Path, pool: WorkerPool, image: str,
                    on_change: Callable[[], None]) -> None:
    """No model: each problem's files in SOLUTIONS (`<id>.cpp` or `<id>/*`) are its submissions, scored by the IOI
    rule (per subtask, the best any submission got)."""
    for ps in state.problems:
        if ps.result is not None:
            continue
        files = sorted(f for f in solutions.glob(f"{ps.problem.id}.*") if is_source(f))
        folder = solutions / ps.problem.id
        if folder.is_dir():
            files += sorted(f for f in folder.iterdir() if is_source(f) or f.is_dir())
        ps.status, ps.started = "judging", time.time()
        on_change()
        history = []
        try:
            for f in files:
                sub = judge_source(ps.problem, f, language_for(ps.problem, f), pool, image)
                if not sub.compile.ok:
                    continue  # compile failures do not count, as at the IOI
                history.append(sub.history_entry(f.name, time.time() - ps.started))
        except Exception as e:  # noqa: BLE001 - one problem's failure must not stop the archive
            ps.status, ps.finished = f"failed: {type(e).__name__}: {e}", time.time()
            record_failure(ps)
            on_change()
            continue
        ps.finished = time.time()
        ps.result = solutions_result(ps.problem, history, ps.run_dir, ps.finished - ps.started)
        ps.run_dir.mkdir(parents=True, exist_ok=True)
        write_json(ps.run_dir / "result.json", ps.result)
        ps.status = f"done ({shown(ps.result['score'], ps.problem.score_precision)})"
        on_change()


def solutions_result(problem: Problem, history: list[dict], run_dir: Path, wall: float) -> dict:
    names = [s.name for s in problem.subtasks]
    best = best_over_submissions([[h["subtasks"][n] for n in names] for h in history]) or [0.0] * len(names)
    first = [next((i + 1 for i, h in enumerate(history) if h["subtasks"][n] == b and b > 0), None)
             for n, b in zip(names, best)]
    return {"problem": problem.id, "score": sum(best), "max_score": problem.max_score,
            "score_precision": problem.score_precision,
            "subtasks": [{"name": s.name, "max_score": s.points, "score": b, "submission": i}
                         for s, b, i in zip(problem.subtasks, best, first)],
            "submissions_used": len(history), "tokens": {"prompt": 0, "completion": 0}, "wall_s": round(wall, 1),
            "run_dir": str(run_dir), "history": history}
