"""`cpsolve select` and `cpsolve bench select`: thin commands over solver/select.py and solver/bench/select.py."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from . import options as opt
from .common import app, bench_app, console, fail, load_or_fail, sandbox_pool
from ..problems import ProblemFormatError


@app.command("select")
def select_(
    problem: Annotated[Path, typer.Argument(help="Problem package.")],
    pool_dir: Annotated[Path, typer.Argument(metavar="POOL", help="Folder of candidate sources (optional meta.jsonl).")],
    brute: Annotated[Optional[Path], typer.Option(help="Brute force (stdin -> stdout); must pass the samples.")] = None,
    generator: Annotated[Optional[Path], typer.Option(help="Input generator, run as `gen SEED SIZE`.")] = None,
    validator: Annotated[Optional[Path], typer.Option(help="Input validator: exits non-zero on a bad input.")] = None,
    endpoint: opt.Endpoint = None,
    model: opt.Model = None,
    config: opt.Config = None,
    submissions: opt.Submissions = None,
    out: opt.RunDir = None,
    jobs: opt.Jobs = opt.DEFAULT_JOBS,
    as_json: opt.Json = False,
) -> None:
    """Choose submissions from POOL with the agent's own selection: samples, stress tests, behaviour clusters,
    round robin from the hardest unsolved subtask, contestant feedback only. The model at --endpoint, if any,
    writes the helper programs not given."""
    import time as _time

    from rich.live import Live

    from ..agent.config import AgentConfig
    from ..pool import read_pool
    from ..reports.live import solve_view
    from ..select import Helpers, select
    from ..solve import Endpoint, default_run_dir

    prob = load_or_fail(problem)
    warn = lambda m: console.print(f"warning: {m}", highlight=False, markup=False, soft_wrap=True)  # noqa: E731
    try:
        files = read_pool(prob, pool_dir, warn)
        cfg = AgentConfig.load(config, submissions=submissions)
    except ProblemFormatError as e:
        fail(str(e))
    for given in (brute, generator, validator):
        if given is not None and not given.is_file():
            fail(f"{given}: no such file")
    run_dir = out or default_run_dir(prob)
    started = _time.time()
    with sandbox_pool(jobs) as (pool, image):
        with Live(console=console, refresh_per_second=4, transient=False) as live:
            try:
                result = select(prob, files, Endpoint(url=endpoint, model=model) if endpoint else None, pool, image,
                                run_dir, cfg, Helpers(brute, generator, validator),
                                on_progress=lambda p: live.update(solve_view(prob, p, started, cfg.submissions)),
                                on_warning=warn)
            except ValueError as e:  # bad input found once the sandbox ran it (a brute failing a sample)
                fail(f"{e} (progress is kept in {run_dir})")
    if as_json:
        print(json.dumps(result.to_json()))
    else:
        Console().print(f"{prob.id}: {result.score:g}/{prob.max_score:g} in {len(result.submissions)} "
                        f"submissions from {len(files)} candidates; run directory {run_dir}", highlight=False)


@bench_app.command("select")
def bench_select(
    problems: Annotated[list[Path], typer.Argument(help="Problem packages.")],
    pool_dir: Annotated[Optional[Path], typer.Option("--pool", help="DIR/<problem id>/ per problem, or DIR itself "
                                                     "for one problem (default: each package's solutions/).")] = None,
    budgets: Annotated[str, typer.Option(help="Submission budgets, comma-separated.")] = "1,2,5,10,50",
    trials: Annotated[int, typer.Option(help="Random tie-break orders averaged for open-r1's rule.")] = 20,
    seed: Annotated[int, typer.Option(help="Seed of the tie-breaks and of the neutral candidate ids.")] = 0,
    runs: Annotated[int, typer.Option(help="Select runs averaged for ours, each with other neutral ids.")] = 1,
    helpers: Annotated[Optional[Path], typer.Option(help="DIR/<problem id>/{brute,generator,validator}.* given "
                                                    "to our rule, as `cpsolve select --brute ...` (default: each "
                                                    "package's helpers/ folder).")] = None,
    no_helpers: Annotated[bool, typer.Option("--no-helpers", help="Ignore the packages' helpers/ folders: samples "
                                             "only, or the model's own helpers with --endpoint.")] = False,
    endpoint: opt.Endpoint = None,
    jobs: opt.Jobs = opt.DEFAULT_JOBS,
    as_json: opt.Json = False,
) -> None:
    """Expected IOI score of random order, open-r1's rule, ours and the oracle per problem and budget, and our
    efficiency (ours - random) / (oracle - random)."""
    from ..bench.select import render_table, run_bench

    try:
        budget_list = sorted({int(b) for b in budgets.split(",") if b.strip()})
    except ValueError:
        fail(f"--budgets: expected comma-separated integers, got {budgets!r}")
    if not budget_list or budget_list[0] < 1:
        fail(f"--budgets: expected positive integers, got {budgets!r}")
    probs = [load_or_fail(p) for p in problems]
    warn = lambda m: console.print(f"[dim]{m}[/]", highlight=False)  # noqa: E731
    with sandbox_pool(jobs) as (pool, image):
        try:
            rows = run_bench(probs, pool_dir, budget_list, trials, seed, pool, image, helpers, endpoint, warn,
                             runs, package_helpers=not no_helpers)
        except ValueError as e:
            fail(str(e))
    if as_json:
        print(json.dumps({"seed": seed, "trials": trials, "runs": runs, "rows": [r.to_json() for r in rows]}))
    else:
        print(render_table(rows))
