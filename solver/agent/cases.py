"""Generated inputs and reference outputs, kept content-addressed in the run directory (`RUN_DIR/cases/`).

The journal records only their hashes, so a resumed run judges exactly the same cases without the journal
growing by megabytes. A file is written before the journal line that names it."""
from __future__ import annotations

import hashlib
from pathlib import Path

from .judge_tools import Case


class CaseStore:
    def __init__(self, run_dir: Path):
        self.folder = run_dir / "cases"

    def put(self, data: bytes) -> str:
        key = hashlib.sha256(data).hexdigest()[:24]
        path = self.path(key)
        if not path.exists():
            self.folder.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_bytes(data)
            tmp.replace(path)
        return key

    def path(self, key: str) -> Path:
        return self.folder / key

    def read(self, key: str) -> bytes:
        return self.path(key).read_bytes()

    def cases(self, prefix: str, pairs: list[list]) -> list[Case]:
        """Cases named PREFIX0, PREFIX1, ... from journaled [input key, answer key or None] pairs."""
        return [Case(f"{prefix}{i}", self.path(inp), self.path(ans) if ans else None)
                for i, (inp, ans) in enumerate(pairs)]
