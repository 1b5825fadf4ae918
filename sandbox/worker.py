"""A worker: one sandbox container with a judge session and a contestant session kept open.

Files are staged content-addressed (`/work/stage/<sha>`, or `<sha>.d/<name>` when the name matters), so an input
shared by many candidates crosses the Docker socket once per worker. What only the judge side reads (answers,
checkers, managers, interactors and their inputs) goes to `/work/secret`, which only the judge user can read.
"""
from __future__ import annotations

import hashlib
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

import docker

from .container import (CONTESTANT_USER, JUDGE_USER, RUN_DIR, SECRET_DIR, STAGE_DIR, ContainerLimits,
                        SandboxContainer)
from .protocol import RunnerSession

if TYPE_CHECKING:
    from .compiler import Program


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:32]


class Worker:
    """Not thread-safe: one thread drives a worker at a time (the pool hands them out)."""

    def __init__(self, client: docker.DockerClient, image: str, index: int, limits: ContainerLimits | None = None):
        self.index = index
        self.container = SandboxContainer(client, image, limits)
        self._judge: RunnerSession | None = None
        self._contestant: RunnerSession | None = None
        self._staged: set[str] = set()
        self._file_paths: dict[tuple, str] = {}
        self.fifo_count = 0
        """FIFOs made for Communication and interactive runs (reused from test to test)."""

    def __enter__(self) -> "Worker":
        self.container.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        for session in (self._judge, self._contestant):
            if session is not None:
                session.__exit__(None, None, None)
        self._judge = self._contestant = None
        self.container.close()

    @property
    def judge(self) -> RunnerSession:
        if self._judge is None:
            self._judge = self.container.session(JUDGE_USER).__enter__()
        return self._judge

    @property
    def contestant(self) -> RunnerSession:
        if self._contestant is None:
            self._contestant = self.container.session(CONTESTANT_USER).__enter__()
        return self._contestant

    def reset_contestant(self) -> None:
        """Drop the contestant session after a protocol failure; the next use opens a fresh exec."""
        if self._contestant is not None:
            try:
                self._contestant.__exit__(RuntimeError, None, None)
            finally:
                self._contestant = None

    def reset_judge(self) -> None:
        """Drop the judge session after a protocol failure; staged files stay in the container."""
        if self._judge is not None:
            try:
                self._judge.__exit__(RuntimeError, None, None)
            finally:
                self._judge = None

    def stage(self, data: bytes, *, secret: bool = False, executable: bool = False, name: str = "") -> str:
        """Copy bytes into the container once; returns their path. Secret files are readable by the judge only."""
        return self._stage(data, digest(data), secret=secret, executable=executable, name=name)

    def stage_program(self, program: Program, *, secret: bool = False) -> str:
        """Stage a compiled program under its own name. It is staged for every test it runs on, so its digest is
        the one the Program computed once, not a hash of its megabytes each time."""
        return self._stage(program.artifact, program.digest, secret=secret, executable=True,
                           name=program.binary_name)

    def _stage(self, data: bytes, content_digest: str, *, secret: bool, executable: bool, name: str) -> str:
        key = content_digest + ("x" if executable else "")
        folder = SECRET_DIR if secret else STAGE_DIR
        # named copies live in a folder of their own (`<key>.d/`): the same bytes staged with and without a name
        # must never ask one path to be both a file and a folder
        path = f"{folder}/{key}.d/{name}" if name else f"{folder}/{key}"
        if path not in self._staged:
            mode = 0o755 if executable else (0o600 if secret else 0o644)
            self.judge.put(path, data, mode)
            self._staged.add(path)
        return path

    def stage_file(self, path, *, secret: bool = False) -> str:
        """Stage a host file; its digest is remembered by (path, size, mtime) so a rerun skips the read."""
        st = os.stat(path)
        key = (str(path), st.st_size, st.st_mtime_ns, secret)
        staged = self._file_paths.get(key)
        if staged is None:
            staged = self._file_paths[key] = self.stage(Path(path).read_bytes(), secret=secret)
        return staged

    def box(self, role: str) -> str:
        """A judge-side box (checkers, managers, interactors); contestant runs use `contestant.box(role)`."""
        return f"{RUN_DIR}/{role}"


class WorkerPool:
    """N workers for `--jobs N`; containers start in parallel and are all removed on exit, Ctrl-C included."""

    def __init__(self, client: docker.DockerClient, image: str, jobs: int = 1, limits: ContainerLimits | None = None):
        self.workers = [Worker(client, image, i, limits) for i in range(max(1, jobs))]
        self._free = list(self.workers)
        self._cond = threading.Condition()

    def __enter__(self) -> "WorkerPool":
        try:
            with ThreadPoolExecutor(len(self.workers)) as ex:
                list(ex.map(lambda w: w.__enter__(), self.workers))
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        for w in self.workers:
            w.close()

    def acquire(self) -> Worker:
        with self._cond:
            while not self._free:
                self._cond.wait()
            return self._free.pop()

    def release(self, worker: Worker) -> None:
        with self._cond:
            self._free.append(worker)
            self._cond.notify()
