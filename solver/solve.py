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
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .agent.config import AgentConfig
from .agent.journal import Journal
from .agent.llm import ClientModel
from .agent.loop import Agent, AgentResult, Progress
from .agent.sandboxing import SandboxTools
from .model import client_config as recipe_client_config
from .model.client import ClientConfig, ModelClient
from .model.recipes import Recipe, recipe_for
from .model.usage import UsageLog
from .problems.model import Problem

RUN_INFO = "run.json"


@dataclass
class Endpoint:
    """Where the model is: a URL to attach to, or a recipe to serve."""

    url: str | None = None
    serve: bool = False
    cpu: bool = False
    model: str | None = None
    port: int = 0


def default_run_dir(problem: Problem) -> Path:
    return Path("runs") / f"{problem.id}-{time.strftime('%Y%m%d-%H%M%S')}"


def check_run_dir(run_dir: Path, problem: Problem) -> None:
    """A run directory belongs to one problem: resuming it with another would mix their journals."""
    info = run_dir / RUN_INFO
    if info.exists():
        recorded = json.loads(info.read_text())
        if recorded.get("problem") != problem.id:
            raise ValueError(f"{run_dir} is a run of {recorded.get('problem')!r}, not {problem.id!r}")
    else:
        run_dir.mkdir(parents=True, exist_ok=True)
        info.write_text(json.dumps({"problem": problem.id, "root": str(problem.root), "started": time.time()}))


def client_config(url: str, recipe: Recipe | None, model: str | None) -> ClientConfig:
    """With a recipe its sampling defaults and batch size apply; a bare endpoint gets the client's defaults."""
    if recipe is None:
        return ClientConfig(base_url=url, model=model)
    return recipe_client_config(recipe, url, **({"model": recipe.served_name or model}))


@contextmanager
def model_endpoint(endpoint: Endpoint, run_dir: Path, on_status: Callable[[str], None] = lambda s: None):
    """The client configuration for ENDPOINT: a vLLM server launched for the duration (--serve, logging into
    RUN_DIR), or the given URL, with a recipe's sampling defaults when --model names one."""
    recipe = None
    with ExitStack() as stack:
        url = endpoint.url
        if endpoint.serve:
            from .serve import ServerProcess

            recipe = recipe_for(endpoint.model, endpoint.cpu)
            server = stack.enter_context(ServerProcess(recipe, run_dir, port=endpoint.port, cpu=endpoint.cpu))
            on_status(f"starting the model server (log: {server.log_path})")
            server.wait_ready()
            url = server.base_url
        elif endpoint.model:
            try:
                recipe = recipe_for(endpoint.model, False)
            except ValueError:
                recipe = None
        yield client_config(url, recipe, endpoint.model if not recipe else None)


def solve(problem: Problem, endpoint: Endpoint, pool, image: str, run_dir: Path, config: AgentConfig,
          on_progress: Callable[[Progress], None] | None = None,
          on_status: Callable[[str], None] = lambda s: None) -> AgentResult:
    check_run_dir(run_dir, problem)

    async def run(cfg: ClientConfig) -> AgentResult:
        async with ModelClient(cfg, usage_log=UsageLog(run_dir / "usage.jsonl")) as client:
            return await solve_with(problem, ClientModel(client), pool, image, run_dir, config, on_progress)

    with model_endpoint(endpoint, run_dir, on_status) as cfg:
        return asyncio.run(run(cfg))


async def solve_with(problem: Problem, model, pool, image: str, run_dir: Path, config: AgentConfig,
                     on_progress: Callable[[Progress], None] | None = None,
                     tools_for: Callable[[Problem], SandboxTools] | None = None) -> AgentResult:
    """One problem with a model client someone else owns (a batch shares one client and one sandbox pool).
    `tools_for` gives the sandbox tools another way (on a Ray cluster: `solver.distributed.tools`)."""
    check_run_dir(run_dir, problem)
    tools = tools_for(problem) if tools_for else SandboxTools(problem, pool, image)
    journal = Journal(run_dir)
    try:
        result = await Agent(problem, model, tools, journal, config, on_progress).run()
    finally:
        journal.close()
        tools.close()
    write_result(result, run_dir)
    return result


def write_result(result: AgentResult, run_dir: Path) -> None:
    """result.json (atomically), and for a problem without official tests the chosen program as answer.*"""
    if result.answer is not None:
        ext = ".py" if result.answer.language.startswith("python") else ".cpp"
        source = run_dir / "candidates" / f"{result.answer.id}{ext}"
        if source.exists():
            shutil.copyfile(source, run_dir / f"answer{ext}")
    write_json(run_dir / "result.json", {**result.to_json(), **result.details()})


def write_json(path: Path, data: dict) -> None:
    """Atomically: a crash leaves the old file or the new one, never half of one."""
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(data, indent=2))
    tmp.replace(path)
