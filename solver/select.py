"""`cpsolve select`: the agent's own selection over candidates written elsewhere.

The candidates come from a pool folder (solver/pool.py) instead of model drafts; everything after drafting is the
agent's own code: compile and samples (`Agent.evaluate`), stress tests and behaviour clusters (`StressLab`), and
round-robin submissions with contestant feedback only (solver/agent/selection.py). The brute force, generator and
validator are files given on the command line, or written by the model at `--endpoint`, or absent (then the
candidates are ranked by samples alone). The run directory, journal and `result.json` are those of `cpsolve solve`,
so a killed run resumes and `cpsolve report` reads it.

Helper programs read stdin and write stdout: the brute force reads a test's input and prints its answer; the
generator is run as `gen SEED SIZE` and prints one input; the validator reads an input and exits non-zero when it
breaks the constraints.
"""
from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from sandbox.languages import get_language

from .agent.config import AgentConfig
from .agent.journal import Journal
from .agent.llm import ChatModel
from .agent.loop import Agent, AgentResult, Progress
from .agent.judge_tools import JudgeTools
from .pool import SUFFIXES, PoolFile
from .problems.errors import ProblemFormatError
from .problems.model import Problem
from .solve import Endpoint, check_run_dir, run_with_model, write_result


@dataclass
class Helpers:
    """Helper program files given instead of asking the model."""

    brute: Path | None = None
    generator: Path | None = None
    validator: Path | None = None


class PoolAgent(Agent):
    """An Agent whose candidates are the pool's files: no drafting and no repair, the same stages after them."""

    def __init__(self, problem: Problem, files: list[PoolFile], model: ChatModel | None, tools: JudgeTools,
                 journal: Journal, config: AgentConfig, helpers: Helpers | None = None,
                 on_progress: Callable[[Progress], None] | None = None,
                 on_warning: Callable[[str], None] = lambda m: None):
        super().__init__(problem, model, tools, journal, config, on_progress)
        self.files, self.helpers, self.on_warning = files, helpers or Helpers(), on_warning

    async def _helper(self, path: Path, role: str, with_grader: bool = False):
        """PATH compiled as a stdin/stdout helper, or, for a brute force on a grader task, with the grader."""
        family = SUFFIXES.get(path.suffix.lower())
        if family is None or not path.is_file():
            raise ProblemFormatError(path, role, "expected a C++ or Python source file")
        language = get_language(self.problem.cpp if family == "cpp" else family)
        compile_ = self.tools.compile if with_grader else self.tools.compile_standalone
        result = await asyncio.to_thread(compile_, path.read_text(errors="replace"), language,
                                         f"{role}{path.suffix}")
        if not result.ok:
            raise ProblemFormatError(path, role, "does not compile: " + (result.log.strip().splitlines() or [""])[0])
        return result.program

    async def _load_helpers(self) -> None:
        """Compile the given helper programs; a brute force must pass every sample to be trusted."""
        oracle = self.lab.oracle
        if self.helpers.brute and oracle.reference is None:
            self.on_warning(f"{self.problem.id}: the task's {oracle.kind} judges generated inputs alone; "
                            "--brute ignored")
        elif self.helpers.brute:
            # a brute force goes through the grader like a candidate; an interactive task's answer maker does not
            brute = await self._helper(self.helpers.brute, "brute", with_grader=oracle.reference != "answers")
            failing = await self.lab.failing_sample(brute)
            if failing is not None:
                raise ProblemFormatError(self.helpers.brute, "brute", f"fails sample {failing}: not trusted as "
                                                                      "the reference")
            self.lab.brute = brute
        if self.helpers.generator:
            self.lab.generator = await self._helper(self.helpers.generator, "generator")
        if self.helpers.validator:
            self.lab.validator = await self._helper(self.helpers.validator, "validator")

    async def run(self) -> AgentResult:
        session_start = time.time()
        self._update("stress setup")
        await self._load_helpers()
        await self.lab.prepare()
        if self.lab.brute is not None and self.lab.oracle.checker_alone:
            self.on_warning(f"{self.problem.id}: the task's checker judges generated inputs alone; --brute unused")
        self._update("compiling, running samples")
        subtasks = {s.name: s for s in self.problem.subtasks}
        await asyncio.gather(*(self.evaluate(f.cid, subtasks.get(f.target), f.source, None,
                                             get_language(f.language)) for f in self.files))
        self._update("stress testing")
        ordered = sorted(self.candidates.values(), key=lambda c: c.id)
        await asyncio.gather(*(self.lab.check(c) for c in ordered if c.samples_passed and c.target is None))
        self._update("clustering")
        await asyncio.gather(*(self.lab.signature(c) for c in ordered))
        answer = None
        if self.problem.has_official_tests:
            self._update("submitting")
            await self.submit_phase()
        else:
            answer = self.choose_answer()
        return self._finish(session_start, "done", answer, "finished")


async def select_with(problem: Problem, files: list[PoolFile], model: ChatModel | None, pool, image: str,
                      run_dir: Path, config: AgentConfig, helpers: Helpers | None = None,
                      on_progress: Callable[[Progress], None] | None = None,
                      on_warning: Callable[[str], None] = lambda m: None,
                      tools_for: Callable[[Problem], JudgeTools] | None = None) -> AgentResult:
    """Select from FILES with a model client someone else owns (or none); writes result.json like solve.
    `tools_for` gives the judge tools another way (on a Ray cluster: `solver.distributed.tools`)."""
    check_run_dir(run_dir, problem)
    tools = tools_for(problem) if tools_for else JudgeTools(problem, pool, image)
    journal = Journal(run_dir)
    try:
        result = await PoolAgent(problem, files, model, tools, journal, config, helpers, on_progress,
                                 on_warning).run()
    finally:
        journal.close()
        tools.close()
    write_result(result, run_dir)
    return result


def select(problem: Problem, files: list[PoolFile], endpoint: Endpoint | None, pool, image: str, run_dir: Path,
           config: AgentConfig, helpers: Helpers | None = None,
           on_progress: Callable[[Progress], None] | None = None,
           on_warning: Callable[[str], None] = lambda m: None) -> AgentResult:
    """`cpsolve select`: with an endpoint the model may write the missing helper programs; without, none is asked."""
    check_run_dir(run_dir, problem)
    work = lambda model: select_with(problem, files, model, pool, image, run_dir, config, helpers,  # noqa: E731
                                     on_progress, on_warning)
    return asyncio.run(work(None)) if endpoint is None else run_with_model(endpoint, run_dir, work)
