"""A Docker socket that stops passing traffic the moment a condition holds (test code only).

A test that must SIGKILL a run in a given phase points the run at it (DOCKER_HOST) with the condition "the journal
has the phase's first event". The condition is checked before each chunk is passed on, either way, so nothing the
run sends after that moment reaches Docker until `release()`: the run can neither judge, submit nor remove its
containers, so it cannot end, and the test kills it in exactly the phase it waited for however loaded the machine
is. (Waiting for the event and then killing raced the run: under load the phase could end first.)
"""
from __future__ import annotations

import os
import shutil
import socket
import tempfile
import threading
from pathlib import Path
from typing import Callable


class JournalHas:
    """True once the journal at PATH holds an event of TYPE (the file is read again only when it has grown)."""

    def __init__(self, path: Path, event_type: str):
        self.path, self.needle = path, f'"type": "{event_type}"'
        self._size = -1
        self._lock = threading.Lock()

    def __call__(self) -> bool:
        with self._lock:
            try:
                size = self.path.stat().st_size
            except FileNotFoundError:
                return False
            if size == self._size:
                return False
            self._size = size
            return self.needle in self.path.read_text()


class DockerHold:
    """`with DockerHold(condition) as hold:` run something with DOCKER_HOST=hold.url; `hold.holding` is set once a
    chunk was stopped; `hold.release()` lets everything through again."""

    def __init__(self, condition: Callable[[], bool]):
        self.condition = condition
        self.holding = threading.Event()
        self._released = threading.Event()
        upstream = os.environ.get("DOCKER_HOST", "unix:///var/run/docker.sock")
        if not upstream.startswith("unix://"):
            raise RuntimeError(f"DockerHold relays a unix socket, DOCKER_HOST is {upstream}")
        self.upstream = upstream[len("unix://"):]
        self._dir = tempfile.mkdtemp(prefix="dockerhold", dir="/tmp")  # short: a socket path must fit 108 bytes
        self.path = os.path.join(self._dir, "docker.sock")
        self.url = f"unix://{self.path}"
        self._listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()

    def __enter__(self) -> DockerHold:
        self._listener.bind(self.path)
        self._listener.listen(64)
        threading.Thread(target=self._accept, daemon=True, name="docker-hold").start()
        return self

    def __exit__(self, *exc) -> None:
        self.release()
        with self._lock:
            for s in [self._listener, *self._sockets]:
                try:
                    s.close()
                except OSError:
                    pass
        shutil.rmtree(self._dir, ignore_errors=True)

    def release(self) -> None:
        self._released.set()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return  # closed
            upstream = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            upstream.connect(self.upstream)
            with self._lock:
                self._sockets += [client, upstream]
            for src, dst in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(src, dst), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket) -> None:
        try:
            while chunk := src.recv(65536):
                self._gate()
                dst.sendall(chunk)
        except OSError:
            pass
        finally:
            try:
                dst.shutdown(socket.SHUT_WR)
            except OSError:
                pass

    def _gate(self) -> None:
        if self._released.is_set():
            return
        if self.holding.is_set() or self.condition():
            self.holding.set()
            self._released.wait()
