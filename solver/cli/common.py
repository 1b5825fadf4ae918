"""What every `cpsolve` command shares: the Typer apps, the stderr console, one-line errors, the sandbox pool."""
from __future__ import annotations

import signal
from contextlib import contextmanager
from pathlib import Path

import typer
from rich.console import Console
from rich.text import Text

from ..problems import ProblemFormatError

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


#: What each refused spelling was renamed to, by the command family that refuses it.
RENAMED_FLAGS = {
    "--max-tokens": {"agent": "--task-tokens N (the task's total; --call-tokens N is per call)",
                     "eval": "--call-tokens N (per call)"},
    "--time-limit": {"agent": "--task-time DURATION (the agent's wall clock; --time-limit is the problem's limit "
                              "in judge and verify)"},
}


def refuse_renamed(family: str, **given: object) -> None:
    """A one-line error for a renamed flag that was given (keyword: the flag, dashes as underscores)."""
    for name, value in given.items():
        flag = "--" + name.replace("_", "-")
        if value is not None:
            fail(f"{flag} was renamed: use {RENAMED_FLAGS[flag][family]}")


def model_setup_errors() -> tuple[type[Exception], ...]:
    """Failures to reach, launch or recognise the model: each ends a command with one line."""
    from ..model.identity import IdentityError
    from ..model.wire import ModelError
    from ..serve import ServerError

    return ModelError, ServerError, IdentityError


def durations(**given: str | None) -> list[float | None]:
    """Each duration option (keyword: the flag, dashes as underscores) in seconds, None where not given; a
    one-line error naming the flag for a bad one."""
    from ..agent.budget import parse_duration

    seconds = []
    for name, text in given.items():
        try:
            seconds.append(parse_duration(text) if text else None)
        except ValueError as e:
            fail(f"--{name.replace('_', '-')}: {e}")
    return seconds


def load_or_fail(path: Path):
    """The problem at PATH, or a one-line error naming the file and field."""
    from ..problems import load_problem

    try:
        prob = load_problem(path)
    except ProblemFormatError as e:
        fail(str(e))
    if prob.statement_error:  # judging and verifying need no statement: say so, and go on
        console.print(Text(f"warning: {prob.statement_error}; the statement is empty"), highlight=False)
    return prob


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


@contextmanager
def ray_sandbox(address: str, jobs: int | None):
    """A `SandboxCluster` on the Ray cluster at ADDRESS: a sandbox pool of JOBS workers on every node with CPUs."""
    from ..distributed.cluster import SandboxCluster

    signal.signal(signal.SIGTERM, _interrupt)
    try:
        cluster = SandboxCluster(address, jobs, log=lambda m: console.print(f"[dim]{m}[/]", highlight=False))
    except Exception as e:  # noqa: BLE001 - no Ray, no cluster there, no node with a sandbox: one line each
        fail(f"--ray {address}: {type(e).__name__}: {e}")
    with cluster:
        yield cluster
