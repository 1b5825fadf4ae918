"""A scripted contestant for simulated contest days: it answers the agent's prompts with the programs of the
problem packages (problems/ ones, and IOI TPS ones through tps_programs.py: their `solutions/` folders), and learns
from feedback.

- A draft is right (an `accepted/` program) with a small probability; a draft for a subtask is otherwise a program
  the package's `expected:` table says solves that subtask, or another wrong or partial one. A prompt that carries
  feedback (a repair's "What went wrong", or earlier submissions with their verdicts) raises the chance of a right
  program to `p_after_feedback`: the model learns from verdicts.
- Brute forces are the package's correct programs (accepted, then too-slow ones); generators and validators are
  the package's own, wrapped to the agent's `gen.py SEED N` / `validate.py < input` interfaces.
A few variants of each program (a comment line apart) keep candidates distinct without compiling thousands.
"""
from __future__ import annotations

import random
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .shapes import ShapedAnswer
from .tps_programs import tps_programs

#: How each package's gen.py is called for the agent's `python3 gen.py SEED N` ({n}: the agent's size).
GENERATOR_ARGS: dict[str, list[str]] = {
    "distinct": ["3", "{n}", "{n}", "uniform"],
    "leftovers": ["{n}", "{n}", "random"],
    "pavings": ["3", "{n}", "uniform"],
}
#: Prompt sections that carry feedback on an earlier program (today's repair prompt; the clock-driven agent's
#: earlier submissions with their verdicts).
FEEDBACK_MARKERS = ("## What went wrong", "## Earlier submissions", "## Your earlier submissions")
_FENCES = {".cpp": "cpp", ".py": "python", ".c": "c", ".java": "java"}
_COMMENT = {"cpp": "//", "c": "//", "java": "//", "python": "#"}


@dataclass
class Program:
    name: str
    """Path under solutions/, e.g. accepted/distinct.cpp."""
    fence: str
    source: str

    def fenced(self, variant: int) -> str:
        return f"```{self.fence}\n{_COMMENT[self.fence]} variant {variant}\n{self.source.rstrip()}\n```"


@dataclass
class ProblemPrograms:
    """What the scripted model writes for one problem package."""

    id: str
    title: str
    right: list[Program]
    other: list[Program]
    """Partial, wrong and too-slow programs."""
    solves: dict[str, list[Program]]
    """Subtask -> programs that get its full points (from problem.yaml `expected:`, accepted ones included)."""
    brutes: list[Program]
    generator: str
    validator: str
    last_subtask: str

    @classmethod
    def load(cls, root: Path) -> ProblemPrograms:
        """The programs of a problems/ package (problem.yaml) or of an IOI TPS package (problem.json:
        tps_programs.py); ValueError with one line naming the package when the contestant cannot answer for it."""
        if (root / "problem.json").is_file():
            return tps_programs(root, Program, cls)
        if not (root / "problem.yaml").is_file():
            raise ValueError(f"{root}: neither problem.yaml nor problem.json: bench day runs problems/ and IOI TPS "
                             f"packages")
        spec = yaml.safe_load((root / "problem.yaml").read_text())
        pid = spec.get("id") or root.name
        if pid not in GENERATOR_ARGS:
            raise ValueError(f"{root / 'problem.yaml'}: id: no scripted generator call for {pid!r} "
                             f"(solver/simulator/answerers.py knows {', '.join(sorted(GENERATOR_ARGS))})")
        programs: dict[str, Program] = {}
        for path in sorted((root / "solutions").rglob("*")):
            if path.suffix in _FENCES and path.is_file():
                name = str(path.relative_to(root / "solutions"))
                programs[name] = Program(name, _FENCES[path.suffix], path.read_text())
        right = [p for n, p in programs.items() if n.startswith("accepted/")]
        points = {st["name"]: st["points"] for st in spec["subtasks"]}
        solves = {st: list(right) for st in points}
        for name, got in (spec.get("expected") or {}).items():
            for st, score in got.items():
                if name in programs and st in points and points[st] > 0 and score >= points[st]:
                    solves[st].append(programs[name])
        args = ", ".join(f'"{a}"' if "{n}" not in a else "n" for a in GENERATOR_ARGS[pid])
        gen = (root / "generators" / "gen.py").read_text()
        generator = (f"import sys\nseed, n = sys.argv[1], sys.argv[2]\nsys.argv = ['gen.py', seed, {args}]\n" + gen)
        last = spec["subtasks"][-1]["name"]
        validator = (f"import sys\nsys.argv = ['validate.py', {last!r}]\n"
                     + (root / "generators" / "validate.py").read_text())
        return cls(id=pid, title=spec["title"], right=right, other=[p for n, p in programs.items() if p not in right],
                   solves=solves, last_subtask=last, generator=generator, validator=validator,
                   brutes=right + [p for n, p in programs.items() if n.startswith("time_limit_exceeded/")])


def kind_of(prompt: str) -> str:
    """What the agent asked for: brute, generator, validator, repair or draft."""
    if "Write a brute-force" in prompt:
        return "brute"
    if "random test generator" in prompt:
        return "generator"
    if "input validator" in prompt:
        return "validator"
    if any(m in prompt for m in FEEDBACK_MARKERS):
        return "repair"
    return "draft"


@dataclass
class DayAnswerer:
    """`answer(messages)` for `NemotronShape`: reacts to the problem, the target and the feedback in the prompt."""

    problems: list[ProblemPrograms]
    p_first: float = 0.02
    """Chance that a draft without feedback is an accepted program (so the hardest subtask stays open a while)."""
    p_after_feedback: float = 0.3
    """Chance once the prompt carries a failed verdict or a failing test."""
    p_target: float = 0.6
    """Chance that a draft for a subtask is a program that solves that subtask (when not an accepted one)."""
    variants: int = 3
    """Distinct sources per program (a comment line apart): candidates differ, compiles stay few."""
    trailing_block: bool = True
    """The real model's trailing untagged "Sample run" block (False: clean replies)."""
    slow_drafts: bool = True
    """Drafts may be the package's too-slow programs (each costs the sandbox seconds of time-outs); False keeps a
    short run's sandbox from falling behind on a small machine."""
    rare: dict[str, float] = field(default_factory=dict)
    """Problem id -> chance that a draft or repair for it is an accepted program, feedback or not (in place of
    `p_first` and `p_after_feedback`): a task whose last subtask is rarely solved, so points stay open all day."""
    seed: int = 0
    calls: dict[str, int] = field(default_factory=dict)
    """Requests answered, by kind."""
    right: int = 0
    """Accepted programs handed out as drafts or repairs."""

    def __post_init__(self) -> None:
        self._by_title = {p.title: p for p in self.problems}
        self._rng = random.Random(self.seed)
        self._lock = threading.Lock()

    def __call__(self, messages: list[dict]) -> ShapedAnswer:
        prompt = messages[-1]["content"]
        with self._lock:
            text = self._answer(prompt)
        return ShapedAnswer(text, trailing_block="Sample run:\n```\n3\n```" if self.trailing_block else None)

    def _answer(self, prompt: str) -> str:
        title = re.search(r"^# Problem: (.*)$", prompt, re.M)
        problem = self._by_title.get(title.group(1).strip()) if title else None
        kind = kind_of(prompt)
        self.calls[kind] = self.calls.get(kind, 0) + 1
        if problem is None:
            return "I cannot tell which problem this is."
        if kind == "brute":
            number = re.search(r"brute force number (\d+)", prompt)
            k = int(number.group(1)) - 1 if number else 0
            return problem.brutes[k % len(problem.brutes)].fenced(0)
        if kind == "generator":
            return f"```python\n{problem.generator.rstrip()}\n```"
        if kind == "validator":
            return f"```python\n{problem.validator.rstrip()}\n```"
        fence = re.search(r"in one ```(\w+) block", prompt)
        family = fence.group(1) if fence else "cpp"
        target = re.search(r'full points on subtask "([^"]+)"', prompt)
        right_chance = self.rare.get(problem.id, self.p_after_feedback if kind == "repair" else self.p_first)
        pick = self._pick(problem, family, target.group(1) if target else None, right_chance)
        return "Here is the program.\n\n" + pick.fenced(self._rng.randrange(self.variants))

    def _pick(self, problem: ProblemPrograms, family: str, target: str | None, right_chance: float) -> Program:
        def of(programs: list[Program]) -> list[Program]:
            same = [p for p in programs if p.fence == family]
            return same or programs

        others = [p for p in problem.other if self.slow_drafts or not p.name.startswith("time_limit_exceeded/")]
        right, other = of(problem.right), of(others) or of(problem.right)
        if self._rng.random() < right_chance:
            self.right += 1
            return self._rng.choice(right)
        if target and self._rng.random() < self.p_target:
            solving = [p for p in of(problem.solves.get(target, [])) if p not in right and p in others]
            if solving:
                return self._rng.choice(solving)
        return self._rng.choice(other)


def load_answerer(roots: list[Path], **options) -> DayAnswerer:
    """The scripted contestant for these problem packages."""
    return DayAnswerer([ProblemPrograms.load(r) for r in roots], **options)
