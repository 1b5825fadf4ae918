"""The run directory's journal: every step appended as it finishes, and replayed on resume.

Each step has a key built from what it depends on (never from the order in which concurrent steps finished),
so a rerun of the same run walks the same keys, finds the finished ones in the journal and redoes nothing.
Lines are flushed and fsynced one by one: a SIGKILL loses at most the step that was running.
"""
from __future__ import annotations

import asyncio
import json
import os
import time
from pathlib import Path
from typing import Awaitable, Callable

JOURNAL = "journal.jsonl"


class Journal:
    def __init__(self, run_dir: Path):
        self.run_dir = run_dir
        run_dir.mkdir(parents=True, exist_ok=True)
        self.path = run_dir / JOURNAL
        self.done: dict[str, dict] = {}
        self.events: list[dict] = []
        if self.path.exists():
            self._replay()
        self._file = open(self.path, "a", encoding="utf-8")
        self._lock = asyncio.Lock()

    def _replay(self) -> None:
        good = 0  # bytes of whole, readable lines
        with open(self.path, "rb") as f:
            for line in f:
                try:
                    event = json.loads(line)
                except ValueError:
                    break
                if not line.endswith(b"\n"):
                    break
                good += len(line)
                self.events.append(event)
                if "key" in event:
                    self.done[event["key"]] = event
        # A torn last line (a crash mid-write) is cut off, so what this run appends stays readable next time.
        if good < self.path.stat().st_size:
            with open(self.path, "r+b") as f:
                f.truncate(good)

    def close(self) -> None:
        self._file.close()

    def write(self, event: dict) -> None:
        if self._file.closed:
            # a step still running after its run ended would make the journal say something the run did not
            raise RuntimeError(f"{self.path}: written after the run closed it ({event.get('key') or event['type']})")
        event = {"t": round(time.time(), 3), **event}
        self._file.write(json.dumps(event, ensure_ascii=False) + "\n")
        self._file.flush()
        os.fsync(self._file.fileno())
        self.events.append(event)
        if "key" in event:
            self.done[event["key"]] = event

    async def once(self, key: str, kind: str, step: Callable[[], Awaitable[dict]]) -> dict:
        """Run `step` unless the journal already has `key`; either way return its recorded data."""
        if key in self.done:
            return self.done[key]["data"]
        data = await step()
        async with self._lock:
            if key not in self.done:
                self.write({"key": key, "type": kind, "data": data})
        return data

    def of_type(self, kind: str) -> list[dict]:
        return [e for e in self.events if e.get("type") == kind]

    def save_source(self, name: str, source: str) -> Path:
        folder = self.run_dir / "candidates"
        folder.mkdir(exist_ok=True)
        path = folder / name
        if not path.exists():
            path.write_text(source)
        return path

