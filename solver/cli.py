"""`cpsolve`: the command line. Each command is a thin wrapper over a library function."""
from __future__ import annotations

import json
import signal
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.text import Text

from .problems import ProblemFormatError

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Agentic competitive-programming solver with a CMS-faithful local judge.")
bench_app = typer.Typer(no_args_is_help=True, help="Benchmarks (figures printed as ratios against a baseline).")
app.add_typer(bench_app, name="bench")

console = Console(stderr=True)


def fail(message: str, code: int = 2) -> None:
    """A one-line error on stderr and a non-zero exit: never a traceback for bad input. The message is plain
    text (a path may contain brackets) and is never wrapped, so scripts can grep it."""
    console.print(Text("error: ", style="bold red") + Text(message), soft_wrap=True, highlight=False)
    raise typer.Exit(code)


def _interrupt(signum, frame):
    raise KeyboardInterrupt


@contextmanager
def sandbox_pool(jobs: int):
    """The Docker client, the image (built when missing) and a pool of worker containers."""
    from sandbox.container import remove_stale_containers
    from sandbox.image import docker_client, ensure_image
    from sandbox.worker import WorkerPool

    # SIGTERM unwinds like Ctrl-C, so the pool's containers are removed on the way out; a SIGKILL cannot be
    # caught, and remove_stale_containers below clears what such a run left behind on the next start.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        client = docker_client()
        remove_stale_containers(client)
        image = ensure_image(client, log=lambda m: console.print(f"[dim]{m}[/]"))
    except RuntimeError as e:
        fail(str(e))
    with WorkerPool(client, image, jobs=jobs) as pool:
        yield pool, image


@app.command()
def judge(
    problem: Annotated[Path, typer.Argument(help="Problem package (folder) to judge against.")],
    solution: Annotated[Path, typer.Argument(help="Solution source file.")],
    lang: Annotated[Optional[str], typer.Option("--lang", help="cpp|cpp17|cpp20|python (default: from extension)")] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Tests run in parallel (one container each).")] = 1,
    as_json: Annotated[bool, typer.Option("--json", help="Print exactly one JSON object.")] = False,
) -> None:
    """Judge SOLUTION on PROBLEM's official tests and print per-subtask scores."""
    from sandbox.languages import detect_language, get_language

    from .judging import JudgeSetupError, judge_source
    from .problems import load_problem
    from .reports.terminal import submission_table

    try:
        prob = load_problem(problem)
    except ProblemFormatError as e:
        fail(str(e))
    if not solution.exists():
        fail(f"{solution}: no such file")
    language = None
    if solution.is_file():
        try:
            language = get_language(lang) if lang else detect_language(solution)
        except ValueError as e:
            fail(str(e))
    with sandbox_pool(jobs) as (pool, image):
        try:
            sub = judge_source(prob, solution, language, pool, image)
        except JudgeSetupError as e:
            fail(str(e))
    if as_json:
        print(json.dumps(sub.to_json(prob.max_score)))
    else:
        Console().print(submission_table(prob, sub))
        if not sub.compile.ok:
            Console().print(sub.compile.log, markup=False, highlight=False)


@app.command()
def verify(
    problem: Annotated[Path, typer.Argument(help="Problem package whose reference solutions to check.")],
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Tests run in parallel (one container each).")] = 1,
    as_json: Annotated[bool, typer.Option("--json", help="Print exactly one JSON object.")] = False,
) -> None:
    """Judge every reference solution of PROBLEM; exit 0 only if each gets what its folder says."""
    from rich.table import Table

    from .judging import JudgeSetupError
    from .problems import load_problem
    from .verify import verify_problem

    try:
        prob = load_problem(problem)
    except ProblemFormatError as e:
        fail(str(e))
    if not prob.solutions:
        fail(f"{problem}: no reference solutions (solutions/<expected>/...)")
    with sandbox_pool(jobs) as (pool, image):
        try:
            checks = verify_problem(
                prob, pool, image,
                on_solution=lambda c: console.print(
                    f"{'[green]ok[/]' if c.ok else '[red]MISMATCH[/]'} {c.file.name} ({c.expected}): {c.why}"))
        except JudgeSetupError as e:
            fail(str(e))
    all_ok = all(c.ok for c in checks)
    if as_json:
        print(json.dumps({"problem": prob.id, "ok": all_ok, "solutions": [c.to_json(prob) for c in checks]}))
    elif not all_ok:
        table = Table(title=f"{prob.id}: solutions that disagree with their folder")
        for col in ("solution", "expected", "score", "why"):
            table.add_column(col)
        for c in checks:
            if not c.ok:
                table.add_row(c.file.name, c.expected, f"{c.submission.score:g}", c.why)
        Console().print(table)
    else:
        Console().print(f"[green]{prob.id}: all {len(checks)} reference solutions agree with their folders[/]")
    raise typer.Exit(0 if all_ok else 1)


@app.command()
def solve(
    problem: Annotated[Path, typer.Argument(help="Problem package, or a single statement file (Markdown).")],
    endpoint: Annotated[Optional[str], typer.Option(help="OpenAI-compatible API root, e.g. http://127.0.0.1:8000/v1")] = None,
    serve: Annotated[bool, typer.Option("--serve", help="Launch a vLLM server for the run.")] = False,
    cpu: Annotated[bool, typer.Option("--cpu", help="With --serve: the embedded CPU model.")] = False,
    model: Annotated[Optional[str], typer.Option(help="Model recipe name, model id or path.")] = None,
    config: Annotated[Optional[Path], typer.Option(help="Agent strategy YAML (see solver/agent/config.py).")] = None,
    submissions: Annotated[Optional[int], typer.Option(help="Submission budget (IOI: 50).")] = None,
    max_tokens: Annotated[Optional[int], typer.Option(help="Stop drafting after this many completion tokens.")] = None,
    time_limit: Annotated[Optional[float], typer.Option(help="Stop after this many seconds.")] = None,
    out: Annotated[Optional[Path], typer.Option(help="Run directory; an existing one is resumed.")] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Sandbox workers.")] = 2,
    as_json: Annotated[bool, typer.Option("--json", help="End with exactly one JSON object on stdout.")] = False,
) -> None:
    """Solve PROBLEM with the agent: draft, test, stress, repair, cluster and submit by subtask."""
    import time as _time

    from rich.live import Live

    from .agent.config import AgentConfig
    from .problems import load_problem
    from .reports.live import solve_view
    from .solve import Endpoint, default_run_dir, solve as run_solve

    if not endpoint and not serve:
        fail("say where the model is: --endpoint URL, or --serve [--cpu]")
    try:
        prob = load_problem(problem)
        cfg = AgentConfig.load(config, submissions=submissions, max_tokens=max_tokens, time_limit_s=time_limit)
    except ProblemFormatError as e:
        fail(str(e))
    run_dir = out or default_run_dir(prob)
    started = _time.time()
    with sandbox_pool(jobs) as (pool, image):
        live = Live(console=console, refresh_per_second=4, transient=False)
        with live:
            try:
                result = run_solve(prob, Endpoint(url=endpoint, serve=serve, cpu=cpu, model=model), pool, image,
                                   run_dir, cfg,
                                   on_progress=lambda p: live.update(solve_view(prob, p, started, cfg.submissions)),
                                   on_status=lambda s: console.print(s, highlight=False))
            except Exception as e:  # noqa: BLE001 - model/server failures end the run with one clear line
                from .model.wire import ModelError
                from .serve import ServerError

                if isinstance(e, (ModelError, ServerError, ValueError)):
                    fail(f"{type(e).__name__}: {e} (progress is kept in {run_dir}; rerun with --out to resume)")
                raise
    if as_json:
        print(json.dumps(result.to_json()))
    else:
        Console().print(f"{prob.id}: {result.score:g}/{prob.max_score:g} in {len(result.submissions)} "
                        f"submissions; run directory {run_dir}", highlight=False)
        if result.answer is not None:
            Console().print(f"answer: {run_dir}/answer{'.py' if result.answer.language.startswith('py') else '.cpp'}")


@app.command("import")
def import_(
    src: Annotated[Path, typer.Argument(help="Problem package in any supported format.")],
    dest: Annotated[Path, typer.Argument(help="Folder to write the native package to (new or empty).")],
) -> None:
    """Convert a problem package (TPS, Kattis, CMS Italian, native) to the native format."""
    from .problems import load_problem
    from .problems.export import export_native

    try:
        prob = load_problem(src)
        export_native(prob, dest)
    except ProblemFormatError as e:
        fail(str(e))
    console.print(f"{prob.format} package {prob.id} -> {dest} ({len(prob.tests)} tests, "
                  f"{len(prob.subtasks)} subtasks)", highlight=False)


@bench_app.command("judge")
def bench_judge(
    tests: Annotated[int, typer.Option(help="Number of A+B tests.")] = 1000,
    exec_tests: Annotated[int, typer.Option(help="Tests for the docker-exec-per-test baseline.")] = 100,
    as_json: Annotated[bool, typer.Option("--json", help="Print exactly one JSON object.")] = False,
) -> None:
    """Judge overhead per test vs one `docker exec` per test, and compile time with vs without the PCH."""
    from .bench import run_judge_bench

    with sandbox_pool(1) as (pool, image):
        figures = run_judge_bench(pool, image, n_tests=tests, n_exec=exec_tests,
                                  log=lambda m: console.print(f"[dim]{m}[/]"))
    if as_json:
        print(json.dumps(figures))
    else:
        for k, v in figures.items():
            print(f"{k:>26}: {v}")


def main() -> None:  # pragma: no cover - console script entry
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())
