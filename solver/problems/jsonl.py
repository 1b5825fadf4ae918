"""Datasets that come as one JSON object a line (LiveCodeBench releases, DeepMind CodeContests): each file is an
archive of problems. Each record is turned into a Problem whose tests are written once to the cache
(`~/.cache/cpsolve/datasets/<hash of the record>/`, or under $CPSOLVE_CACHE), so it judges like any package.

A single problem of such a file is named `FILE.jsonl#ID`.
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from .codecontests import is_codecontests, load_codecontests
from .errors import ProblemFormatError
from .livecodebench import is_livecodebench, load_livecodebench
from .model import Problem


def is_jsonl(path: Path) -> bool:
    return path.is_file() and path.suffix == ".jsonl"


def split_problem_ref(path: str | Path) -> tuple[Path, str] | None:
    """`data.jsonl#abc301_a` -> (data.jsonl, "abc301_a"); None for anything else."""
    text = str(path)
    if "#" not in text:
        return None
    file, _, ident = text.rpartition("#")
    return (Path(file), ident) if file.endswith(".jsonl") and ident else None


def load_jsonl(path: Path) -> list[Problem]:
    """Every problem of a dataset file, in file order; a bad line fails with its number and the field."""

    problems: list[Problem] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise ProblemFormatError(path, "", f"cannot read the dataset ({e})") from None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"line {number}"
        try:
            record = json.loads(line)
        except ValueError as e:
            raise ProblemFormatError(path, where, f"not JSON ({e})") from None
        if not isinstance(record, dict):
            raise ProblemFormatError(path, where, "expected a JSON object")
        folder = cache_folder(line)
        if is_livecodebench(record):
            problems.append(load_livecodebench(record, path, where, folder))
        elif is_codecontests(record):
            problems.append(load_codecontests(record, path, where, folder))
        else:
            raise ProblemFormatError(path, where, "neither a LiveCodeBench record (question_content, "
                                     "public_test_cases) nor a CodeContests one (name, description, public_tests)")
    ids = [p.id for p in problems]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise ProblemFormatError(path, "", f"two problems share the id {dupes[0]!r}")
    if not problems:
        raise ProblemFormatError(path, "", "no problems in the file")
    return problems


def load_jsonl_problem(path: Path, ident: str) -> Problem:
    """The problem ID of a dataset file."""
    for problem in load_jsonl(path):
        if problem.id == ident:
            return problem
    raise ProblemFormatError(path, "", f"no problem with the id {ident!r}")


def cache_folder(record_line: str) -> Path:
    root = os.environ.get("CPSOLVE_CACHE") or os.path.join(os.path.expanduser("~"), ".cache", "cpsolve")
    return Path(root) / "datasets" / hashlib.sha256(record_line.encode()).hexdigest()[:24]
