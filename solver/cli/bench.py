"""`cpsolve bench judge|agent|client|day|statements` (`bench select` is in cli/select.py)."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import options as opt
from .common import bench_app, console, fail, sandbox_pool


def print_figures(figures: dict, as_json: bool, width: int) -> None:
    """A benchmark's figures on stdout: one JSON object, or one `name: value` line each, names right-aligned."""
    if as_json:
        print(json.dumps(figures))
    else:
        for k, v in figures.items():
            print(f"{k:>{width}}: {v}")


@bench_app.command("judge")
def bench_judge(
    tests: Annotated[int, typer.Option(help="Number of A+B tests.")] = 1000,
    exec_tests: Annotated[int, typer.Option(help="Tests for the docker-exec-per-test baseline.")] = 100,
    as_json: opt.Json = False,
    ray: Annotated[Optional[str], typer.Option(
        "--ray", help="Instead: judge throughput on 1 and on 2 nodes of this Ray cluster (host:port, or auto).")] = None,
    jobs: Annotated[Optional[int], typer.Option("--jobs", "-j", help="With --ray: workers per node (default: its CPUs).")] = None,
) -> None:
    """Judge overhead per test vs one `docker exec` per test, and compile time with vs without the PCH."""
    from ..bench.judge import run_judge_bench

    if ray:
        from ..distributed.bench import run_cluster_judge_bench

        try:
            figures = run_cluster_judge_bench(ray, jobs, log=lambda m: console.print(f"[dim]{m}[/]", highlight=False))
        except Exception as e:  # noqa: BLE001 - no Ray, no cluster, too few nodes: one line
            fail(f"--ray {ray}: {type(e).__name__}: {e}")
        print_figures(figures, as_json, 26)
        return
    with sandbox_pool(1) as (pool, image):
        figures = run_judge_bench(pool, image, n_tests=tests, n_exec=exec_tests,
                                  log=lambda m: console.print(f"[dim]{m}[/]"))
    print_figures(figures, as_json, 26)


@bench_app.command("agent")
def bench_agent(
    candidates: Annotated[int, typer.Option(help="Candidates drafted (all at once).")] = 32,
    jobs: opt.Jobs = opt.DEFAULT_JOBS,
    as_json: opt.Json = False,
) -> None:
    """Candidates per second through compile + samples + stress + signature with an instant scripted model, and
    the ratio to the judge's raw tests per second on the same workers."""
    from ..bench.agent import run_agent_bench

    with sandbox_pool(jobs) as (pool, image):
        figures = run_agent_bench(pool, image, candidates=candidates, log=lambda m: console.print(f"[dim]{m}[/]"))
    print_figures(figures, as_json, 34)


@bench_app.command("client")
def bench_client(
    as_json: opt.Json = False,
    attach: Annotated[Optional[str], typer.Option(
        "--attach", help="Measure tokens/s on this endpoint instead of launching the embedded CPU model.")] = None,
    server: Annotated[bool, typer.Option("--server/--no-server", help="Include the tokens/s part.")] = True,
    requests: Annotated[int, typer.Option(help="Requests per overhead measurement.")] = 400,
) -> None:
    """Model-client overhead vs raw httpx at 1/16/128 concurrent requests; tokens/s of the CPU model at 1 and 8."""
    from ..bench.client import run_client_bench
    from ..serve import ServerError, normalize_url

    try:
        figures = run_client_bench(attach=normalize_url(attach) if attach else None, server=server,
                                   requests=requests, log=lambda m: console.print(f"[dim]{m}[/]"))
    except ServerError as e:
        fail(str(e), 1)
    if as_json:
        print(json.dumps(figures))
    else:
        print(json.dumps(figures, indent=2))


@bench_app.command("statements")
def bench_statements(
    paths: Annotated[list[Path], typer.Argument(
        help="PDF statements, or folders searched for en.pdf (translations/ left out).")],
    as_json: opt.Json = False,
) -> None:
    """Prompt tokens of PDF statements as `pdftotext -layout` read them and as the statement reader gives them now
    (reading order, no page headers and footers, no invisible marks), by the project's token estimate."""
    from ..bench.statements import run_statement_bench, statement_table
    from ..problems import ProblemFormatError

    try:
        figures = run_statement_bench(paths)
    except (ProblemFormatError, ValueError) as e:
        fail(str(e))
    print(json.dumps(figures) if as_json else statement_table(figures))


@bench_app.command("day")
def bench_day(
    problems: Annotated[Optional[list[Path]], typer.Argument(
        help="Problem packages of the day (default: problems/distinct, leftovers and pavings).")] = None,
    quick: Annotated[bool, typer.Option("--quick", help="A 30-minute simulated day at 60x with short replies (half a minute).")] = False,
    hours: Annotated[Optional[float], typer.Option(help="The contest clock in simulated hours (default 5).")] = None,
    time_scale: Annotated[Optional[float], typer.Option(
        "--time-scale", help="Simulated seconds per real second (default 3: what a 2-core sandbox keeps up with).")] = None,
    clean_replies: Annotated[bool, typer.Option(
        "--clean-replies", help="Replies without the real model's trailing sample-run block.")] = False,
    seed: Annotated[int, typer.Option(help="Seed of reply lengths and the scripted contestant.")] = 0,
    out: Annotated[Optional[Path], typer.Option(help="Keep the run directories here (default: removed after).")] = None,
    jobs: opt.Jobs = opt.DEFAULT_JOBS,
    policy: Annotated[Optional[list[str]], typer.Option(
        help="Agent policy of the day, repeatable (default: clock, then rounds on the same day and seeds).")] = None,
    as_json: opt.Json = False,
) -> None:
    """A contest day of scripted answers on a simulated H200, through the real agent and sandbox: GPU
    utilisation, sequences in flight, generations per task, submissions over the clock, score."""
    from ..bench.day import DAY_PROBLEMS, DaySettings, render, run_days
    from ..resources import CHECKOUT

    settings = DaySettings.quick() if quick else DaySettings()
    if hours is not None:
        settings.day_s = hours * 3600
    if time_scale is not None:
        settings.time_scale = time_scale
    settings.trailing_block, settings.seed = not clean_replies, seed
    if policy:
        bad = [p for p in policy if p not in ("clock", "rounds")]
        if bad:
            fail(f"--policy: {bad[0]!r} is not a policy (clock or rounds)")
        settings.policies = tuple(policy)
    archive = CHECKOUT / "problems" if (CHECKOUT / "problems").is_dir() else Path("problems")
    roots = problems or [archive / p for p in DAY_PROBLEMS]
    with sandbox_pool(jobs) as (pool, image):
        try:
            figures = run_days(roots, pool, image, settings, log=lambda m: console.print(f"[dim]{m}[/]"), out=out)
        except (ValueError, OSError) as e:
            fail(str(e))
    print(json.dumps(figures) if as_json else render(figures))
