"""`cpsolve bench select`: how much of a pool's reachable points a selection rule earns.

Per problem and budget b: the expected IOI score of (a) a random order, (b) open-r1's rule, (c) ours (the agent's
selection through `cpsolve select`), and (d) the oracle, the best any b candidates of the pool reach together;
and our efficiency (ours - random) / (oracle - random).

(a), (b)'s ranking of the feedback and (d) need every candidate judged once on the official tests. Those results
are cached on disk (CPSOLVE_CACHE/select-bench/<problem>-<package digest>/<source digest>.json) and only this
module reads them: rule (c) runs as `cpsolve select` does, in its own run directory, and learns only the
contestant feedback of what it submits.

Pool files are renamed for rule (c) to neutral ids (a digest of name and source, salted by --seed): the agent
breaks ties by candidate id, and a reference folder's names (`accepted/...`) must not decide for it. `--runs`
averages ours over that many salts.
"""
from __future__ import annotations

import asyncio
import hashlib
import json
import os
import random
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

from sandbox.languages import get_language

from ..agent.config import AgentConfig
from ..judge.judging import judge_source
from ..pool import PoolFile
from ..problems.model import Problem
from ..select import Helpers, select_with
from .rules import expected_random, open_r1_order, oracle, prefix_scores


def _cache_root() -> Path:
    root = os.environ.get("CPSOLVE_CACHE") or os.path.join(os.path.expanduser("~"), ".cache", "cpsolve")
    return Path(root) / "select-bench"


def package_digest(problem: Problem) -> str:
    """What official results depend on: subtasks, limits, task type, checker and graders (by content) and the
    tests (by name and size: hashing every test of a large package would cost more than it saves)."""
    h = hashlib.sha256()
    tt, chk = problem.task_type, problem.checker
    h.update(json.dumps({"id": problem.id, "limits": [problem.limits.time_s, problem.limits.memory_mib],
                         "subtasks": [[s.name, s.points, s.score_type, s.threshold, list(s.tests)]
                                      for s in problem.subtasks],
                         "checker": [chk.kind, chk.abs_tol, chk.rel_tol, list(chk.flags)], "task": tt.kind,
                         "tests": {n: [t.input_path.stat().st_size,
                                       t.answer_path.stat().st_size if t.answer_path else 0]
                                   for n, t in sorted(problem.tests.items())}}, sort_keys=True).encode())
    programs = [*chk.files.values(), *tt.graders.values(), *(tt.manager.files.values() if tt.manager else ())]
    for path in sorted(set(programs)):
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()[:16]


def source_digest(f: PoolFile) -> str:
    return hashlib.sha256(f"{f.language}\0{f.source}".encode()).hexdigest()[:24]


def official_vectors(problem: Problem, files: list[PoolFile], pool, image: str,
                     log: Callable[[str], None] = lambda m: None) -> dict[str, list[float] | None]:
    """Candidate id -> its per-subtask scores on the official tests (None: it does not compile), judged once
    per package and source and cached on disk."""
    folder = _cache_root() / f"{problem.id}-{package_digest(problem)}"
    folder.mkdir(parents=True, exist_ok=True)
    vectors: dict[str, list[float] | None] = {}
    for f in files:
        path = folder / f"{source_digest(f)}.json"
        if path.exists():
            data = json.loads(path.read_text())
        else:
            log(f"{problem.id}: judging {f.name} on the official tests")
            sub = judge_source(problem, f.path, get_language(f.language), pool, image)
            data = {"file": f.name, "compiled": sub.compile.ok, "subtasks": sub.subtask_scores}
            tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")  # two runs at once must not share it
            tmp.write_text(json.dumps(data))
            tmp.replace(path)
        vectors[f.cid] = data["subtasks"] if data["compiled"] else None
    return vectors


def neutral(files: list[PoolFile], seed: int) -> list[PoolFile]:
    """The same files under ids that say nothing about where they came from."""
    out = []
    for f in files:
        tag = hashlib.sha256(f"{seed}\0{f.name}\0{f.source}".encode()).hexdigest()[:12]
        out.append(replace(f, name=f"{tag}{f.path.suffix}"))
    return out


@dataclass
class Row:
    problem: str
    budget: int
    random: float
    open_r1: float
    ours: float
    oracle: float
    helpers: str = "none"
    """Where our rule's helper programs came from: "package" (the package's helpers/ folder), "--helpers" (the
    folder given), "model" (written by the model at --endpoint), combined with "+", or "none" (samples only)."""

    @property
    def efficiency(self) -> float | None:
        span = self.oracle - self.random
        return None if span < 1e-9 else (self.ours - self.random) / span

    def to_json(self) -> dict:
        eff = self.efficiency
        return {"problem": self.problem, "budget": self.budget, "random": round(self.random, 2),
                "open_r1": round(self.open_r1, 2), "ours": round(self.ours, 2), "oracle": round(self.oracle, 2),
                "efficiency": None if eff is None else round(eff, 3), "helpers": self.helpers}


async def bench_problem(problem: Problem, files: list[PoolFile], budgets: list[int], trials: int, seed: int,
                        pool, image: str, run_dir: Path | None, model=None, helpers: Helpers | None = None,
                        config: AgentConfig | None = None, log: Callable[[str], None] = lambda m: None,
                        runs: int = 1, helpers_source: str = "none") -> list[Row]:
    """The four rules on one problem's pool, one row per budget. Ours is averaged over RUNS select runs, each
    with other neutral ids (salts SEED, SEED + 1, ...): where no evidence separates two candidates the agent
    breaks the tie by id, so one run is one draw of that tie-break."""
    names = [s.name for s in problem.subtasks]
    points = [s.points for s in problem.subtasks]
    width = len(names)
    cfg = (config or AgentConfig()).model_copy(update={"submissions": max(budgets)})
    ours = {b: 0.0 for b in budgets}
    runs = max(1, runs)
    for salt in range(seed, seed + runs):
        hidden = neutral(files, salt)
        vectors = await asyncio.to_thread(official_vectors, problem, hidden, pool, image, log)
        # (c) ours: one run with the largest budget; its first b submissions are what budget b would submit,
        # since each pick depends only on the feedback of the picks before it
        with tempfile.TemporaryDirectory(prefix="cpsolve-bench-select-") as tmp:
            folder = run_dir / f"seed-{salt}" if run_dir else Path(tmp) / problem.id
            result = await select_with(problem, hidden, model, pool, image, folder, cfg, helpers, on_warning=log)
            order = [[h["subtasks"][n] for n in names] for h in result.submissions]
            samples = {c["id"]: c for c in _candidates(folder)}
        for b, v in prefix_scores(order, budgets, width).items():
            ours[b] += v / runs
        if salt == seed:  # the pool as the other rules see it
            compiled = {f.cid: (f, v) for f, v in ((f, vectors[f.cid]) for f in hidden) if v is not None}
            public = {cid: 1.0 - samples[cid]["failed"] / max(1, len(problem.samples))
                      if samples[cid]["compiled"] else 0.0 for cid in compiled}

    rng = random.Random(seed)
    pool_r1 = [{"id": cid, "public": public[cid], "length": f.reasoning_length or f.tokens or len(f.source),
                "target": f.target, "vector": v} for cid, (f, v) in compiled.items()]
    r1 = {b: 0.0 for b in budgets}
    for _ in range(max(1, trials)):
        order = [c["vector"] for c in open_r1_order(pool_r1, names, points, rng)]
        for b, v in prefix_scores(order, budgets, width).items():
            r1[b] += v / max(1, trials)
    pool_vectors = [v for _, v in compiled.values()]
    return [Row(problem.id, b, expected_random(pool_vectors, b), r1[b], ours[b], oracle(pool_vectors, b),
                helpers_source) for b in budgets]


def _candidates(run_dir: Path) -> list[dict]:
    """The compile-and-samples records of a select run (contestant-side facts: samples are public)."""
    out = []
    for line in (run_dir / "journal.jsonl").read_text().splitlines():
        e = json.loads(line)
        if e.get("type") == "candidate":
            out.append({"id": e["key"].split(":", 1)[1], "compiled": e["data"]["compiled"],
                        "failed": e["data"]["failed"]})
    return out


def render_table(rows: list[Row]) -> str:
    """Markdown, one line per problem and budget."""
    lines = ["| problem | budget | random | open-r1 | ours | oracle | efficiency | helpers |",
             "|---|--:|--:|--:|--:|--:|--:|---|"]
    for r in rows:
        eff = r.efficiency
        lines.append(f"| {r.problem} | {r.budget} | {r.random:.2f} | {r.open_r1:.2f} | {r.ours:.2f} | "
                     f"{r.oracle:.2f} | {'-' if eff is None else f'{eff:.2f}'} | {r.helpers} |")
    return "\n".join(lines)


def problem_pool(problem: Problem, pool_dir: Path | None, several: bool) -> Path:
    """Where PROBLEM's candidates are: POOL/<id>/, POOL itself for a lone problem, or the package's solutions/."""
    if pool_dir is None:
        return problem.root / "solutions"
    if (pool_dir / problem.id).is_dir() or several:
        return pool_dir / problem.id
    return pool_dir


HELPER_ROLES = ("brute", "generator", "validator")


def problem_helpers(problem: Problem, helpers_dir: Path | None, package: bool = True,
                    endpoint: str | None = None) -> tuple[Helpers | None, str]:
    """Our rule's helper programs for PROBLEM and where they came from (`Row.helpers`): HELPERS/<id>/ when a
    folder is given, else (PACKAGE) the package's own helpers/ folder, each of brute.*, generator.*, validator.*
    optional; the model at ENDPOINT writes the ones not found."""
    if helpers_dir is not None:
        folder, source = helpers_dir / problem.id, "--helpers"
    else:
        folder, source = (problem.root / "helpers" if package else None), "package"
    found = {role: next(iter(sorted(folder.glob(f"{role}.*"))), None) for role in HELPER_ROLES} \
        if folder is not None and folder.is_dir() else {}
    if not any(found.values()):
        return None, "model" if endpoint else "none"
    missing = endpoint is not None and not all(found.values())
    return Helpers(**found), f"{source} + model" if missing else source


def run_bench(problems: list[Problem], pool_dir: Path | None, budgets: list[int], trials: int, seed: int, pool,
              image: str, helpers_dir: Path | None = None, endpoint: str | None = None,
              log: Callable[[str], None] = lambda m: None, runs: int = 1,
              package_helpers: bool = True) -> list[Row]:
    """Every problem in turn, one model client (when an endpoint is given) for all. PACKAGE_HELPERS: a problem
    without --helpers uses its package's helpers/ folder (False: none, so samples only or the model's own)."""
    from ..pool import read_pool

    pools = [(p, read_pool(p, problem_pool(p, pool_dir, len(problems) > 1), log)) for p in problems]

    async def go(model) -> list[Row]:
        rows: list[Row] = []
        for problem, files in pools:
            helpers, source = problem_helpers(problem, helpers_dir, package_helpers, endpoint)
            rows += await bench_problem(problem, files, budgets, trials, seed, pool, image, None, model, helpers,
                                        log=log, runs=runs, helpers_source=source)
        return rows

    if endpoint is None:
        return asyncio.run(go(None))
    from ..solve import Endpoint, run_with_model

    with tempfile.TemporaryDirectory(prefix="cpsolve-bench-select-") as tmp:
        return run_with_model(Endpoint(url=endpoint), Path(tmp), go)
