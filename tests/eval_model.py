"""A scripted model for `cpsolve eval` tests and demos (test code only): for each problem it answers, in turn,
with the package's own reference solutions (accepted, partial, wrong answer), so the pass rates are known."""
from __future__ import annotations

import itertools
import re
import threading
from pathlib import Path

from solver.problems import load_problem

FOLDERS = ("accepted", "partial", "wrong_answer")


class ReferenceAnswers:
    """Answers a sample prompt with the next of its problem's reference solutions (cycled); by title."""

    def __init__(self, archive: Path, cycle: dict[str, list[str]] | None = None):
        self.sources: dict[str, list[tuple[str, str]]] = {}
        for folder in sorted(p for p in archive.iterdir() if p.is_dir()):
            problem = load_problem(folder)
            # C++ only: what `cpsolve eval` asks for by default (and extracts) on these packages
            files = [f for kind in FOLDERS for f in problem.solutions.get(kind, []) if f.suffix == ".cpp"]
            if not files:
                continue  # an output-only task: eval does not sample it
            if cycle and problem.id in cycle:  # a chosen order, by file name
                files = [next(f for f in files if f.name == name) for name in cycle[problem.id]]
            self.sources[problem.title] = [(f.name, f.read_text()) for f in files]
        self.turns = {title: itertools.cycle(range(len(files))) for title, files in self.sources.items()}
        self.lock = threading.Lock()
        self.given: list[str] = []

    def __call__(self, messages: list[dict]) -> str:
        title = re.search(r"^# Problem: (.+)$", messages[-1]["content"], re.M).group(1).strip()
        with self.lock:
            name, source = self.sources[title][next(self.turns[title])]
            self.given.append(name)
        fence = "python" if name.endswith(".py") else "cpp"
        return f"Here is my solution.\n```{fence}\n{source}\n```\n"
