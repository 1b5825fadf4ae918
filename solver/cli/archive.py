"""`cpsolve batch` and `cpsolve eval`: the commands that run a whole archive."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from . import options as opt
from .common import (app, console, durations, fail, model_setup_errors, ray_sandbox, refuse_renamed,
                         sandbox_pool)
from ..problems import ProblemFormatError


@app.command()
@opt.with_groups
def batch(
    archive: Annotated[Path, typer.Argument(help="Folder of problem packages (searched recursively).")],
    run: opt.ArchiveRun = opt.ArchiveRun(),
    endpoint: opt.Endpoints = None,
    endpoints: opt.EndpointsFile = None,
    server: opt.ModelServer = opt.ModelServer(),
    agent: opt.AgentOverrides = opt.AgentOverrides(),
    only: opt.Only = None,
    solutions: Annotated[Optional[Path], typer.Option(help="Judge these solution files instead of running the model.")] = None,
    pools: Annotated[Optional[Path], typer.Option(help="Select from pools of candidates: DIR/<problem id>/ each "
                                                       "(as `cpsolve select`; the model, if any, writes helpers).")] = None,
    as_json: opt.Json = False,
    ray: opt.Ray = None,
) -> None:
    """Solve (or, with --solutions, judge) every problem of ARCHIVE; resumable after any crash."""
    import asyncio
    import time as _time
    from contextlib import ExitStack
    from dataclasses import replace

    from rich.live import Live

    from ..agent.budget import batch_task_seconds
    from ..agent.config import AgentConfig
    from ..agent.llm import ClientModel
    from ..batch import judge_solutions, prepare, run_agents
    from ..model.endpoints import model_client
    from ..model.metrics import sized_client
    from ..reports.live import batch_view
    from ..reports.report import load_run, render_json
    from ..model.usage import UsageLog
    from ..solve import RunDirMismatch, add_wall_time, check_served_model, model_endpoint

    started = _time.time()
    refuse_renamed("agent", max_tokens=agent.max_tokens, time_limit=agent.time_limit)
    contest_s, task_s, patience_s = durations(contest_time=agent.contest_time, task_time=agent.task_time,
                                              outage_patience=agent.outage_patience)
    if endpoints is not None:
        from ..model.endpoints import read_endpoints_file

        try:
            endpoint = [*(endpoint or []), *read_endpoints_file(endpoints)]
        except ValueError as e:
            fail(str(e))
    if solutions is None and pools is None and not endpoint and not server.serve:
        fail("say where the model is (--endpoint URL, or --serve [--cpu]), or judge files with --solutions DIR, "
             "or select from --pools DIR")
    for folder in (solutions, pools):
        if folder is not None and not folder.is_dir():
            fail(f"{folder}: no such folder")
    if solutions is not None and ray:
        fail("--solutions judges on this machine; --ray is for model runs and --pools")
    out = run.out or Path("runs") / f"batch-{archive.name}-{_time.strftime('%Y%m%d-%H%M%S')}"
    try:
        state = prepare(archive, out, only, run.resume)
        cfg = AgentConfig.load(agent.config, submissions=agent.submissions, task_tokens=agent.task_tokens,
                               task_time_s=task_s, max_completion_tokens=agent.call_tokens)
        if contest_s:
            cfg = cfg.model_copy(update={"task_time_s": batch_task_seconds(contest_s, len(state.problems),
                                                                           run.parallel)})
        if ray:
            from ..distributed.cluster import check_shippable

            for ps in state.problems:
                check_shippable(ps.problem)
    except (ProblemFormatError, ValueError) as e:
        fail(str(e))
    with ExitStack() as stack:
        tools_for = None
        if ray:
            from ..distributed.tools import remote_tools

            cluster = stack.enter_context(ray_sandbox(ray, run.jobs))
            pool, image, tools_for = None, "", remote_tools(cluster)
        else:
            pool, image = stack.enter_context(sandbox_pool(run.jobs))
        live = stack.enter_context(Live(console=console, refresh_per_second=4))
        redraw = lambda: live.update(batch_view(state))  # noqa: E731
        if solutions is not None:
            judge_solutions(state, solutions, pool, image, redraw)
        elif pools is not None and not endpoint and not server.serve:
            asyncio.run(run_agents(state, None, pool, image, cfg, run.parallel, redraw, tools_for, pools=pools))
        else:
            urls = endpoint or [None]
            try:
                cfg_client = stack.enter_context(model_endpoint(
                    server.endpoint(urls[0], outage_patience_s=patience_s), out,
                    lambda line: console.print(line, highlight=False, markup=False, soft_wrap=True)))
            except model_setup_errors() as e:
                fail(f"{type(e).__name__}: {e}")
            try:
                check_served_model([ps.run_dir for ps in state.problems], cfg_client.model)
            except RunDirMismatch as e:
                fail(str(e))

            async def go() -> None:
                if ray:
                    # sandbox calls wait on remote nodes in threads: enough threads to keep every worker busy
                    from concurrent.futures import ThreadPoolExecutor

                    asyncio.get_running_loop().set_default_executor(ThreadPoolExecutor(2 * cluster.capacity + 8))
                def make(c):
                    return model_client([replace(c, base_url=u) for u in urls[1:]], c,
                                        usage_log=UsageLog(out / "usage.jsonl"))

                # one server cpsolve did not launch is sized from its /metrics (solver/model/metrics.py)
                async with sized_client(cfg_client, server.serve or len(urls) > 1, make) as client:
                    await run_agents(state, ClientModel(client), pool, image, cfg, run.parallel, redraw, tools_for,
                                     pools=pools)

            try:
                asyncio.run(go())
            finally:
                add_wall_time(out, _time.time() - started)
        redraw()
    for p in state.problems:
        for message in p.warnings:
            console.print(f"warning: {message}", highlight=False, markup=False, soft_wrap=True)
    failed = [p for p in state.problems if p.result is None]
    report = load_run(out)
    if as_json:
        print(json.dumps(render_json(report)))
    else:
        Console().print(f"{report.total:g}/{report.max_total:g} points over {len(state.problems)} problems; "
                        f"results in {out}; `cpsolve report {out}` for the full report", highlight=False)
    if failed:
        for p in failed:
            console.print(f"{p.problem.id}: {p.status}", highlight=False, markup=False)
        raise typer.Exit(1)


@app.command("eval")
@opt.with_groups
def eval_(
    archive: Annotated[Path, typer.Argument(help="Folder of problem packages, or a dataset file (.jsonl).")],
    samples: Annotated[int, typer.Option("--samples", "-n", min=1, help="Independent samples per problem.")],
    k: Annotated[str, typer.Option("--k", help="The k of pass@k and of the expected score, comma-separated.")] = "1,5,10",
    endpoint: opt.Endpoint = None,
    server: opt.ModelServer = opt.ModelServer(),
    lang: Annotated[Optional[str], typer.Option("--lang", help="cpp17|cpp20|python3 (function-call tasks: Python).")] = None,
    call_tokens: opt.CallTokens = None,
    max_tokens: opt.OldMaxTokens = None,
    temperature: Annotated[Optional[float], typer.Option(help="Sampling temperature (default: the recipe's).")] = None,
    run: opt.ArchiveRun = opt.ArchiveRun(),
    only: opt.Only = None,
    as_json: opt.Json = False,
    tools: Annotated[bool, typer.Option("--tools", help="Each sample may call a stateful Python tool (the paper's "
                                                         "protocol: 100 calls, 131k tokens per conversation).")] = False,
) -> None:
    """Plain sampling: N samples per problem, no agent loop; pass@k and expected subtask scores of k samples."""
    import time as _time

    from ..evaluation.archive import evaluate_archive, prepare_eval
    from ..evaluation.passk import parse_ks
    from ..evaluation.sampling import EvalConfig
    from ..reports.evals import eval_json, eval_markdown
    from ..reports.live import batch_view
    from ..reports.runs import load_run

    refuse_renamed("eval", max_tokens=max_tokens)
    if not endpoint and not server.serve:
        fail("say where the model is: --endpoint URL, or --serve [--cpu]")
    out = run.out or Path("runs") / f"eval-{archive.name}-{_time.strftime('%Y%m%d-%H%M%S')}"
    try:
        cfg = EvalConfig(samples=samples, ks=parse_ks(k), language=lang, call_tokens=call_tokens,
                         temperature=temperature, tools=tools)
        state = prepare_eval(archive, out, only, run.resume, cfg, lambda m: console.print(m, highlight=False))
    except (ProblemFormatError, ValueError) as e:
        fail(str(e))
    from rich.live import Live

    with sandbox_pool(run.jobs) as (pool, image), Live(console=console, refresh_per_second=4) as live:
        try:
            evaluate_archive(state, server.endpoint(endpoint), out, pool, image, cfg, run.parallel,
                             lambda: live.update(batch_view(state)),
                             on_status=lambda line: console.print(line, highlight=False, markup=False,
                                                                  soft_wrap=True))
        except Exception as e:  # noqa: BLE001 - model/server failures end the run with one clear line
            from ..solve import RunDirMismatch

            if isinstance(e, RunDirMismatch):
                fail(str(e))
            if isinstance(e, model_setup_errors()):
                fail(f"{type(e).__name__}: {e} (progress is kept in {out}; rerun with --resume to continue)")
            raise
    rep = load_run(out)
    print(json.dumps(eval_json(rep)) if as_json else eval_markdown(rep))
    if tools and not as_json:
        from ..evaluation.tools import tools_markdown

        print(tools_markdown([p.result for p in rep.problems]))
    failed = [p for p in state.problems if p.result is None]
    for p in failed:
        console.print(f"{p.problem.id}: {p.status}", highlight=False, markup=False)
    if failed:
        raise typer.Exit(1)
