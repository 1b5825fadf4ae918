"""`cpsolve eval` on one problem: N independent samples from one prompt, each extracted, judged and journaled.

Each sample is one call of the agent's own `Asker`: the same per-call budget (the recipe's, or derived from the
server's context), the same fitting of the prompt to the context, the reasoning kept the same way. A reply cut by
the budget is a failed sample (no resample: published protocols count it so), counted in `eval.cut`.

The run directory is a `cpsolve solve` one: `run.json`, `journal.jsonl` (a `model:sample:<i>` call for each sample
and a `judge:<i>` event for each judgement, so a rerun redoes neither), the programs under `candidates/`, and
`result.json` shaped like the agent's, plus an `eval` part with pass@k, the expected scores and the cut replies.
Its `score` is the expected score of one sample (the mean), its history the N judgements in sample order.
"""
from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from sandbox.languages import Language, get_language

from ..agent.asking import Asker, ThinkingCutOff
from ..agent.config import AgentConfig
from ..agent.journal import Journal
from ..agent.loop import Progress
from ..agent.prompts import messages, problem_context
from ..judge.judging import judge_source
from ..model.extract import extract_code
from ..problems.model import Problem
from ..solve import check_run_dir, write_json
from .summary import summarize
from .tools import tool_sample, tool_totals


@dataclass
class EvalConfig:
    samples: int
    """Independent samples per problem (n of pass@k)."""
    ks: list[int] = field(default_factory=lambda: [1, 5, 10])
    """The k of pass@k and of the expected score; those above `samples` are left out."""
    language: str | None = None
    """cpp17, cpp20 or python3; None: the problem's C++ dialect (Python for function-call tasks)."""
    call_tokens: int | None = None
    """Completion tokens per sample (thinking and answer); None: the model's per-call budget, as `solve` uses."""
    temperature: float | None = None
    """None keeps the model recipe's default."""
    tools: bool = False
    """Each sample is a conversation with the python tool (solver/evaluation/tools.py, the paper's protocol)."""
    max_tool_calls: int = 100
    """With tools: calls per conversation; the next is answered "no more tool calls: give your final answer"."""
    tool_response_tokens: int = 131_072
    """With tools: completion tokens over the whole conversation (replaces max_completion_tokens)."""


def eval_language(problem: Problem, asked: str | None) -> Language:
    """Function-call tasks are Python (their harness is); otherwise the language asked for, else C++."""
    if problem.task_type.harness is not None:
        return get_language("python3")
    return get_language(asked or problem.cpp)


def accepts_programs(problem: Problem) -> bool:
    """An output-only task takes output files, not a program: there is nothing to sample."""
    return problem.task_type.kind != "output_only"


def sample_context(problem: Problem, language: Language) -> dict:
    """What the `sample` prompt is rendered from (fitted to the context per call, as the agent's prompts are)."""
    harness = problem.task_type.harness
    return {**problem_context(problem, language, None), "starter": bool(harness),
            "starter_name": harness.function if harness else ""}


def asker_config(cfg: EvalConfig) -> AgentConfig:
    """The agent's call settings for plain sampling: one try per sample, since a cut reply is a failed sample."""
    return AgentConfig(resample_attempts=0, max_completion_tokens=cfg.call_tokens, temperature=cfg.temperature)


async def eval_problem(problem: Problem, model, pool, image: str, run_dir: Path, cfg: EvalConfig,
                       on_progress: Callable[[Progress], None] = lambda p: None) -> dict:
    """Sample, judge, summarise; returns (and writes) result.json."""
    check_run_dir(run_dir, problem, info=await model.info())
    journal = Journal(run_dir)
    try:
        return await _run(problem, model, pool, image, journal, cfg, on_progress)
    finally:
        journal.close()


async def _run(problem, model, pool, image, journal: Journal, cfg: EvalConfig, on_progress) -> dict:
    language = eval_language(problem, cfg.language)
    context = sample_context(problem, language)
    ext = ".py" if language.name.startswith("python") else ".cpp"
    earlier = sum(e["data"].get("wall", 0.0) for e in journal.of_type("session_end"))
    session_start = time.time()
    progress = Progress(stage="sampling", best={s.name: 0.0 for s in problem.subtasks})
    judgements: dict[int, dict] = {}
    asker = Asker(model, journal, asker_config(cfg), progress.tokens, check_limits=lambda: None)
    answers: dict[int, dict] = {}
    """With tools: each sample's conversation record (its calls, turns and sandbox seconds are totalled)."""

    def judged(i: int, data: dict) -> None:
        judgements[i] = data
        progress.submissions = len(judgements)
        for name, score in data["subtasks"].items():
            progress.best[name] = max(progress.best.get(name, 0.0), score)
        on_progress(progress)

    async def one(i: int) -> None:
        if cfg.tools:
            # a conversation is one journaled step: a resume redoes one killed mid-way from its start
            answer = answers[i] = await journal.once(
                f"sample:{i}", "sample", lambda: tool_sample(problem, messages("sample", **context), model, pool,
                                                            image, cfg))
            progress.tokens["prompt"] += answer["usage"]["prompt"]
            progress.tokens["completion"] += answer["usage"]["completion"]
            text, cut = answer["text"], answer.get("finish_reason") == "length"
        else:
            try:
                text, cut = await asker.ask(f"sample:{i}", "sample", context), False
            except ThinkingCutOff:
                text, cut = "", True
        progress.drafted += 1
        on_progress(progress)
        code = None if cut else extract_code(text, language.name)
        name = f"sample-{i}"

        async def judge() -> dict:
            if code is None or not code.source.strip():
                return {"candidate": name, "compiled": False, "score": 0.0,
                        "subtasks": {s.name: 0.0 for s in problem.subtasks},
                        "verdicts": {s.name: "CE" for s in problem.subtasks}, "elapsed": 0.0, "cut": cut,
                        "note": "reply cut by the per-call budget: a failed sample" if cut
                        else "no code block in the answer"}
            path = journal.save_source(name + ext, code.source)
            sub = await asyncio.to_thread(judge_source, problem, path, language, pool, image)
            return sub.history_entry(name, earlier + time.time() - session_start)

        judged(i, await journal.once(f"judge:{i}", "judgement", judge))

    await asyncio.gather(*(one(i) for i in range(cfg.samples)))
    wall = time.time() - session_start
    journal.write({"type": "session_end", "data": {"wall": wall, "reason": "done"}})
    history = [judgements[i] for i in range(cfg.samples)]
    summary = {**summarize([(s.name, s.points) for s in problem.subtasks], history, cfg.ks),
               "cut": sum(bool(h.get("cut")) for h in history)}
    mean = {s.name: sum(h["subtasks"].get(s.name, 0.0) for h in history) / len(history) for s in problem.subtasks}
    result = {
        "problem": problem.id, "mode": "eval",
        "score": round(sum(mean.values()), problem.score_precision), "max_score": problem.max_score,
        "subtasks": [{"name": s.name, "max_score": s.points, "score": round(mean[s.name], problem.score_precision),
                      "submission": None} for s in problem.subtasks],
        "submissions_used": len(history), "tokens": dict(progress.tokens), "wall_s": round(earlier + wall, 1),
        "run_dir": str(journal.run_dir), "history": history, "eval": summary,
    }
    if cfg.tools:
        result["tools"] = tool_totals([answers[i] for i in range(cfg.samples)])
    write_json(journal.run_dir / "result.json", result)
    progress.stage = "finished"
    on_progress(progress)
    return result
