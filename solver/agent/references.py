"""A reference the stress lab can trust: brute forces (or, for interactive tasks, answer makers) drafted
independently, each passing the samples, cross-checked on the small generated inputs. One brute force is never
trusted alone: as in CodeT, a reference is trusted once `brute_quorum` independent ones agree on every input,
and a tie between disagreeing ones trusts none.

Subtask-targeted candidates are votes too, but only confirming ones. A candidate drafted for an easy subtask
promises correctness inside that subtask alone, and nothing says whether a small generated input lies inside it
(its constraints are prose, and the validator checks the whole problem's). So its disagreement with a brute force
is no evidence against the brute force, and it never becomes the reference itself; but its agreement with one on
every input both ran is as much evidence as a second brute force's: two independently written programs that
print the same answers. Such a vote is sought only when the brute forces alone reach no quorum, before another
brute force is asked for. The voters are a fixed set, round 0's first targeted drafts that start with the run
(`Agent.first_drafts`), waited for until their samples are judged: the decision never depends on which model
call finished first, and the set-up journals it like the rest."""
from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass, field

from sandbox.checkers import TokensChecker
from sandbox.compiler import Program
from sandbox.executor import Limits
from sandbox.verdicts import Verdict

from .cases import CaseStore
from .judge_tools import Case
from .oracles import Oracle
from .workbench import Workbench

BRUTE_LIMITS = Limits(time_s=5.0, memory_mib=512)


@dataclass
class Reference:
    program: Program | None = None
    outputs: list[bytes | None] = field(default_factory=list)
    """The trusted program's outputs on the stress inputs (None where any agreeing brute force failed)."""
    info: dict = field(default_factory=dict)
    """What the journal records: brute forces asked, which passed the samples, which agreed."""


class ReferenceFinder:
    def __init__(self, bench: Workbench, oracle: Oracle, store: CaseStore):
        self.bench, self.oracle, self.store = bench, oracle, store
        self.standalone = oracle.reference == "answers"

    def first_count(self) -> int:
        """Brute forces asked for at once before any is judged: as many as a quorum needs."""
        cfg = self.bench.config
        return min(cfg.brute_quorum, cfg.brute_attempts)

    async def find(self, cases: list[Case], drafting: list[asyncio.Task] = ()) -> Reference:
        """A trusted reference's outputs on CASES. DRAFTING: the first brute forces' `draft_checked` calls,
        already in flight (asked for with the other helper programs); the rest are asked for here."""
        cfg = self.bench.config
        passing: list[tuple[int, Program, list[bytes | None]]] = []
        seen: set[str] = set()
        info = {"asked": 0, "passed_samples": [], "duplicates": [], "trusted": [], "disagreed": False}

        async def draft(i: int):
            info["asked"] += 1
            program, source = await (drafting[i] if i < len(drafting) else self.draft_checked(i))
            if program is None:
                return None
            key = re.sub(r"\s+", "", source)
            if key in seen:  # the same text twice is not independent evidence
                info["duplicates"].append(i)
                return None
            seen.add(key)
            info["passed_samples"].append(i)
            outs = [out for _, out in await asyncio.to_thread(self.bench.tools.outputs, program, cases,
                                                              limits=BRUTE_LIMITS, standalone=self.standalone)]
            return i, program, outs

        first = self.first_count()
        drafted = await asyncio.gather(*(draft(i) for i in range(first)))
        passing += [d for d in drafted if d is not None]
        i = first
        voters: list | None = None
        while True:
            trusted = await self._agreeing(passing, cases, info, voters or [])
            if trusted is None and voters is None and passing:  # before another brute force is asked for
                voters = await self._targeted_votes(cases, seen, info)
                if voters:
                    trusted = await self._agreeing(passing, cases, info, voters)
            if trusted is not None or i >= cfg.brute_attempts:
                break
            d = await draft(i)
            if d is not None:
                passing.append(d)
            i += 1
        # drafts run concurrently: record them in a fixed order, so a journal reads the same whatever finished first
        info["passed_samples"].sort()
        info["duplicates"].sort()
        if trusted is None:
            return Reference(info=info)
        members = [p for p in passing + (voters or []) if p[0] in trusted]
        outputs = [members[0][2][k] if all(m[2][k] is not None for m in members) else None
                   for k in range(len(cases))]
        info["trusted"] = trusted
        return Reference(members[0][1], outputs, info)

    async def draft_checked(self, i: int) -> tuple[Program | None, str]:
        """Brute force I, drafted, compiled and checked on the samples (its program None when it fails)."""
        bench = self.bench
        ctx = {**bench.context(), "oracle": self.oracle.to_prompt(), "attempt": i}
        text = await bench.ask(f"brute:{i}", "brute", ctx)
        if self.oracle.grader:  # compiled with the grader, which is C++: in the candidates' language
            source, language = bench.extract(text, bench.language), bench.language
        else:  # any language: brute forces are often Python
            source, language = bench.extract_any(text)
        if not source.strip():
            return None, source
        compile_ = bench.tools.compile_standalone if self.standalone else bench.tools.compile
        result = await asyncio.to_thread(compile_, source, language, f"brute{i}{language.suffix}")
        if not result.ok or not await self._passes_samples(result.program):
            return None, source
        return result.program, source

    async def _passes_samples(self, program: Program) -> bool:
        return await self.first_wrong_sample(program) is None

    async def first_wrong_sample(self, program: Program) -> str | None:
        """The first sample PROGRAM gets wrong, or None when it may be trusted on them. A brute force is for tiny
        inputs: a sample too big for it may time out or crash, but no sample may get a wrong answer, and one at
        least must be right."""
        tools, problem = self.bench.tools, self.bench.problem
        tests = [problem.tests[n] for n in problem.samples]
        if self.standalone:  # an answer maker prints the samples' answer files
            results = await asyncio.to_thread(tools.judge, program, tests, checker=TokensChecker(),
                                              limits=BRUTE_LIMITS, standalone=True)
        else:
            results = await asyncio.to_thread(tools.judge, program, tests, limits=BRUTE_LIMITS)
        wrong = [r for r in results if r.verdict in (Verdict.WA, Verdict.PA, Verdict.JE)]
        if wrong:
            return wrong[0].name
        if not any(r.verdict is Verdict.AC for r in results):
            return results[0].name if results else None
        return None

    async def _agreeing(self, passing: list, cases: list[Case], info: dict, voters: list = ()) -> list | None:
        """The first group of `brute_quorum` programs that agree on every input all of them ran on: a brute force
        first (its outputs are the reference), then other brute forces and targeted VOTERS that agree with it."""
        quorum = self.bench.config.brute_quorum
        if len(passing) + len(voters) < quorum:
            return None
        for a, (ia, _, outs_a) in enumerate(passing):
            group = [ia]
            for ib, _, outs_b in [*passing[a + 1:], *voters]:
                if await self._agree(cases, outs_a, outs_b):
                    group.append(ib)
            if len(group) >= quorum:
                return group
        if not voters:  # (a targeted vote that disagrees is no evidence against a brute force)
            info["disagreed"] = True
        return None

    async def _targeted_votes(self, cases: list[Case], seen: set[str], info: dict) -> list:
        """Round 0's first targeted drafts that passed the samples (none for an answer maker's task: they are
        interactive programs, not answer files), with their outputs on CASES, ordered by id."""
        info["targeted"] = []
        if self.standalone:
            return []
        drafts = self.bench.first_drafts()
        got = await asyncio.gather(*(asyncio.shield(drafts[cid]) for cid in sorted(drafts)))
        votes, texts = [], set(seen)
        for cand in got:
            key = re.sub(r"\s+", "", cand.source) if cand is not None else None
            if key is None or key in texts:  # the same text twice is not independent evidence
                continue
            texts.add(key)
            program = await self.bench.program(cand)
            if program is None:
                continue
            outs = [out for _, out in await asyncio.to_thread(self.bench.tools.outputs, program, cases,
                                                              limits=BRUTE_LIMITS)]
            info["targeted"].append(cand.id)
            votes.append((cand.id, program, outs))
        return votes

    async def _agree(self, cases: list[Case], outs_a: list, outs_b: list) -> bool:
        """B's outputs judged with A's standing in for the answer (the task's checker, or tokens for answer
        files): multi-answer and float tasks agree through the checker, not byte for byte."""
        pairs = []
        for case, a, b in zip(cases, outs_a, outs_b):
            if a is not None and b is not None:
                pairs.append((Case(case.name, case.input_path, self.store.path(self.store.put(a))), b))
        if not pairs:
            return False
        results = await asyncio.to_thread(self.bench.tools.compare, pairs, tokens=self.standalone)
        return all(r.verdict is Verdict.AC for r in results)
