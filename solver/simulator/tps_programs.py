"""The scripted contestant's programs for an IOI TPS package (the ioi/task-archive layout: problem.json,
solutions/<class>/, subtasks/*.json, tests/, graders/), built from what solver/problems/tps.py loads.

- Right programs: the package's model and correct solutions (tps.SOLUTION_CLASSES "accepted"); every other
  solution is a wrong, partial or too-slow draft; brute forces are the accepted programs, then the too-slow ones.
- Per-subtask solvers come from the package's own verdict data when it has some: a TPS `solutions.json`
  ({"file": {"verdict": ..., "except": {subtask: verdict}}}). The IOI 2026 packages carry none (their
  solutions/ folders are the only verdicts), so a solution whose file name holds a subtask's name as a word
  (`dilshod_m_eq_0.cpp` for `02-m_eq_0`, `sub1.cpp` for `01-sub1`) is taken to be written for that subtask.
  That guess only shapes which drafts the contestant hands out for a target; the judge alone decides points.
- Generator: the archive's packages ship no generator (TPS's gen/ folder is left out of the CMS export), and a
  TPS generator's gen/data calls carry no size the agent's N could be mapped to generically, so the wrapper
  picks a random existing input of the package: the smallest non-sample test inputs (up to POOL_TESTS of them,
  POOL_BYTES in all, so the reply stays a program's length), `gen.py SEED N` drawing among the N smallest.
- Validator: the packages ship none either, so the wrapper accepts exactly the inputs it may see (the sample
  inputs and the generator's pool, by SHA-256) and names the input's hash when it rejects one.
"""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from ..problems import load_problem
from ..problems.model import Problem

#: Most test inputs the generator wrapper embeds, and their total size (the wrapper is a reply's program).
POOL_TESTS = 40
POOL_BYTES = 16 * 1024
#: TPS verdicts (solutions.json) that give a subtask full points.
FULL_VERDICTS = ("model_solution", "correct")
_FENCES = {".cpp": "cpp", ".cc": "cpp", ".py": "python"}


def refusal(problem: Problem) -> str | None:
    """Why bench day cannot run this package (one line naming it), or None."""
    if not problem.solutions.get("accepted"):
        return (f"{problem.root / 'solutions'}: no model_solution or correct program: the scripted contestant "
                f"has no right program to hand out")
    if problem.task_type.kind == "output_only":
        return (f"{problem.root / 'problem.json'}: task_type: output-only tasks are not run by bench day (the "
                f"scripted contestant answers with programs; the agent's output-only path is not simulated)")
    return None


def tps_programs(root: Path, program, problem_programs):
    """A `ProblemPrograms` (answerers.py; PROGRAM and PROBLEM_PROGRAMS are its classes, passed in to keep the
    modules one-way) for the TPS package at ROOT; ValueError with one line when it cannot be run."""
    problem = load_problem(root)
    why = refusal(problem)
    if why:
        raise ValueError(why)
    programs = {}
    by_class: dict[str, list] = {}
    for cls, paths in problem.solutions.items():
        for path in paths:
            if path.suffix not in _FENCES:
                continue
            name = str(path.relative_to(root / "solutions"))
            programs[name] = program(name, _FENCES[path.suffix], path.read_text())
            by_class.setdefault(cls, []).append(programs[name])
    right = by_class.get("accepted", [])
    scored = [s for s in problem.subtasks if s.points > 0]
    solves = {s.name: list(right) for s in scored}
    for st, names in _subtask_solvers(root, [s.name for s in scored], list(programs)).items():
        solves[st] += [programs[n] for n in names if programs[n] not in right]
    pool = _pool(problem)
    return problem_programs(
        id=problem.id, title=problem.title, right=right, other=[p for p in programs.values() if p not in right],
        solves=solves, brutes=right + by_class.get("time_limit_exceeded", []),
        generator=_generator(pool), validator=_validator(problem, pool),
        last_subtask=scored[-1].name if scored else problem.subtasks[-1].name)


def _short(subtask: str) -> str:
    """`02-m_eq_0` -> `m_eq_0`: TPS names a subtask without the file's order prefix."""
    return re.sub(r"^\d+[-_]", "", subtask)


def _subtask_solvers(root: Path, subtasks: list[str], names: list[str]) -> dict[str, list[str]]:
    """Subtask -> solution names (relative to solutions/) written to solve it: from solutions.json when the
    package has one, else from the file names (module docstring)."""
    meta_file = root / "solutions.json"
    found: dict[str, list[str]] = {}
    if meta_file.is_file():
        try:
            meta = json.loads(meta_file.read_text())
        except ValueError as e:
            raise ValueError(f"{meta_file}: not valid JSON ({e})") from None
        by_file = {Path(n).name: n for n in names}
        for file, entry in meta.items() if isinstance(meta, dict) else ():
            name = by_file.get(Path(file).name)
            if name is None or not isinstance(entry, dict):
                continue
            excepts = entry.get("except") or {}
            for st in subtasks:
                verdict = excepts.get(st, excepts.get(_short(st), entry.get("verdict")))
                if verdict in FULL_VERDICTS:
                    found.setdefault(st, []).append(name)
        return found
    for st in subtasks:
        short = _short(st)
        if len(short) < 3 or short in ("full", "samples"):
            continue
        word = re.compile(rf"(^|[^A-Za-z0-9]){re.escape(short)}($|[^A-Za-z0-9])", re.I)
        found[st] = [n for n in names if word.search(Path(n).stem)]
    return found


def _pool(problem: Problem) -> list[bytes]:
    """The smallest non-sample test inputs, smallest first, within POOL_TESTS and POOL_BYTES."""
    sizes = sorted((problem.tests[n].input_path.stat().st_size, n) for n in problem.tests if n not in problem.samples)
    pool: list[bytes] = []
    total = 0
    for size, name in sizes:
        if len(pool) >= POOL_TESTS or total + size > POOL_BYTES:
            break
        data = problem.tests[name].read_input()
        if data not in pool:
            pool.append(data)
            total += size
    if not pool:  # every input is large: the smallest one, whatever its size
        pool = [problem.tests[sizes[0][1]].read_input()] if sizes else []
    return pool


def _generator(pool: list[bytes]) -> str:
    return ("import random, sys\n"
            "# inputs of the package's own tests, smallest first; N picks among the N smallest\n"
            f"POOL = {pool!r}\n"
            "seed, n = int(sys.argv[1]), int(sys.argv[2])\n"
            "rng = random.Random(seed)\n"
            "sys.stdout.buffer.write(POOL[rng.randrange(max(1, min(n, len(POOL))))])\n")


def _validator(problem: Problem, pool: list[bytes]) -> str:
    known = sorted({hashlib.sha256(d).hexdigest() for d in pool}
                   | {hashlib.sha256(problem.tests[n].read_input()).hexdigest() for n in problem.samples})
    return ("import hashlib, sys\n"
            "# the package ships no validator: accept the inputs of its own tests that the generator draws from\n"
            f"KNOWN = {set(known)!r}\n"
            "digest = hashlib.sha256(sys.stdin.buffer.read()).hexdigest()\n"
            "if digest not in KNOWN:\n"
            "    sys.exit(f'not one of the package test inputs (sha256 {digest})')\n")
