"""What crosses from the head to a node with each sandbox call, beyond plain values.

The agent's judge tools take files by path (generated cases in `RUN_DIR/cases/`, the package's tests) and
compiled programs. Nodes share no disk with the head, so the head sends references instead: a file's contents
and a program go into Ray's object store once, keyed by their digest, and each node fetches one the first time
it meets it and keeps it (`Landing`). A package's own tests are named, not sent: the node has its own copy of
the package. Each reference sits in a one-element list, so Ray hands over the reference and the node fetches
the bytes only when it lacks them.
"""
from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from sandbox.compiler import Program
from sandbox.executor import TestCase

from ..agent.judge_tools import Case

#: bytes of case files the head keeps in the object store (older ones are sent again when needed)
FILE_CACHE_BYTES = 64 * 1024 * 1024
#: compiled programs the head keeps in the object store, and each node in memory
PROGRAM_CACHE = 64


@dataclass(frozen=True)
class ShippedFile:
    digest: str
    blob: list
    """[ObjectRef of the contents]"""


@dataclass(frozen=True)
class ShippedProgram:
    key: str
    blob: list
    """[ObjectRef of the Program]"""


@dataclass(frozen=True)
class ShippedCase:
    name: str
    official: bool
    """One of the package's tests: the node uses its own copy (input and answer are then None)."""
    input: ShippedFile | None = None
    answer: ShippedFile | None = None


class Shipper:
    """The head's side: turns the arguments of a judge-tools call into what can cross, for one cluster."""

    def __init__(self, ray):
        self.ray = ray
        self._files: OrderedDict[str, tuple[int, ShippedFile]] = OrderedDict()
        self._file_bytes = 0
        self._programs: OrderedDict[str, ShippedProgram] = OrderedDict()
        self._lock = threading.Lock()

    def ship(self, value, problem):
        """VALUE with every Program, Case and TestCase in it (in lists, tuples and dicts too) made shippable."""
        if isinstance(value, Program):
            return self._program(value)
        if isinstance(value, (Case, TestCase)):
            if problem.tests.get(value.name) is value:
                return ShippedCase(value.name, True)
            return ShippedCase(value.name, False, self._file(value.input_path),
                               self._file(value.answer_path) if value.answer_path else None)
        if isinstance(value, (list, tuple)):
            return type(value)(self.ship(v, problem) for v in value)
        if isinstance(value, dict):
            return {k: self.ship(v, problem) for k, v in value.items()}
        return value

    def _file(self, path: Path) -> ShippedFile:
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()[:32]
        with self._lock:
            entry = self._files.get(digest)
            if entry is not None:
                self._files.move_to_end(digest)
                return entry[1]
            shipped = ShippedFile(digest, [self.ray.put(data)])
            self._files[digest] = (len(data), shipped)
            self._file_bytes += len(data)
            while self._file_bytes > FILE_CACHE_BYTES and len(self._files) > 1:
                size, _ = self._files.popitem(last=False)[1]
                self._file_bytes -= size
            return shipped

    def _program(self, program: Program) -> ShippedProgram:
        with self._lock:
            shipped = self._programs.get(program.key)
            if shipped is None:
                shipped = self._programs[program.key] = ShippedProgram(program.key, [self.ray.put(program)])
                while len(self._programs) > PROGRAM_CACHE:
                    self._programs.popitem(last=False)
            else:
                self._programs.move_to_end(program.key)
            return shipped


class Landing:
    """A node's side: turns shipped arguments back into programs and local files, fetching each once."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.folder.mkdir(parents=True, exist_ok=True)
        self._programs: OrderedDict[str, Program] = OrderedDict()
        self._lock = threading.Lock()

    def land(self, value, problem):
        """VALUE with every shipped thing in it replaced by the real one (PROBLEM: this node's copy)."""
        if isinstance(value, ShippedProgram):
            return self._program(value)
        if isinstance(value, ShippedCase):
            if value.official:
                return problem.tests[value.name]
            return Case(value.name, self._file(value.input), self._file(value.answer) if value.answer else None)
        if isinstance(value, (list, tuple)):
            return type(value)(self.land(v, problem) for v in value)
        if isinstance(value, dict):
            return {k: self.land(v, problem) for k, v in value.items()}
        return value

    def _file(self, shipped: ShippedFile) -> Path:
        import ray

        path = self.folder / shipped.digest
        if not path.exists():
            # written aside and renamed: a call running at the same time never reads half a file
            tmp = path.with_name(f"{shipped.digest}.{threading.get_ident()}.tmp")
            tmp.write_bytes(ray.get(shipped.blob[0]))
            tmp.replace(path)
        return path

    def _program(self, shipped: ShippedProgram) -> Program:
        import ray

        with self._lock:
            program = self._programs.get(shipped.key)
            if program is not None:
                self._programs.move_to_end(shipped.key)
                return program
        program = ray.get(shipped.blob[0])
        with self._lock:
            self._programs[shipped.key] = program
            while len(self._programs) > PROGRAM_CACHE:
                self._programs.popitem(last=False)
        return program
