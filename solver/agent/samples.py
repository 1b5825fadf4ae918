"""A candidate's first judgement, and what the official judge receives of it.

`sample_step` compiles a candidate and runs the samples (the step `Agent.evaluate` journals); `submission_path`
is the candidate's submission: its saved source, or for an output-only task the folder of outputs its program
writes.
"""
from __future__ import annotations

import asyncio
from pathlib import Path

from sandbox.executor import Limits
from sandbox.languages import Language
from sandbox.verdicts import Verdict

from ..problems.model import Problem
from .judge_tools import JudgeTools
from .programs import sample_feedback


def judging_slots(tools) -> asyncio.Semaphore:
    """How many of a task's candidates may be between compile and samples at once: one more than the sandbox's
    workers (a local pool's, or a Ray cluster's), so a freed worker always finds one ready. Bounded because the
    judging calls share asyncio's one first-come-first-served thread pool: unbounded, a flood of replies (a
    contest day's first wave) queued every compile ahead of the first candidate's samples, and no candidate was
    judged until all had compiled."""
    workers = getattr(getattr(tools, "pool", None), "workers", None)
    capacity = len(workers) if workers else getattr(getattr(tools, "cluster", None), "capacity", None)
    return asyncio.Semaphore((capacity or 4) + 1)


async def sample_step(tools: JudgeTools, problem: Problem, source: str, language: Language, file_name: str,
                      programs: dict, cid: str) -> dict:
    """Compile SOURCE and judge it on PROBLEM's samples: the journaled record (compiled, log, passed, failed,
    judge_errors, feedback for a repair or None when clean). The compiled program is kept in PROGRAMS[CID]."""
    if not source.strip():
        return {"compiled": False, "log": "no code block in the answer", "passed": False, "failed": 0,
                "feedback": {"kind": "compile", "log": "Your answer contained no code block."}}
    result = await asyncio.to_thread(tools.compile, source, language, file_name)
    if not result.ok:
        return {"compiled": False, "log": result.log, "passed": False, "failed": 0,
                "feedback": {"kind": "compile", "log": result.log}}
    programs[cid] = result.program
    results, outputs = await asyncio.to_thread(tools.judge_keeping_outputs, result.program,
                                               [problem.tests[n] for n in problem.samples])
    # a judge error is the package's fault (its checker or manager failed): never the program's
    failed = [r for r in results if r.verdict not in (Verdict.AC, Verdict.JE)]
    judge_errors = [f"{r.name}: {r.message}" for r in results if r.verdict is Verdict.JE]
    feedback = sample_feedback(problem.tests[failed[0].name], failed[0], outputs.get(failed[0].name),
                               tools.batch_like) if failed else None
    return {"compiled": True, "log": result.log, "passed": not failed, "failed": len(failed),
            "judge_errors": judge_errors, "feedback": feedback}


async def submission_path(agent, cand) -> Path:
    """CAND's submission for AGENT's task: its source; for an output-only task, the folder of outputs its
    program writes (the source when it fails to compile, judged like any broken candidate)."""
    path = agent.journal.run_dir / "candidates" / agent._file_name(cand)
    if agent.problem.task_type.kind != "output_only":
        return path
    program = await agent._program(cand)
    folder = agent.journal.run_dir / "outputs" / cand.id
    if program is None:
        return path
    limits = Limits(time_s=agent.config.output_time_s, memory_mib=agent.problem.limits.memory_mib)
    return await asyncio.to_thread(agent.tools.write_outputs, program, folder, limits)
