"""`cpsolve bench day`: a contest day through the real agent and sandbox, against the simulated vLLM server with
an H200's timing (solver/simulator), answered by a scripted contestant that learns from feedback.

The three tasks run at once, as at the IOI, sharing one server and one sandbox pool; each gets the whole clock.
Simulated time runs `time_scale`x real time, and the agent's clock is set in real seconds to match. Figures:
GPU utilisation (tokens generated / what the GPU makes with its batch as full as memory allows, over the clock),
mean sequences in flight, generations per task (candidates judged on the samples before the clock), submissions
by fifth of the clock, score, and the judging backlog (replies the sandbox had not judged when the clock ended).
"""
from __future__ import annotations

import asyncio
import json
import math
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..agent.config import AgentConfig
from ..problems import load_problem
from ..simulator import GpuModel, Lengths, NemotronShape, SimulatedVLLM
from ..simulator.answerers import kind_of, load_answerer
from ..solve import Endpoint, run_with_model, solve_with

#: problems/ tasks of the default day: a plain batch task, a slow-reference one and a grader task.
DAY_PROBLEMS = ("distinct", "leftovers", "pavings")
#: The default day's rarely-solved subtask: pavings' last one (only its accepted program gets it), drafted right
#: once in a thousand whatever the prompt carries, against 0.02 (0.3 after feedback) for the other tasks.
RARE = {"pavings": 0.001}
#: Backlog (replies drafted before the clock and never judged) above which the sandbox did not keep up.
BACKLOG_LIMIT = 10
#: The recipe the simulated server stands for; it is served under the recipe's name, as `cpsolve serve` does.
RECIPE = "nemotron-cascade-2"


@dataclass
class DaySettings:
    """One simulated contest day."""

    day_s: float = 5 * 3600
    """The contest clock in simulated seconds (IOI: 5 hours)."""
    time_scale: float = 3.0
    """Simulated seconds per real second: 3, because on this project's shared 2-core machine 10x left the sandbox
    judging about a third of what the simulated GPU wrote (README Benchmarks); a machine with more cores keeps up
    at more (`--time-scale`; the figures say when it does not)."""
    thinking: Lengths = None  # type: ignore[assignment]
    """Thinking tokens per reply (default: the simulator's ~30,000)."""
    explanation: Lengths = None  # type: ignore[assignment]
    """Prose tokens per reply before the program (default: the simulator's ~15,000)."""
    trailing_block: bool = True
    """Replies end with the real model's untagged sample-run block."""
    slow_drafts: bool = True
    """Drafts include the packages' too-slow programs."""
    rare: dict[str, float] = None  # type: ignore[assignment]
    """Problem id -> chance that a draft for it is right, feedback or not (default: RARE): its last subtask is
    rarely solved, so points stay open and the clock policy has something to spend the day on."""
    seed: int = 0
    policies: tuple[str, ...] = ("clock", "rounds")
    """Agent policies run on the same day and seeds, one after the other: the clock policy, and the earlier fixed
    rounds for comparison (AgentConfig.policy)."""

    @classmethod
    def quick(cls) -> DaySettings:
        """Half a minute of real time: a 30-minute simulated day at 60x, replies of ~2,500 tokens, no too-slow
        drafts (their time-outs would keep a 2-core sandbox behind for the whole of so short a clock)."""
        return cls(day_s=1800, time_scale=60, thinking=Lengths(2000), explanation=Lengths(500), slow_drafts=False)


def run_days(roots: list[Path], pool, image: str, settings: DaySettings, log: Callable[[str], None] = print,
             out: Path | None = None) -> dict:
    """The same day (problems, reply lengths, seeds) under each of `settings.policies`: {policy: figures}. Each
    policy's run directories go to OUT/<policy>/<problem id>."""
    return {policy: run_day(roots, pool, image, settings, log, out / policy if out else None, policy=policy)
            for policy in settings.policies}


def run_day(roots: list[Path], pool, image: str, settings: DaySettings, log: Callable[[str], None] = print,
            out: Path | None = None, policy: str = "clock") -> dict:
    """Run the day under POLICY and return its figures; the run directories go to OUT/<problem id> (default: a
    temporary folder, removed after)."""
    problems = [load_problem(r) for r in roots]
    answerer = load_answerer(roots, trailing_block=settings.trailing_block, slow_drafts=settings.slow_drafts,
                             seed=settings.seed, rare=RARE if settings.rare is None else settings.rare)
    shape = NemotronShape(answerer, **{k: v for k, v in (("thinking", settings.thinking),
                                                          ("explanation", settings.explanation)) if v is not None})
    gpu = GpuModel()
    clock_real = settings.day_s / settings.time_scale
    config = AgentConfig(task_time_s=clock_real, policy=policy)
    with tempfile.TemporaryDirectory(prefix="cpsolve-bench-day-") as tmp, \
            SimulatedVLLM(shape, model_id=RECIPE, gpu=gpu, time_scale=settings.time_scale,
                          seed=settings.seed) as server:
        runs = out or Path(tmp)
        log(f"{policy} policy day: {', '.join(p.id for p in problems)}; {settings.day_s / 3600:g} simulated hours at "
            f"{settings.time_scale:g}x = {clock_real:.0f} s; GPU full batch {gpu.full_batch_sequences()} sequences, "
            f"{gpu.full_batch_tokens_per_s():.0f} tokens/s")
        start_real, start_sim = time.time(), server.sim_time()

        async def day(model):
            return await asyncio.gather(*(solve_with(p, model, pool, image, runs / p.id, config)
                                          for p in problems))

        results = run_with_model(Endpoint(url=server.base_url, model=RECIPE), runs, day)
        wall = time.time() - start_real
        tokens, busy = server.engine.at(start_sim + settings.day_s)
        # the agents stop when every point is won: utilisation while points were open is over that span
        open_s = min(settings.day_s, wall * settings.time_scale)
        open_tokens, _ = server.engine.at(start_sim + open_s)
        per_task = {r.problem.id: _task_figures(r, runs / r.problem.id, start_real, clock_real) for r in results}
        drafted = sum(1 for s in server.sent if kind_of(s.body["messages"][-1]["content"]) in ("draft", "repair")
                      and s.finished_at - start_sim <= settings.day_s)
        judged = sum(t["generations"] for t in per_task.values())
        return {
            "policy": policy,
            "problems": [p.id for p in problems],
            "day_s": settings.day_s, "time_scale": settings.time_scale, "wall_s": round(wall, 1),
            "gpu_utilisation": round(tokens / (gpu.full_batch_tokens_per_s() * settings.day_s), 3),
            "points_open_s": round(open_s),
            "gpu_utilisation_while_open": round(open_tokens / (gpu.full_batch_tokens_per_s() * open_s), 3),
            "mean_sequences_in_flight": round(busy / settings.day_s, 1),
            "full_batch_sequences": gpu.full_batch_sequences(),
            "max_sequences_in_flight": server.engine.max_running,
            "requests": server.requests,
            "replies_cut": sum(1 for s in server.sent if s.cut),
            "score": round(sum(r.score for r in results), 2),
            "max_score": sum(r.problem.max_score for r in results),
            "judging_backlog": max(0, drafted - judged),
            # the sandbox judged judged/drafted of what the GPU wrote: a scale that much lower would have kept up
            "keeps_up": drafted - judged <= BACKLOG_LIMIT,
            # (None when nothing was judged: no scale can be read off a sandbox that judged nothing)
            # (rounded down: a sandbox 16 replies behind of 3,000 needs a scale below the one it ran at)
            "time_scale_to_keep_up": math.floor(10 * settings.time_scale * min(1.0, judged / drafted)) / 10
            if judged else None,
            "tasks": per_task,
            "answerer_calls": dict(answerer.calls),
        }


def _task_figures(result, run_dir: Path, start: float, clock: float) -> dict:
    events = [json.loads(line) for line in (run_dir / "journal.jsonl").read_text().splitlines() if line.strip()]
    judged = [e["t"] - start for e in events if e.get("type") == "candidate"]
    # a submission's time is the agent's clock when it was made (its judging may end after the clock)
    submitted = [e["data"]["elapsed"] for e in events if e.get("type") == "submission"]
    fifths = [0] * 5
    for t in submitted:
        if t <= clock:
            fifths[min(4, max(0, int(5 * t / clock)))] += 1
    return {
        "score": round(result.score, 2),
        "max_score": result.problem.max_score,
        "generations": sum(1 for t in judged if t <= clock),
        "submissions": len(submitted),
        "submissions_by_fifth": fifths,
        "submissions_after_clock": sum(1 for t in submitted if t > clock),
    }


def render(days: dict) -> str:
    """{policy: figures} (run_days) as a table for a terminal, one column per policy."""
    policies = list(days)
    first = days[policies[0]]
    lines = [f"problems: {', '.join(first['problems'])} ({first['day_s'] / 3600:g} simulated h at "
             f"{first['time_scale']:g}x; scripted answers on a simulated H200, full batch "
             f"{first['full_batch_sequences']} sequences)"]
    rows = [("wall seconds", lambda f: f"{f['wall_s']}"),
            ("GPU utilisation", lambda f: f"{f['gpu_utilisation']:.2f}"),
            ("  while points were open", lambda f: f"{f['gpu_utilisation_while_open']:.2f}"),
            ("sequences in flight (mean/max)",
             lambda f: f"{f['mean_sequences_in_flight']}/{f['max_sequences_in_flight']}"),
            ("requests (replies cut)", lambda f: f"{f['requests']} ({f['replies_cut']})"),
            ("judging backlog at the clock", lambda f: f"{f['judging_backlog']}"),
            ("score", lambda f: f"{f['score']:g}/{f['max_score']:g}")]
    for pid in first["tasks"]:
        rows.append((f"{pid}: score",
                     lambda f, pid=pid: f"{f['tasks'][pid]['score']:g}/{f['tasks'][pid]['max_score']:g}"))
        rows.append((f"{pid}: generations", lambda f, pid=pid: f"{f['tasks'][pid]['generations']}"))
        rows.append((f"{pid}: submissions by fifth", lambda f, pid=pid: _fifths(f["tasks"][pid])))
    width = max(len(r[0]) for r in rows)
    cells = [[fmt(days[p]) for p in policies] for _, fmt in rows]
    col = max(len(c) for row in cells for c in row + policies)
    lines.append(" " * width + "  " + "  ".join(p.rjust(col) for p in policies))
    lines += [name.ljust(width) + "  " + "  ".join(c.rjust(col) for c in row) for (name, _), row in zip(rows, cells)]
    behind = [p for p in policies if not days[p]["keeps_up"]]
    scales = [days[p]["time_scale_to_keep_up"] for p in behind if days[p]["time_scale_to_keep_up"]]
    if behind:
        advice = f"try --time-scale {min(scales):g} or less" if scales else \
            "nothing was judged before the clock: try a much lower --time-scale or a longer --hours"
        lines.append(f"the sandbox did not keep up ({', '.join(behind)}: backlog over {BACKLOG_LIMIT} replies, the "
                     f"figures are the sandbox's, not the GPU's): {advice}")
    else:
        lines.append(f"the sandbox kept up (judging backlog at most {BACKLOG_LIMIT} replies)")
    return "\n".join(lines)


def _fifths(task: dict) -> str:
    text = "+".join(str(n) for n in task["submissions_by_fifth"])
    return text + (f" (+{task['submissions_after_clock']} after)" if task["submissions_after_clock"] else "")
