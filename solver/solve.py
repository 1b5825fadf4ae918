"""`cpsolve solve`: one problem, one run directory, the agent, and the result.

The run directory holds the journal (every step), the candidates' sources, the model's usage log, the server
log when we launched the server, `result.json`, and for a single statement file the chosen `answer.*`.
Pointing `--out` at an existing run directory resumes it.
"""
from __future__ import annotations

import asyncio
import json
import shutil
import time
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Awaitable, Callable, TypeVar

from sandbox.languages import get_language

from .agent.config import AgentConfig
from .agent.journal import Journal
from .agent.llm import ClientModel, ModelInfo
from .agent.loop import Agent, AgentResult, Progress
from .agent.judge_tools import JudgeTools
from .model import identity_config
from .model.client import ModelClient
from .model.config import ClientConfig
from .model.identity import ModelIdentity, identify
from .model.metrics import sized_client
from .model.slots import REQUEST_OWNER
from .model.recipes import Recipe, recipe_for
from .model.usage import UsageLog
from .problems.model import Problem

T = TypeVar("T")

RUN_INFO = "run.json"


@dataclass
class Endpoint:
    """Where the model is: a URL to attach to, or a recipe to serve."""

    url: str | None = None
    serve: bool = False
    cpu: bool = False
    model: str | None = None
    """--model: a recipe name, a served name or a Hugging Face id (the id asked for is one the server lists)."""
    recipe: str | None = None
    """--recipe: the recipe for a served name that matches none (a custom name, an FP8 variant, a local path)."""
    port: int = 0
    outage_patience_s: float | None = None
    """How long calls wait out a server that stopped answering (None: ClientConfig's default)."""


def default_run_dir(problem: Problem) -> Path:
    return Path("runs") / f"{problem.id}-{time.strftime('%Y%m%d-%H%M%S')}"


class RunDirMismatch(ValueError):
    """The run directory was made for another problem, model, recipe or strategy: resuming would mix two runs."""


#: run.json fields recorded for the reader but free to change on resume: a server restarted with another context
#: (and so another per-call budget) serves the same model.
SERVER_FIELDS = ("call_tokens", "context")


def run_record(problem: Problem, config: AgentConfig | None, info: ModelInfo | None = None) -> dict:
    """What a run directory is a run of. Budgets (tokens, time) are left out: a resume may extend them. Runs without
    an agent (eval's plain sampling) record no strategy."""
    record: dict = {"problem": problem.id}
    if config is not None:
        record["config"] = config.strategy()
    if info is not None:
        record.update(model=info.model, recipe=info.recipe, call_tokens=info.completion_tokens,
                      context=info.max_model_len)
    return record


def check_run_dir(run_dir: Path, problem: Problem, config: AgentConfig | None = None,
                  info: ModelInfo | None = None) -> None:
    """RUN_DIR/run.json records the problem, model, recipe and strategy of the run; resuming it with other ones
    raises RunDirMismatch (one line naming the file and field). Fields not known yet (the model before the server
    is up) are checked, and recorded, when they are."""
    path = run_dir / RUN_INFO
    want = run_record(problem, config, info)
    if not path.exists():
        run_dir.mkdir(parents=True, exist_ok=True)
        write_json(path, {**want, "root": str(problem.root), "started": time.time()})
        return
    try:
        recorded = json.loads(path.read_text())
    except (OSError, ValueError) as e:
        raise RunDirMismatch(f"{path}: cannot read it ({e})") from None
    for field, value in want.items():
        if field not in recorded or field in SERVER_FIELDS:
            continue
        if field == "config":
            for key in sorted(set(value) | set(recorded[field])):
                # a setting the run's version did not have yet: that run behaved as its default does
                made = recorded[field].get(key, AgentConfig.model_fields[key].default
                                           if key in AgentConfig.model_fields else None)
                if made != value.get(key):
                    raise RunDirMismatch(f"{path}: config.{key}: the run was made with {made!r}, "
                                         f"this one asks for {value.get(key)!r}; resume with the same settings or "
                                         "choose another --out")
        elif recorded[field] != value:
            raise RunDirMismatch(f"{path}: {field}: the run was made with {recorded[field]!r}, this one uses "
                                 f"{value!r}; resume with the same {field} or choose another --out")
    if any(field not in recorded or recorded[field] != value for field, value in want.items()):
        write_json(path, {**recorded, **want})


def check_served_model(run_dirs: list[Path], model: str) -> None:
    """A resumed batch or eval against a server of another model stops before any problem starts: RunDirMismatch
    naming the first run directory whose run.json records another model (one line, as `solve` says it)."""
    for run_dir in run_dirs:
        path = run_dir / RUN_INFO
        try:
            recorded = json.loads(path.read_text()).get("model") if path.exists() else None
        except (OSError, ValueError):
            continue  # check_run_dir says what is wrong with it when the problem starts
        if recorded is not None and recorded != model:
            raise RunDirMismatch(f"{path}: model: the run was made with {recorded!r}, this one uses {model!r}; "
                                 "resume with the same model or choose another --out")


def identify_endpoint(url: str, asked: str | None = None, recipe_name: str | None = None,
                      recipe: Recipe | None = None) -> ModelIdentity:
    """Who the model at URL is, from its /v1/models (see solver/model/identity.py); a ModelError when the server
    does not answer, an IdentityError when it does not serve what was asked."""
    async def listing() -> list[dict]:
        # one connection is all a listing needs (each pool of connections loads the CA certificates: ~65 ms)
        async with ModelClient(ClientConfig(base_url=url, max_sequences=1)) as client:
            return await client.listing()

    return identify(asyncio.run(listing()), url.rstrip("/"), asked=asked, recipe_name=recipe_name, recipe=recipe)


@contextmanager
def model_endpoint(endpoint: Endpoint, run_dir: Path, on_status: Callable[[str], None] = lambda s: None):
    """The client configuration for ENDPOINT: a vLLM server launched for the duration (--serve, logging into
    RUN_DIR), or the given URL; either way the model, recipe, context and per-call budget come from what the
    server lists at /v1/models, and are told through ON_STATUS (with any warning) before work starts."""
    recipe = None
    with ExitStack() as stack:
        url = endpoint.url
        if endpoint.serve:
            from .serve import ServerProcess

            recipe = recipe_for(endpoint.model, endpoint.cpu, endpoint.recipe)
            server = stack.enter_context(ServerProcess(recipe, run_dir, port=endpoint.port, cpu=endpoint.cpu))
            on_status(f"starting the model server (log: {server.log_path})")
            server.wait_ready()
            url = server.base_url
            record_gpus(run_dir, recipe, endpoint.cpu)
        identity = identify_endpoint(url, None if endpoint.serve else endpoint.model, endpoint.recipe, recipe)
        for warning in identity.warnings:
            on_status(f"warning: {warning}")
        on_status(identity.describe())
        cfg = identity_config(identity, url)
        if endpoint.outage_patience_s is not None:
            cfg = replace(cfg, outage_patience_s=endpoint.outage_patience_s)
        yield cfg


SERVE_INFO = "serve.json"


def gpus_of(recipe: Recipe, cpu: bool) -> int:
    """GPUs a launched server uses: none on CPU, else its tensor-parallel size (vLLM's default is 1)."""
    if cpu:
        return 0
    args = recipe.vllm_args
    for i, arg in enumerate(args):
        if arg in ("--tensor-parallel-size", "-tp") and i + 1 < len(args):
            return int(args[i + 1])
        if arg.startswith("--tensor-parallel-size="):
            return int(arg.split("=", 1)[1])
    return 1


def record_gpus(run_dir: Path, recipe: Recipe, cpu: bool) -> None:
    """serve.json: what the run's own server used, for the report's GPU-seconds per point."""
    run_dir.mkdir(parents=True, exist_ok=True)
    write_json(run_dir / SERVE_INFO, {"recipe": recipe.name, "gpus": gpus_of(recipe, cpu)})


def solve(problem: Problem, endpoint: Endpoint, pool, image: str, run_dir: Path, config: AgentConfig,
          on_progress: Callable[[Progress], None] | None = None,
          on_status: Callable[[str], None] = lambda s: None) -> AgentResult:
    require_statement(problem)
    check_run_dir(run_dir, problem, config)  # before a server is launched: a wrong --out fails at once
    return run_with_model(endpoint, run_dir, lambda model: solve_with(problem, model, pool, image, run_dir, config,
                                                                      on_progress), on_status)


def run_with_model(endpoint: Endpoint, run_dir: Path, work: Callable[[ClientModel], Awaitable[T]],
                   on_status: Callable[[str], None] = lambda s: None) -> T:
    """WORK(model) on a client of ENDPOINT (a server launched first where it says `serve`), every call logged
    to RUN_DIR/usage.jsonl: how solve, select and bench select reach their model."""
    async def run(cfg: ClientConfig) -> T:
        # a server cpsolve did not launch is sized from its /metrics (solver/model/metrics.py)
        async with sized_client(cfg, endpoint.serve,
                                lambda c: ModelClient(c, usage_log=UsageLog(run_dir / "usage.jsonl"))) as client:
            return await work(ClientModel(client))

    with model_endpoint(endpoint, run_dir, on_status) as cfg:
        return asyncio.run(run(cfg))


async def solve_with(problem: Problem, model, pool, image: str, run_dir: Path, config: AgentConfig,
                     on_progress: Callable[[Progress], None] | None = None,
                     tools_for: Callable[[Problem], JudgeTools] | None = None) -> AgentResult:
    """One problem with a model client someone else owns (a batch shares one client and one sandbox pool).
    `tools_for` gives the judge tools another way (on a Ray cluster: `solver.distributed.tools`)."""
    require_statement(problem)
    # the shared client shares its slots fairly between the problems asking (solver/model/slots.py); this runs in
    # the problem's own asyncio task, so the owner holds for every call the agent makes from here
    REQUEST_OWNER.set(problem.id)
    client = getattr(model, "client", None)
    sharing = hasattr(client, "join")
    if sharing:
        client.join(problem.id)
    try:
        check_run_dir(run_dir, problem, config, await model.info())
        tools = tools_for(problem) if tools_for else JudgeTools(problem, pool, image)
        journal = Journal(run_dir)
        try:
            result = await Agent(problem, model, tools, journal, config, on_progress).run()
        finally:
            journal.close()
            tools.close()
    finally:
        if sharing:
            client.leave(problem.id)
    write_result(result, run_dir)
    return result


def require_statement(problem: Problem) -> None:
    """A model cannot solve what it cannot read: a statement that yielded no text stops a solve at once."""
    if problem.statement_error:
        raise ValueError(f"{problem.statement_error} (solving needs the statement)")


def write_result(result: AgentResult, run_dir: Path) -> None:
    """result.json (atomically), and for a problem without official tests the chosen program as answer.*"""
    if result.answer is not None:
        ext = get_language(result.answer.language).suffix
        source = run_dir / "candidates" / f"{result.answer.id}{ext}"
        if source.exists():
            shutil.copyfile(source, run_dir / f"answer{ext}")
    write_json(run_dir / "result.json", {**result.to_json(), **result.details()})


def write_json(path: Path, data: dict) -> None:
    """Atomically: a crash leaves the old file or the new one, never half of one."""
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(data, indent=2))
    tmp.replace(path)


WALL_INFO = "wall.json"


def add_wall_time(run_dir: Path, seconds: float) -> None:
    """wall.json: the wall time of a batch or eval folder, summed over its sessions (resumes add to it)."""
    path = run_dir / WALL_INFO
    earlier = json.loads(path.read_text()).get("wall_s", 0.0) if path.exists() else 0.0
    write_json(path, {"wall_s": round(earlier + seconds, 1)})
