"""What the dataset readers (codecontests.py, livecodebench.py) share: a record's fields with one-line errors, ids
from names, and tests written once to the cache. A leaf, so jsonl.py can import the readers and they need
nothing from it."""
from __future__ import annotations

import os
import re
import threading
from pathlib import Path
from typing import Callable

from sandbox.executor import TestCase

from .errors import ProblemFormatError

#: Marks a cache folder whose tests were written whole.
DONE = ".complete"


def slug(text: str) -> str:
    """A problem id from a dataset's name: letters, digits, `_` and `-` only."""
    return re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-")[:80] or "problem"


def write_tests(folder: Path, tests: list[tuple[str, bytes, bytes]]) -> dict[str, TestCase]:
    """(name, input, answer) written under FOLDER/tests once (a marker says the set is whole; a crash midway
    rewrites it); returns the test cases in order."""
    tests_dir = folder / "tests"
    if not (folder / DONE).exists():
        tests_dir.mkdir(parents=True, exist_ok=True)
        for name, data, answer in tests:
            for path, content in ((tests_dir / f"{name}.in", data), (tests_dir / f"{name}.ans", answer)):
                # whole or not at all: another run that found the marker may be judging with this file now
                tmp = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}")
                tmp.write_bytes(content)
                tmp.replace(path)
        (folder / DONE).write_text("")
    return {name: TestCase(name, tests_dir / f"{name}.in", tests_dir / f"{name}.ans") for name, _, _ in tests}


def field(record: dict, key: str, kind: type | tuple, file: Path, where: str, check: Callable | None = None):
    """record[key], of type KIND, or a one-line error naming the line and the field."""
    if key not in record:
        raise ProblemFormatError(file, f"{where}: {key}", "missing")
    value = record[key]
    if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
        names = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
        raise ProblemFormatError(file, f"{where}: {key}", f"expected {names}, got {type(value).__name__}")
    return value
