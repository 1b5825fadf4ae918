"""Command-line options that several commands share, defined once (typer `Annotated` aliases)."""
from __future__ import annotations

from pathlib import Path
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
Model = Annotated[Optional[str], typer.Option(help="Model recipe name, model id or path.")]
Config = Annotated[Optional[Path], typer.Option(help="Agent strategy YAML (see solver/agent/config.py).")]

# the agent's overrides: `solve` and `batch` take the same ones, on top of --config
Submissions = Annotated[Optional[int], typer.Option(help="Submission budget per problem (IOI: 50).")]
MaxTokens = Annotated[Optional[int], typer.Option(help="Stop drafting after this many completion tokens.")]
TimeLimit = Annotated[Optional[float], typer.Option(help="Stop after this many seconds (per problem).")]
OutagePatience = Annotated[Optional[str], typer.Option(
    help="How long model calls wait for a server that stopped answering (restart, OOM kill, network loss) to "
         "answer again, e.g. 15m (the default); the clock runs meanwhile.")]
ContestTime = Annotated[Optional[str], typer.Option(
    help="Contest clock, e.g. 5h: each task gets its share (IOI: 3 tasks a day, see contest_tasks).")]
