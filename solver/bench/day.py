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
#: The recipe the simulated server stands for; it is served under the recipe's name, as `cpsolve serve` does.
RECIPE = "nemotron-cascade-2"


@dataclass
class DaySettings:
    """One simulated contest day."""

    day_s: float = 5 * 3600
    """The contest clock in simulated seconds (IOI: 5 hours)."""
    time_scale: float = 10.0
    """Simulated seconds per real second."""
    thinking: Lengths = None  # type: ignore[assignment]
    """Thinking tokens per reply (default: the simulator's ~30,000)."""
    explanation: Lengths = None  # type: ignore[assignment]
    """Prose tokens per reply before the program (default: the simulator's ~15,000)."""
    trailing_block: bool = True
    """Replies end with the real model's untagged sample-run block."""
    slow_drafts: bool = True
    """Drafts include the packages' too-slow programs."""
    seed: int = 0

    @classmethod
    def quick(cls) -> DaySettings:
        """Half a minute of real time: a 30-minute simulated day at 60x, replies of ~2,500 tokens, no too-slow
        drafts (their time-outs would keep a 2-core sandbox behind for the whole of so short a clock)."""
        return cls(day_s=1800, time_scale=60, thinking=Lengths(2000), explanation=Lengths(500), slow_drafts=False)


def run_day(roots: list[Path], pool, image: str, settings: DaySettings, log: Callable[[str], None] = print,
            out: Path | None = None) -> dict:
    """Run the day and return its figures; the run directories go to OUT/<problem id> (default: a temporary
    folder, removed after)."""
    problems = [load_problem(r) for r in roots]
    answerer = load_answerer(roots, trailing_block=settings.trailing_block, slow_drafts=settings.slow_drafts,
                             seed=settings.seed)
    shape = NemotronShape(answerer, **{k: v for k, v in (("thinking", settings.thinking),
                                                          ("explanation", settings.explanation)) if v is not None})
    gpu = GpuModel()
    clock_real = settings.day_s / settings.time_scale
    config = AgentConfig(task_time_s=clock_real)
    with tempfile.TemporaryDirectory(prefix="cpsolve-bench-day-") as tmp, \
            SimulatedVLLM(shape, model_id=RECIPE, gpu=gpu, time_scale=settings.time_scale,
                          seed=settings.seed) as server:
        runs = out or Path(tmp)
        log(f"day: {', '.join(p.id for p in problems)}; {settings.day_s / 3600:g} simulated hours at "
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
            "tasks": per_task,
            "answerer_calls": dict(answerer.calls),
        }


def _task_figures(result, run_dir: Path, start: float, clock: float) -> dict:
    events = [json.loads(line) for line in (run_dir / "journal.jsonl").read_text().splitlines() if line.strip()]
    judged = [e["t"] - start for e in events if e.get("type") == "candidate"]
    submitted = [e["t"] - start for e in events if e.get("type") == "submission"]
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


def render(figures: dict) -> str:
    """The figures as lines for a terminal."""
    lines = [f"problems: {', '.join(figures['problems'])} ({figures['day_s'] / 3600:g} simulated h at "
             f"{figures['time_scale']:g}x, {figures['wall_s']} s wall; scripted answers on a simulated H200)",
             f"GPU utilisation: {figures['gpu_utilisation']:.2f} of the full batch "
             f"({figures['full_batch_sequences']} sequences) over the clock, "
             f"{figures['gpu_utilisation_while_open']:.2f} while points were open "
             f"({figures['points_open_s'] / 3600:.2f} simulated h)",
             f"sequences in flight: {figures['mean_sequences_in_flight']} on average, {figures['max_sequences_in_flight']}"
             f" at most; requests {figures['requests']}, replies cut {figures['replies_cut']}",
             f"judging backlog at the clock: {figures['judging_backlog']} replies"
             + (" (the sandbox did not keep up: use a lower --time-scale)" if figures["judging_backlog"] > 10 else ""),
             f"score: {figures['score']:g} / {figures['max_score']:g}"]
    for pid, t in figures["tasks"].items():
        lines.append(f"  {pid:>10}: {t['score']:g}/{t['max_score']:g}, {t['generations']} generations, "
                     f"{t['submissions']} submissions by fifth of the clock {t['submissions_by_fifth']}"
                     + (f", {t['submissions_after_clock']} after it" if t["submissions_after_clock"] else ""))
    return "\n".join(lines)
