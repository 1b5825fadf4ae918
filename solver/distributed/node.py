"""The sandbox side of a cluster: one `SandboxNode` actor per machine, owning that machine's worker pool.

The head sends it the problem package once (as a tar in Ray's object store) and then the same calls the agent
makes on a local `JudgeTools`, with files and programs shipped by reference (`shipping.py`); the node runs them
on a real `JudgeTools` over its own pool. So there is one code path for judging, whichever machine it runs on.
"""
from __future__ import annotations

import io
import os
import shutil
import socket
import tarfile
import tempfile
import threading
from pathlib import Path

from ..agent.judge_tools import REMOTE_CALLS, JudgeTools
from .shipping import Landing


def pack_problem(root: Path) -> bytes:
    """A problem package folder as tar bytes, for nodes that do not share the disk."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        tar.add(root, arcname=root.name, filter=lambda t: None if "__pycache__" in t.name else t)
    return buf.getvalue()


class SandboxNode:
    """One machine's sandbox: the image (built here when missing), a pool of `jobs` workers, and per problem a
    `JudgeTools` over a local copy of the package. Calls come from many head threads at once (a threaded actor):
    the pool hands out workers, so that is safe."""

    def __init__(self, jobs: int):
        from sandbox.container import remove_stale_containers
        from sandbox.image import docker_client, ensure_image
        from sandbox.worker import WorkerPool

        client = docker_client()
        # what a node killed earlier left behind (containers whose owner process is gone)
        remove_stale_containers(client)
        self.image = ensure_image(client, log=lambda m: None)
        self.jobs = jobs
        self.pool = WorkerPool(client, self.image, jobs=jobs).__enter__()
        self._dir = Path(tempfile.mkdtemp(prefix="cpsolve-node-"))
        self._landing = Landing(self._dir / "files")
        self._tools: dict[str, object] = {}
        self._lock = threading.Lock()

    def info(self) -> dict:
        """Where this node is and what it has (the head logs it)."""
        return {"host": socket.gethostname(), "pid": os.getpid(), "jobs": self.jobs, "image": self.image}

    def call(self, key: str, package: list, method: str, args: tuple, kwargs: dict):
        """Run METHOD of the problem KEY's judge tools with ARGS and KWARGS (shipped: see shipping.py). PACKAGE
        is `[ObjectRef of the tar]`, in a list so that Ray hands over the reference and the tar is fetched only
        the first time this node sees the problem."""
        if method not in REMOTE_CALLS:  # only what `JudgeTools` declares with @remote_call
            raise ValueError(f"a sandbox node has no call {method!r}")
        tools = self._problem_tools(key, package)
        args, kwargs = self._landing.land(args, tools.problem), self._landing.land(kwargs, tools.problem)
        return getattr(tools, method)(*args, **kwargs)

    def close(self) -> None:
        """Remove this node's containers and package copies."""
        with self._lock:
            for tools in self._tools.values():
                tools.close()
            self._tools.clear()
        self.pool.close()
        shutil.rmtree(self._dir, ignore_errors=True)

    def _problem_tools(self, key: str, package: list):
        with self._lock:
            tools = self._tools.get(key)
            if tools is None:
                import ray

                from ..problems import load_problem

                folder = self._dir / key
                with tarfile.open(fileobj=io.BytesIO(ray.get(package[0])), mode="r:gz") as tar:
                    # the "data" filter (no absolute paths, links out, devices) where this Python has it
                    tar.extractall(folder, **({"filter": "data"} if hasattr(tarfile, "data_filter") else {}))
                (root,) = list(folder.iterdir())
                tools = self._tools[key] = JudgeTools(load_problem(root), self.pool, self.image)
            return tools
