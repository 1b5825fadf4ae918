"""The agent loop: understand -> draft -> compile and samples -> stress -> repair -> cluster -> submit.

How lineages are scheduled is the policy's (scheduler.py: the clock-driven day; rounds.py: the fixed rounds kept
for comparison), when to submit is pacing.py's, and which candidate selection.py's. Here: one lineage's stages,
and the run's end, which always clusters and submits what passed the samples, before the clock.

Every step and every decision goes through the journal, so a rerun replays them and continues where a crash
stopped it.
"""
from __future__ import annotations

import asyncio
import time
from typing import Callable

from sandbox.languages import Language, get_language

from ..model.wire import ModelError
from ..problems.model import Problem, Subtask
from . import closing, drafting
from .asking import Asker, ThinkingCutOff
from .budget import Budget, BudgetExhausted, task_seconds
from .candidates import Candidate
from .config import AgentConfig
from .journal import Journal
from .judge_tools import JudgeTools
from .llm import ChatModel
from .pacing import Pacer, Submitter
from .programs import helper_program, reply_program
from .prompts import PromptTooLong, problem_context, verdict_history
from .results import AgentResult, Progress
from .rounds import run_rounds
from .samples import judging_slots, sample_step, submission_path
from .scheduler import Day, fair_batch
from .selection import Selection
from .stress import StressLab
from .toolcalls import ToolConversations, tool_totals
from .workbench import Workbench

__all__ = ["Agent", "AgentResult", "BudgetExhausted", "Progress"]


class Agent:
    def __init__(self, problem: Problem, model: ChatModel, tools: JudgeTools, journal: Journal,
                 config: AgentConfig, on_progress: Callable[[Progress], None] | None = None):
        self.problem, self.model, self.tools, self.journal, self.config = problem, model, tools, journal, config
        self.language: Language = get_language(config.language or problem.cpp)
        self.candidates: dict[str, Candidate] = {}
        self.programs: dict = {}
        self.progress = Progress(best={s.name: 0.0 for s in problem.subtasks})
        self.on_progress = on_progress or (lambda p: None)
        self.started = time.time() - self._previous_wall()
        self.budget = Budget(config.task_tokens, task_seconds(config.task_time_s, config.contest_time_s,
                                                             config.contest_tasks), self.started)
        self.asker = Asker(model, journal, config, self.progress.tokens, self._check_limits, self.progress.replies,
                           self._update, self._tool_conversations())
        self.lineage_costs: list[int] = []
        """Completion tokens of each finished lineage: what a round can still afford is planned from them."""
        self.lab = StressLab(Workbench.of(self))
        self.selection = Selection(problem, journal, self._judge, config.submissions,
                                   clock=lambda: time.time() - self.started, on_change=self._update)
        self.pacer = Pacer(self)
        self.submitter = Submitter(self)
        self.judging = judging_slots(tools)
        """Candidates being compiled and run on the samples now (samples.judging_slots)."""
        self._stress_setup: asyncio.Task | None = None
        self.first_drafts: dict[str, asyncio.Future] = {}
        """Round 0's first subtask-targeted drafts in flight from the start, by candidate id: each resolves to the
        candidate once its samples are judged (None if it never is). The reference finder may count them as
        votes (references.py)."""

    def _tool_conversations(self) -> ToolConversations | None:
        """With `tools: true`, where drafts and repairs converse: sessions in this run's sandbox (Docker)."""
        if not self.config.tools:
            return None
        workers = getattr(getattr(self.tools, "pool", None), "workers", None)
        if not workers:
            raise ValueError("tools: true needs the local Docker sandbox (not a Ray cluster's judge)")
        if not hasattr(self.model, "client"):
            raise ValueError("tools: true needs a model served over HTTP (an OpenAI-compatible endpoint)")
        return ToolConversations(self.problem, workers[0].container.client, self.tools.image,
                                 self.config.max_tool_calls)

    @property
    def best(self) -> dict[str, tuple[float, int | None]]:
        return self.selection.best

    @property
    def submissions(self) -> list[dict]:
        return self.selection.submissions

    # ------------------------------------------------------------------ bookkeeping
    def _previous_wall(self) -> float:
        """On resume the clock continues from the previous runs' time."""
        return sum(e["data"].get("wall", 0.0) for e in self.journal.of_type("session_end"))

    def _update(self, stage: str | None = None) -> None:
        p = self.progress
        if stage:
            p.stage = stage
        cands = list(self.candidates.values())
        p.drafted = len(cands)
        p.compiled = sum(c.compiled for c in cands)
        p.passing_samples = sum(c.samples_passed for c in cands)
        p.surviving_stress = sum(c.samples_passed and c.stress_ok and c.stress_passed > 0 for c in cands)
        p.submissions = len(self.submissions)
        p.clusters = self.selection.clusters
        p.best = {k: v[0] for k, v in self.best.items()}
        self.on_progress(p)

    def _check_limits(self) -> None:
        self.budget.check(self.progress.tokens["completion"])

    async def ask(self, key: str, template: str, context: dict) -> str:
        """One model call, journaled; returns the answer text (reasoning is kept apart, compressed, in
        RUN_DIR/reasoning/). A reply cut off by the completion budget is asked again; ThinkingCutOff after that."""
        return await self.asker.ask(key, template, context)

    async def _prepare_stress(self) -> None:
        """The stress lab's setup, run beside the first drafts; a failed model call there only leaves the run
        without stress tests."""
        try:
            await self.lab.prepare()
        except (ModelError, ThinkingCutOff, PromptTooLong, BudgetExhausted) as e:
            self.journal.write({"type": "stress_setup_failed", "data": {"error": f"{type(e).__name__}: {e}"}})

    async def stress_check(self, cand: Candidate) -> dict | None:
        """The stress lab's verdict on CAND, once its setup (running beside the drafts) has finished."""
        if self._stress_setup is not None:
            await asyncio.shield(self._stress_setup)
        return await self.lab.check(cand)

    def _context(self, target: Subtask | None, language: Language | None = None) -> dict:
        return problem_context(self.problem, language or self.language, target)

    def _extract(self, text: str, language: Language) -> str:
        return reply_program(text, language)

    def _extract_any(self, text: str) -> tuple[str, Language]:
        return helper_program(text, self.problem, self.language)

    # ------------------------------------------------------------------ candidates
    async def _program(self, cand: Candidate):
        if cand.id not in self.programs:
            result = await asyncio.to_thread(self.tools.compile, cand.source, get_language(cand.language),
                                             self._file_name(cand))
            self.programs[cand.id] = result.program if result.ok else None
        return self.programs[cand.id]

    def _file_name(self, cand: Candidate) -> str:
        return f"{cand.id}{get_language(cand.language).suffix}"

    async def evaluate(self, cid: str, target: Subtask | None, source: str, parent: str | None,
                       language: Language | None = None) -> tuple[Candidate, dict | None]:
        """Compile and run the samples; returns the candidate and the feedback for a repair (None when clean).
        LANGUAGE is the agent's own unless the candidate came written in another (a pool file)."""
        language = language or self.language
        cand = Candidate(id=cid, target=target.name if target else None, language=language.name,
                         source=source, parent=parent)
        self.candidates[cid] = cand
        self.journal.save_source(self._file_name(cand), source)

        async def step() -> dict:
            async with self.judging:
                return await sample_step(self.tools, self.problem, source, language, self._file_name(cand),
                                         self.programs, cid)

        data = await self.journal.once(f"eval:{cid}", "candidate", step)
        cand.compiled, cand.compile_log = data["compiled"], data["log"]
        cand.samples_passed, cand.samples_failed = data["passed"], data["failed"]
        self._update()
        return cand, data["feedback"]

    async def lineage(self, target: Subtask | None, rnd: int, k: int) -> Candidate:
        """Draft one candidate and repair it while the samples or the stress test find fault."""
        cid = f"{target.name if target else 'full'}.r{rnd}.d{k}"
        try:
            if self.selection.slow_for(target):
                self.selection.hinted.add(cid)  # drafted knowing a submission for it was too slow
            self.selection.informed[cid] = len(self.selection.submissions)  # the verdicts its prompt carries
            # earlier verdicts for this target and code that solved other subtasks (prompts.verdict_history)
            text = await self.ask(f"draft:{cid}", "draft", {**self._context(target), **verdict_history(
                self.problem, target, self.submissions, self.candidates)})
            cand, feedback = await self.evaluate(cid, target, self._extract(text, self.language), None)
        finally:
            drafting.first_draft_done(self, cid, self.candidates.get(cid))
        for attempt in range(1, self.config.repair_rounds + 1):
            if feedback is None and cand.samples_passed and target is None:
                feedback = await self.stress_check(cand)
            if feedback is None:
                break
            ctx = {**self._context(target), "source": cand.source, "feedback": feedback}
            text = await self.ask(f"repair:{cand.id}", "repair", ctx)
            cand, feedback = await self.evaluate(f"{cid}.f{attempt}", target, self._extract(text, self.language),
                                                 cand.id)
        if feedback is None and cand.samples_passed and target is None:
            await self.stress_check(cand)
        return cand

    # ------------------------------------------------------------------ submissions
    async def _judge(self, cand: Candidate):
        """The official judge on a candidate's submission (its source, or for an output-only task the folder of
        outputs its program writes), as a contest submission."""
        path = await submission_path(self, cand)
        start = time.time()
        submission = await asyncio.to_thread(self.tools.judge_submission, path, get_language(cand.language))
        self.pacer.judged(time.time() - start)
        return submission

    def unsolved(self) -> list[Subtask]:
        return self.selection.unsolved()

    async def submit_phase(self) -> None:
        """Spend what is left of the submissions on the best untried clusters, before the clock ends."""
        await self.submitter.spend_rest(lambda: self.candidates.values())

    # ------------------------------------------------------------------ the run
    def targets(self, rnd: int) -> list[Subtask | None]:
        open_subtasks = self.selection.open_subtasks()
        if not open_subtasks:
            return []
        # easy subtasks are drafted for separately, to bank their points early with simple solutions
        return [None] + (open_subtasks[:-1] if len(open_subtasks) > 1 else [])

    async def run(self) -> AgentResult:
        session_start = time.time()
        stop_reason, error = "done", None
        # the stress set-up's helper requests get their own slots beside the drafts (stress.helper_requests)
        batch = fair_batch(self.model, (await self.asker.info()).batch_size)
        width = self.config.parallel_lineages or max(1, batch - self.lab.helper_requests())
        if self.config.tools and not self.config.parallel_lineages:
            # a conversation waiting on its sandbox holds no model slot: twice the lineages keep the slots busy
            width *= 2
        # the brute force and generator are asked for beside the first drafts, so the model's batch is full from
        # the start; a lineage waits for them only when its candidate is ready for a stress test. The task starts
        # at the policy's first wait, after it has set first_drafts.
        self._stress_setup = asyncio.create_task(self._prepare_stress())
        try:
            if self.config.policy == "clock":
                self._update("drafting")
                await Day(self, width).run()
            else:
                await run_rounds(self, width)
        except BudgetExhausted as e:
            stop_reason = str(e)
        except Exception as e:  # noqa: BLE001 - model errors, a bug in a lineage: the drafts are submitted first
            stop_reason, error = f"{type(e).__name__}: {e}", e
        finally:
            for cid in self.first_drafts:  # a lineage cancelled before it started never resolves its own
                drafting.first_draft_done(self, cid, None)
        try:
            await closing.close(self)
        finally:
            if not self._stress_setup.done():
                self._stress_setup.cancel()
            await asyncio.gather(self._stress_setup, return_exceptions=True)
        if stop_reason == "done":
            try:  # a budget spent where it could only stop a side task (the stress setup) still ended drafting
                self._check_limits()
            except BudgetExhausted as e:
                stop_reason = str(e)
        answer = None if self.problem.has_official_tests else self.choose_answer()
        result = self._finish(session_start, stop_reason, answer, f"finished ({stop_reason})")
        if error is not None:
            raise error
        return result

    def _finish(self, session_start: float, reason: str, answer: Candidate | None, stage: str) -> AgentResult:
        """The session's end in the journal (its wall time counts on resume), the last view, the result."""
        replies = self.progress.replies
        self.journal.write({"type": "session_end", "data": {"wall": time.time() - session_start, "reason": reason,
                                                             "replies": replies.to_json()}})
        self._update(stage)
        return AgentResult(self.problem, dict(self.best), self.submissions, dict(self.progress.tokens),
                           time.time() - self.started, str(self.journal.run_dir), answer, replies, reason,
                           tool_totals(self.journal) if self.config.tools else None)

    async def setup_finished(self) -> None:
        """Wait for the stress set-up (its clustering inputs), but not past the time budget."""
        try:
            await asyncio.wait_for(asyncio.shield(self._stress_setup), self.budget.seconds_left())
        except asyncio.TimeoutError:
            raise BudgetExhausted("time budget spent") from None

    def choose_answer(self) -> Candidate | None:
        return self.selection.choose_answer(self.candidates.values())
