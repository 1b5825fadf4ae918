"""`cpsolve eval` over an archive: the batch folder layout (`batch.json`, one run directory per problem, resume),
problems sampled concurrently through one model client and one sandbox pool. `eval.json` records the settings,
so a resumed run cannot silently mix sample counts."""
from __future__ import annotations

import asyncio
import json
import time
from dataclasses import asdict
from pathlib import Path
from typing import Callable

from ..batch import BatchState, prepare, run_each
from ..solve import write_json
from .sampling import EvalConfig, accepts_programs, eval_problem

EVAL_FILE = "eval.json"


def record_settings(out: Path, cfg: EvalConfig) -> None:
    """Write eval.json, or check that a resumed run asks for the same samples."""
    path = out / EVAL_FILE
    settings = {k: v for k, v in asdict(cfg).items() if k in ("samples", "language")}
    if cfg.tools:
        settings["tools"] = True
    if path.exists():
        earlier = json.loads(path.read_text())
        if {k: earlier.get(k) for k in settings} != settings or earlier.get("tools", False) != cfg.tools:
            raise ValueError(f"{out} holds an eval run with {earlier}; this one asks for {settings}: "
                             "use another --out")
    write_json(path, {**settings, "k": cfg.ks})


def prepare_eval(archive: Path, out: Path, only: list[str] | None, resume: bool, cfg: EvalConfig,
                 log: Callable[[str], None]) -> BatchState:
    """The batch folder for an eval (new, or resumed with the same settings), without the output-only tasks."""
    state = prepare(archive, out, only, resume)
    record_settings(out, cfg)
    for ps in [ps for ps in state.problems if not accepts_programs(ps.problem)]:
        log(f"{ps.problem.id}: skipped (an output-only task: samples are programs)")
        state.problems.remove(ps)
    return state


async def run_evals(state: BatchState, model, pool, image: str, cfg: EvalConfig, concurrency: int,
                    on_change: Callable[[], None]) -> None:
    """Every unfinished problem of STATE, up to CONCURRENCY at once; one problem's failure stops no other."""

    async def eval_one(ps, progress) -> str:
        ps.result = await eval_problem(ps.problem, model, pool, image, ps.run_dir, cfg, progress)
        ev = ps.result["eval"]
        cut = f", {ev['cut']} of {ev['samples']} replies cut" if ev.get("cut") else ""
        return f"done (pass@1 {ev['pass_at_k'].get('1', 0.0):.2f}{cut})"

    await run_each(state, concurrency, on_change, "sampling", eval_one)


def evaluate_archive(state: BatchState, endpoint, out: Path, pool, image: str, cfg: EvalConfig, concurrency: int,
                     on_change: Callable[[], None], on_status: Callable[[str], None] = lambda s: None) -> None:
    """The model client (a launched server or the given endpoint, its calls logged to OUT/usage.jsonl) around
    `run_evals`; the folder's wall time is added up in wall.json even when the run fails. ON_STATUS hears the
    model, recipe, per-call budget and context before sampling starts."""
    from ..agent.llm import ClientModel
    from ..model.client import ModelClient
    from ..model.usage import UsageLog
    from ..solve import add_wall_time, check_served_model, model_endpoint

    started = time.time()
    try:
        with model_endpoint(endpoint, out, on_status) as client_cfg:
            check_served_model([ps.run_dir for ps in state.problems], client_cfg.model)

            async def go() -> None:
                async with ModelClient(client_cfg, usage_log=UsageLog(out / "usage.jsonl")) as client:
                    await run_evals(state, ClientModel(client), pool, image, cfg, concurrency, on_change)

            asyncio.run(go())
    finally:
        add_wall_time(out, time.time() - started)
        on_change()
