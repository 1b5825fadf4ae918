"""`cpsolve`: the command line. Each command is a thin wrapper over a library function."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.text import Text

from . import options as opt
from .common import (app, console, durations, fail, load_or_fail, model_setup_errors, refuse_renamed,
                         sandbox_pool)
from ..problems import ProblemFormatError
from ..judge.scoring import shown


def parsed_time_limit(time_limit: str):
    """--time-limit of `judge` and `verify` as a choice (judge.timelimits.parse_choice); a one-line error if bad."""
    from ..judge.timelimits import parse_choice

    try:
        return parse_choice(time_limit)
    except ValueError as e:
        fail(str(e))


def chosen_time_limit(prob, asked, pool, image):
    """PROB under the time limit ASKED chooses, and that limit; the calibration's progress in dim lines."""
    from ..judge.timelimits import choose_time_limit

    return choose_time_limit(prob, asked, pool, image, log=lambda m: console.print(Text(m, style="dim")))


@app.command()
def judge(
    problem: Annotated[Path, typer.Argument(help="Problem package (folder) to judge against.")],
    solution: Annotated[Path, typer.Argument(help="Solution source file.")],
    lang: Annotated[Optional[str], typer.Option("--lang", help="cpp|cpp17|cpp20|python|pypy3 (default: from extension and the problem)")] = None,
    jobs: opt.TestJobs = 1,
    time_limit: opt.TimeLimit = "package",
    as_json: opt.Json = False,
) -> None:
    """Judge SOLUTION on PROBLEM's official tests and print per-subtask scores."""
    from ..judge.judging import JudgeSetupError, judge_source, language_for
    from ..reports.terminal import submission_table

    prob = load_or_fail(problem)
    if not solution.exists():
        fail(f"{solution}: no such file")
    try:
        language = language_for(prob, solution, lang)
    except ValueError as e:
        fail(str(e))
    asked = parsed_time_limit(time_limit)
    with sandbox_pool(jobs) as (pool, image):
        try:
            prob, limit = chosen_time_limit(prob, asked, pool, image)
            sub = judge_source(prob, solution, language, pool, image)
        except JudgeSetupError as e:
            fail(str(e))
    if as_json:
        print(json.dumps({**sub.to_json(prob.max_score), "time_limit": limit.to_json()}))
    else:
        Console().print(f"time limit {limit.seconds:g} s ({limit.source}): {limit.why}", highlight=False, markup=False)
        Console().print(submission_table(prob, sub))
        if not sub.compile.ok:
            Console().print(sub.compile.log, markup=False, highlight=False)


@app.command()
def verify(
    problem: Annotated[Path, typer.Argument(help="Problem package whose reference solutions to check.")],
    jobs: opt.TestJobs = 1,
    time_limit: opt.TimeLimit = "package",
    as_json: opt.Json = False,
) -> None:
    """Judge every reference solution of PROBLEM; exit 0 only if each gets what its folder says."""
    from rich.table import Table

    from ..judge.judging import JudgeSetupError
    from ..judge.verify import verify_problem

    prob = load_or_fail(problem)
    if not prob.solutions:
        fail(f"{problem}: no reference solutions (solutions/<expected>/...)")
    asked = parsed_time_limit(time_limit)
    with sandbox_pool(jobs) as (pool, image):
        try:
            prob, limit = chosen_time_limit(prob, asked, pool, image)
            console.print(Text(f"time limit {limit.seconds:g} s ({limit.source}): {limit.why}", style="dim"))
            checks = verify_problem(
                prob, pool, image,
                on_solution=lambda c: console.print(
                    f"{'[green]ok[/]' if c.ok else '[red]MISMATCH[/]'} {c.file.name} ({c.expected}): {c.why}"))
        except JudgeSetupError as e:
            fail(str(e))
    all_ok = all(c.ok for c in checks)
    if as_json:
        print(json.dumps({"problem": prob.id, "ok": all_ok, "time_limit": limit.to_json(),
                          "solutions": [c.to_json(prob) for c in checks]}))
    elif not all_ok:
        table = Table(title=f"{prob.id}: solutions that disagree with their folder")
        for col in ("solution", "expected", "score", "why"):
            table.add_column(col)
        for c in checks:
            if not c.ok:
                table.add_row(c.file.name, c.expected, shown(c.submission.score, prob.score_precision), c.why)
        Console().print(table)
    else:
        Console().print(f"[green]{prob.id}: all {len(checks)} reference solutions agree with their folders[/]")
    raise typer.Exit(0 if all_ok else 1)


@app.command()
@opt.with_groups
def solve(
    problem: Annotated[Path, typer.Argument(help="Problem package, or a single statement file (Markdown).")],
    endpoint: opt.Endpoint = None,
    server: opt.ModelServer = opt.ModelServer(),
    agent: opt.AgentOverrides = opt.AgentOverrides(),
    out: opt.RunDir = None,
    jobs: opt.Jobs = opt.DEFAULT_JOBS,
    as_json: opt.Json = False,
) -> None:
    """Solve PROBLEM with the agent: draft, test, stress, repair, cluster and submit by subtask."""
    import time as _time

    from rich.live import Live

    from ..agent.config import AgentConfig
    from ..problems import load_problem
    from ..reports.live import solve_view
    from ..solve import RunDirMismatch, default_run_dir, require_statement, solve as run_solve

    refuse_renamed("agent", max_tokens=agent.max_tokens, time_limit=agent.time_limit)
    if not endpoint and not server.serve:
        fail("say where the model is: --endpoint URL, or --serve [--cpu]")
    contest_s, task_s, patience_s = durations(contest_time=agent.contest_time, task_time=agent.task_time,
                                              outage_patience=agent.outage_patience)
    try:
        prob = load_problem(problem)
        require_statement(prob)
        cfg = AgentConfig.load(agent.config, submissions=agent.submissions, task_tokens=agent.task_tokens,
                               task_time_s=task_s, contest_time_s=contest_s, max_completion_tokens=agent.call_tokens)
    except (ProblemFormatError, ValueError) as e:
        fail(str(e))
    run_dir = out or default_run_dir(prob)
    started = _time.time()
    with sandbox_pool(jobs) as (pool, image):
        live = Live(console=console, refresh_per_second=4, transient=False)
        with live:
            try:
                result = run_solve(prob, server.endpoint(endpoint, outage_patience_s=patience_s), pool, image,
                                   run_dir, cfg,
                                   on_progress=lambda p: live.update(solve_view(prob, p, started, cfg.submissions)),
                                   on_status=lambda s: console.print(s, highlight=False, markup=False,
                                                                     soft_wrap=True))
            except Exception as e:  # noqa: BLE001 - model/server failures end the run with one clear line
                from ..model.identity import IdentityError

                if isinstance(e, (RunDirMismatch, IdentityError)):
                    fail(str(e))
                if isinstance(e, (*model_setup_errors(), ValueError)):
                    fail(f"{type(e).__name__}: {e} (progress is kept in {run_dir}; rerun with --out to resume)")
                raise
    if as_json:
        print(json.dumps(result.to_json()))
    else:
        Console().print(f"{prob.id}: {shown(result.score, prob.score_precision)}/{prob.max_score:g} in {len(result.submissions)} "
                        f"submissions; run directory {run_dir}", highlight=False)
        if result.stop_reason != "done":  # a spent budget, or a stop the user must act on (most replies cut)
            Console().print(result.stop_reason, highlight=False, markup=False, soft_wrap=True)  # one line, unwrapped
        elif result.replies.warning():
            Console().print(result.replies.warning(), highlight=False, markup=False, soft_wrap=True)
        if result.tools is not None:  # tools: true (agent/toolcalls.py)
            t = result.tools
            Console().print(f"tools: {t['calls']} calls in {t['conversations']} conversations ({t['turns']} turns), "
                            f"{t['sandbox_s']:.1f} sandbox s; tokens {result.tokens['prompt']} prompt, "
                            f"{result.tokens['completion']} completion", highlight=False)
        if result.answer is not None:
            from sandbox.languages import get_language

            Console().print(f"answer: {run_dir}/answer{get_language(result.answer.language).suffix}")


@app.command()
def report(
    run_dirs: Annotated[list[Path], typer.Argument(
        help="A batch or eval output folder, or a single solve run directory; several are compared side by side.")],
    fmt: Annotated[str, typer.Option("--format", help="md | html | json")] = "md",
    cutoffs: Annotated[Optional[Path], typer.Option(help="Medal cut-offs YAML (default: IOI 2025).")] = None,
    gpus: Annotated[Optional[int], typer.Option(help="GPUs the runs used (default: what `--serve` recorded).")] = None,
    output: Annotated[Optional[Path], typer.Option(help="Where to write (html default: RUN_DIR/report.html).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Same as --format json.")] = False,
) -> None:
    """IOI-style report of a run: points per problem and subtask, medal cut-offs, history, cost; of several runs,
    a comparison with the differences marked and score against tokens and wall time."""
    from ..reports.compare import compare_html, compare_json, compare_markdown
    from ..reports.evals import eval_markdown
    from ..reports.report import load_cutoffs, load_run, render_html, render_json, render_markdown

    fmt = "json" if as_json else fmt
    if fmt not in ("md", "html", "json"):
        fail(f"--format: expected md, html or json, got {fmt!r}")
    try:
        medals = load_cutoffs(cutoffs)
        reps = [load_run(d, medals, gpus) for d in run_dirs]
    except (OSError, ValueError) as e:
        fail(str(e))
    several = len(reps) > 1
    if fmt == "json":
        text = json.dumps(compare_json(reps) | {"reports": [render_json(r) for r in reps]} if several
                          else render_json(reps[0]))
    elif fmt == "md":
        text = compare_markdown(reps) if several else \
            render_markdown(reps[0]) + ("\n" + eval_markdown(reps[0]) if reps[0].is_eval else "")
    else:
        path = output or run_dirs[0] / ("compare.html" if several else "report.html")
        path.write_text(compare_html(reps) if several else render_html(reps[0]))
        print(path)
        return
    if output:
        output.write_text(text)
        print(output)
    else:
        print(text)


@app.command("import")
def import_(
    src: Annotated[Path, typer.Argument(help="Problem package in any supported format.")],
    dest: Annotated[Path, typer.Argument(help="Folder to write the native package to (new or empty).")],
) -> None:
    """Convert a problem package (TPS, Kattis, CMS Italian, native) to the native format."""
    from ..problems import load_problem
    from ..problems.export import export_native

    try:
        prob = load_problem(src)
        export_native(prob, dest)
    except ProblemFormatError as e:
        fail(str(e))
    console.print(f"{prob.format} package {prob.id} -> {dest} ({len(prob.tests)} tests, "
                  f"{len(prob.subtasks)} subtasks)", highlight=False, soft_wrap=True, markup=False)


from . import archive, bench, select, serve  # noqa: E402,F401 - register their commands on the apps above


def main() -> None:  # pragma: no cover - console script entry
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())
