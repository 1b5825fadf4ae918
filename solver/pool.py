"""A pool of candidate sources written elsewhere (another harness, another model, a team's attempts): the input
of `cpsolve select` and `cpsolve bench select`.

A pool is a folder, searched recursively, of C++ (`.cpp`, `.cc`, `.cxx`) and Python (`.py`) files with any names.
An optional `meta.jsonl` gives per-file facts the generator knew, one JSON object a line:
`{"file": "a/x.cpp", "reasoning_length": 12345, "target": "subtask-name", "tokens": 6789}` (all but `file`
optional). `target` is the subtask the file was written for; without it a file is for the whole problem.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .problems.errors import ProblemFormatError
from .problems.model import Problem

META = "meta.jsonl"
#: a candidate source's suffix (any case) to its language family: `select`'s pool and `batch --solutions` alike
SUFFIXES = {".cpp": "cpp", ".cc": "cpp", ".cxx": "cpp", ".py": "python3"}


def is_source(path: Path) -> bool:
    """Whether PATH is named as a candidate source (C++ or Python) by its suffix."""
    return path.suffix.lower() in SUFFIXES


@dataclass
class PoolFile:
    path: Path
    name: str
    """The path inside the pool, with '/' separators."""
    source: str
    language: str
    """A language name of sandbox/languages.yaml: C++ in the problem's dialect, or python3."""
    target: str | None = None
    reasoning_length: int | None = None
    tokens: int | None = None

    @property
    def cid(self) -> str:
        """The candidate id: the file's pool path, made safe as a file name (`pool.wrong-x-cpp`)."""
        return "pool." + re.sub(r"[^A-Za-z0-9_]+", "-", self.name).strip("-")


def _read_meta(path: Path, problem: Problem) -> dict[str, dict]:
    if not path.is_file():
        return {}
    subtasks = {s.name for s in problem.subtasks}
    meta: dict[str, dict] = {}
    for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
        except ValueError as e:
            raise ProblemFormatError(path, f"line {number}", f"not JSON ({e})") from None
        if not isinstance(entry, dict) or not isinstance(entry.get("file"), str):
            raise ProblemFormatError(path, f"line {number}.file", "expected an object with a \"file\" path")
        if entry.get("target") is not None and entry["target"] not in subtasks:
            raise ProblemFormatError(path, f"line {number}.target",
                                     f"{entry['target']!r} is not a subtask of {problem.id}")
        for key in ("reasoning_length", "tokens"):
            if entry.get(key) is not None and (not isinstance(entry[key], int) or isinstance(entry[key], bool)):
                raise ProblemFormatError(path, f"line {number}.{key}", "expected an integer")
        meta[entry["file"]] = entry
    return meta


def read_pool(problem: Problem, folder: Path, warn: Callable[[str], None] = lambda m: None) -> list[PoolFile]:
    """Every source of FOLDER, in path order. A file that is not a source is skipped with one warning naming it;
    a pool with no source at all is an error."""
    if not folder.is_dir():
        raise ProblemFormatError(folder, "", "no such pool folder")
    if problem.task_type.kind == "output_only":
        raise ProblemFormatError(problem.root, "task_type", f"{problem.id} is output-only: a pool of programs "
                                                           "cannot be submitted to it")
    meta = _read_meta(folder / META, problem)
    files: list[PoolFile] = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        name = path.relative_to(folder).as_posix()
        if name == META or any(part.startswith(".") for part in path.relative_to(folder).parts):
            continue
        family = SUFFIXES.get(path.suffix.lower())
        try:
            source = path.read_bytes().decode() if family else None
        except UnicodeDecodeError:
            source = None
        if family is None or source is None or not source.strip():
            warn(f"{path}: not a candidate source (C++ or Python text): skipped")
            continue
        info = meta.get(name, {})
        files.append(PoolFile(path, name, source, problem.cpp if family == "cpp" else family, info.get("target"),
                              info.get("reasoning_length"), info.get("tokens")))
    if not files:
        raise ProblemFormatError(folder, "", "the pool holds no candidate sources (.cpp, .cc, .cxx, .py)")
    ids = [f.cid for f in files]
    clash = next((i for i in ids if ids.count(i) > 1), None)
    if clash:
        raise ProblemFormatError(folder, "", f"two files map to the same candidate id {clash!r}: rename one")
    return files
