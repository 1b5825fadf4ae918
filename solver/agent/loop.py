"""The agent loop: understand -> draft -> compile and samples -> stress -> repair -> cluster -> submit.

Control flow is deterministic given the results of its steps, and every step goes through the journal, so a
rerun replays finished steps and continues exactly where a crash stopped it.
"""
from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Callable

from sandbox.languages import Language, get_language
from sandbox.verdicts import Verdict

from ..model.extract import extract_code
from ..problems.model import Problem, Subtask
from .candidates import Candidate, Clusters, rank_key
from .config import AgentConfig
from .journal import Journal
from .llm import ChatModel
from .prompts import messages, problem_context
from .sandboxing import SandboxTools, stress_supported
from .stress import StressLab



class BudgetExhausted(Exception):
    """Tokens or wall time ran out: stop drafting, keep what was found."""


@dataclass
class AgentResult:
    problem: Problem
    best: dict[str, tuple[float, int | None]]
    """Subtask -> (best score, 1-based submission that got it)."""
    submissions: list[dict]
    tokens: dict[str, int]
    wall_s: float
    run_dir: str
    answer: Candidate | None = None

    @property
    def score(self) -> float:
        return round(sum(s for s, _ in self.best.values()), self.problem.score_precision)

    def to_json(self) -> dict:
        return {
            "problem": self.problem.id,
            "score": self.score,
            "max_score": self.problem.max_score,
            "subtasks": [{"name": st.name, "max_score": st.points, "score": self.best[st.name][0],
                          "submission": self.best[st.name][1]} for st in self.problem.subtasks],
            "submissions_used": len(self.submissions),
            "tokens": dict(self.tokens),
            "wall_s": round(self.wall_s, 1),
            "run_dir": self.run_dir,
            **({"answer": self.answer.id} if self.answer else {}),
        }

    def details(self) -> dict:
        """Everything a report needs beyond the result: the submission history."""
        return {"history": self.submissions}


@dataclass
class Progress:
    """What the live view shows."""

    stage: str = "starting"
    drafted: int = 0
    compiled: int = 0
    passing_samples: int = 0
    surviving_stress: int = 0
    clusters: int = 0
    submissions: int = 0
    best: dict[str, float] = field(default_factory=dict)
    tokens: dict[str, int] = field(default_factory=lambda: {"prompt": 0, "completion": 0})


class Agent:
    def __init__(self, problem: Problem, model: ChatModel, tools: SandboxTools, journal: Journal,
                 config: AgentConfig, on_progress: Callable[[Progress], None] | None = None):
        self.problem, self.model, self.tools, self.journal, self.config = problem, model, tools, journal, config
        self.language: Language = get_language(config.language or problem.cpp)
        self.candidates: dict[str, Candidate] = {}
        self.programs: dict = {}
        self.best: dict[str, tuple[float, int | None]] = {s.name: (0.0, None) for s in problem.subtasks}
        self.submissions: list[dict] = []
        self.progress = Progress(best={s.name: 0.0 for s in problem.subtasks})
        self.on_progress = on_progress or (lambda p: None)
        self.started = time.time() - self._previous_wall()
        self.lab = StressLab(self)

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
        p.best = {k: v[0] for k, v in self.best.items()}
        self.on_progress(p)

    def _check_limits(self) -> None:
        if self.config.max_tokens is not None and self.progress.tokens["completion"] >= self.config.max_tokens:
            raise BudgetExhausted("token budget spent")
        if self.config.time_limit_s is not None and time.time() - self.started >= self.config.time_limit_s:
            raise BudgetExhausted("time budget spent")

    async def ask(self, key: str, template: str, context: dict) -> str:
        """One model call, journaled; returns the answer text (reasoning is kept apart and only measured)."""
        msgs = messages(template, **context)

        async def call() -> dict:
            self._check_limits()
            reply = (await self.model.chat(msgs, n=1, max_tokens=self.config.max_completion_tokens,
                                           temperature=self.config.temperature))[0]
            return {"purpose": template, "messages": msgs, "text": reply.text,
                    "reasoning_chars": len(reply.reasoning), "finish_reason": reply.finish_reason,
                    "thinking_unterminated": reply.thinking_unterminated, "latency": round(reply.latency, 3),
                    "usage": {"prompt": reply.prompt_tokens, "completion": reply.completion_tokens,
                              "reasoning": reply.reasoning_tokens}}

        data = await self.journal.once(f"model:{key}", "model_call", call)
        self.progress.tokens["prompt"] += data["usage"]["prompt"]
        self.progress.tokens["completion"] += data["usage"]["completion"]
        return data["text"]

    def _context(self, target: Subtask | None, language: Language | None = None) -> dict:
        return problem_context(self.problem, language or self.language, target)

    def _extract(self, text: str, language: Language) -> str:
        code = extract_code(text, language.name)
        return code.source if code else ""

    def _extract_any(self, text: str) -> tuple[str, Language]:
        """A helper program in whatever language the model chose (brute forces are often Python)."""
        code = extract_code(text, None)
        if code is None:
            return "", self.language
        family = {"python": "python3", "cpp": self.language.name if self.language.name.startswith("cpp") else
                  "cpp17"}.get(code.language or "", self.language.name)
        return code.source, get_language(family)

    # ------------------------------------------------------------------ candidates
    async def _program(self, cand: Candidate):
        if cand.id not in self.programs:
            result = await asyncio.to_thread(self.tools.compile, cand.source, self.language, self._file_name(cand))
            self.programs[cand.id] = result.program if result.ok else None
        return self.programs[cand.id]

    def _file_name(self, cand: Candidate) -> str:
        return f"{cand.id}{'.py' if self.language.name.startswith('python') else '.cpp'}"

    async def evaluate(self, cid: str, target: Subtask | None, source: str, parent: str | None) -> tuple[Candidate,
                                                                                                         dict | None]:
        """Compile and run the samples; returns the candidate and the feedback for a repair (None when clean)."""
        cand = Candidate(id=cid, target=target.name if target else None, language=self.language.name,
                         source=source, parent=parent)
        self.candidates[cid] = cand
        self.journal.save_source(self._file_name(cand), source)

        async def step() -> dict:
            if not source.strip():
                return {"compiled": False, "log": "no code block in the answer", "passed": False, "failed": 0,
                        "feedback": {"kind": "compile", "log": "Your answer contained no code block."}}
            result = await asyncio.to_thread(self.tools.compile, source, self.language, self._file_name(cand))
            if not result.ok:
                return {"compiled": False, "log": result.log, "passed": False, "failed": 0,
                        "feedback": {"kind": "compile", "log": result.log}}
            self.programs[cid] = result.program
            results = await asyncio.to_thread(self.tools.run_samples, result.program)
            failed = [r for r in results if r.verdict is not Verdict.AC]
            feedback = await self._sample_feedback(result.program, failed[0]) if failed else None
            return {"compiled": True, "log": result.log, "passed": not failed, "failed": len(failed),
                    "feedback": feedback}

        data = await self.journal.once(f"eval:{cid}", "candidate", step)
        cand.compiled, cand.compile_log = data["compiled"], data["log"]
        cand.samples_passed, cand.samples_failed = data["passed"], data["failed"]
        self._update()
        return cand, data["feedback"]

    async def _sample_feedback(self, program, failed) -> dict:
        test = self.problem.tests[failed.name]
        got = "(the output goes through the task's grader and is not shown)"
        if stress_supported(self.problem):
            run = await asyncio.to_thread(self.tools.run_on_input, program, test.read_input(), self.problem.limits)
            got = run.output.decode(errors="replace")
        return {"kind": "sample", "test": failed.name, "verdict": failed.verdict.value, "message": failed.message,
                "input": test.read_input().decode(errors="replace"),
                "expected": test.read_answer().decode(errors="replace"), "got": got, "stderr": failed.stderr_tail}

    async def lineage(self, target: Subtask | None, rnd: int, k: int) -> Candidate:
        """Draft one candidate and repair it while the samples or the stress test find fault."""
        cid = f"{target.name if target else 'full'}.r{rnd}.d{k}"
        text = await self.ask(f"draft:{cid}", "draft", {**self._context(target), "hint": ""})
        cand, feedback = await self.evaluate(cid, target, self._extract(text, self.language), None)
        for attempt in range(1, self.config.repair_rounds + 1):
            if feedback is None and cand.samples_passed and target is None:
                feedback = await self.lab.check(cand)
            if feedback is None:
                break
            ctx = {**self._context(target), "source": cand.source, "feedback": feedback}
            text = await self.ask(f"repair:{cand.id}", "repair", ctx)
            cand, feedback = await self.evaluate(f"{cid}.f{attempt}", target, self._extract(text, self.language),
                                                 cand.id)
        if feedback is None and cand.samples_passed and target is None:
            await self.lab.check(cand)
        return cand

    # ------------------------------------------------------------------ submissions
    def unsolved(self) -> list[Subtask]:
        return [s for s in self.problem.subtasks if s.points > 0 and self.best[s.name][0] < s.points - 1e-9]

    async def submit(self, cand: Candidate) -> None:
        number = len(self.submissions) + 1

        async def step() -> dict:
            path = self.journal.run_dir / "candidates" / self._file_name(cand)
            sub = await asyncio.to_thread(self.tools.judge, path, self.language)
            return sub.history_entry(cand.id, time.time() - self.started)

        data = await self.journal.once(f"submit:{number}", "submission", step)
        cand.submitted = True
        if not data["compiled"]:
            return  # a compile failure does not count against the budget
        self.submissions.append(data)
        for name, score in data["subtasks"].items():
            if score > self.best[name][0]:
                self.best[name] = (score, number)
        self._update()

    def _submittable(self, c: Candidate) -> bool:
        """Samples passed; or, written for one subtask, some samples passed: the others may lie outside that
        subtask's constraints (a sample with huge values says nothing about a small-values subtask)."""
        if not c.compiled:
            return False
        return c.samples_passed or (c.target is not None and c.samples_failed < len(self.problem.samples))

    async def submit_phase(self) -> None:
        """Round-robin over unsolved subtasks from the hardest: each gets the top of the best cluster not yet
        tried among candidates written for it or for the whole problem."""
        while len(self.submissions) < self.config.submissions and self.unsolved():
            progress = False
            for st in reversed(self.unsolved()):
                if len(self.submissions) >= self.config.submissions or st not in self.unsolved():
                    continue
                pool = [c for c in self.candidates.values() if self._submittable(c)]
                clusters = Clusters.build(pool)
                self.progress.clusters = len(clusters.groups)
                cand = clusters.best_untried(lambda c: c.target in (None, st.name))
                if cand is None:
                    continue
                await self.submit(cand)
                progress = True
            if not progress:
                break

    # ------------------------------------------------------------------ the run
    def targets(self, rnd: int) -> list[Subtask | None]:
        open_subtasks = self.unsolved() if self.problem.has_official_tests else \
            [s for s in self.problem.subtasks if s.points > 0]
        if not open_subtasks:
            return []
        # easy subtasks are drafted for separately, to bank their points early with simple solutions
        return [None] + (open_subtasks[:-1] if len(open_subtasks) > 1 else [])

    async def run(self) -> AgentResult:
        session_start = time.time()
        stop_reason = "done"
        try:
            self._update("stress setup")
            await self.lab.prepare()
            for rnd in range(self.config.rounds):
                targets = self.targets(rnd)
                if not targets:
                    break
                self._update(f"round {rnd + 1}: drafting")
                await asyncio.gather(*(self.lineage(t, rnd, k) for t in targets
                                       for k in range(self.config.drafts_per_target)))
                self._update(f"round {rnd + 1}: clustering")
                for cand in sorted(self.candidates.values(), key=lambda c: c.id):
                    await self.lab.signature(cand)
                if self.problem.has_official_tests:
                    self._update(f"round {rnd + 1}: submitting")
                    await self.submit_phase()
                    if not self.unsolved() or len(self.submissions) >= self.config.submissions:
                        break
                elif any(c.samples_passed and c.target is None for c in self.candidates.values()):
                    break
        except BudgetExhausted as e:
            stop_reason = str(e)
            if self.problem.has_official_tests:
                await self.submit_phase()
        answer = None if self.problem.has_official_tests else self.choose_answer()
        self.journal.write({"type": "session_end", "data": {"wall": time.time() - session_start,
                                                            "reason": stop_reason}})
        self._update(f"finished ({stop_reason})")
        return AgentResult(self.problem, dict(self.best), self.submissions, dict(self.progress.tokens),
                           time.time() - self.started, str(self.journal.run_dir), answer)

    def choose_answer(self) -> Candidate | None:
        """Without official tests, the answer is the top of the best cluster (full-problem candidates first)."""
        pool = [c for c in self.candidates.values() if c.compiled]
        if not pool:
            return None
        full = [c for c in pool if c.target is None and c.samples_passed]
        ranked = Clusters.build(full).groups if full else [sorted(pool, key=rank_key)]
        return ranked[0][0]
