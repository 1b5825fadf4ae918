"""Stress testing and behaviour signatures, for every task type that runs a program.

The set-up (stress_setup.py, journaled as one step, its cases stored in `RUN_DIR/cases/`, so a resume judges the
same ones) finds a validator, a generator and the task's oracle. A candidate is then judged on the small inputs (a
failure is the next repair's counterexample) and on a few of the largest (a TLE is a "too slow"), and its
behaviour on the clustering inputs becomes its signature.
"""
from __future__ import annotations

import asyncio
import hashlib

from sandbox.compiler import Program
from sandbox.verdicts import TestResult, Verdict

from .candidates import Candidate
from .cases import CaseStore
from .judge_tools import Case, CapturingChecker
from .oracles import oracle_for
from .references import ReferenceFinder
from .stress_setup import StressSetup
from .workbench import Workbench


class StressLab:
    """Stress tests for one run, on what its `Workbench` gives (model calls, journal, judge tools)."""

    def __init__(self, bench: Workbench):
        self.bench = bench
        self.oracle = oracle_for(bench.problem)
        self.store = CaseStore(bench.journal.run_dir)
        self.stress: list[Case] = []
        """Small inputs, with the reference's output (or the interactor's answer file) as the answer."""
        self.cluster: list[Case] = []
        self.large: list[Case] = []
        self.setup: dict = {}
        self.brute: Program | None = None
        self.generator: Program | None = None
        self.validator: Program | None = None
        """Set before `prepare` (`cpsolve select`): used as given; the model is asked only for the missing ones."""

    # ------------------------------------------------------------------ set-up
    async def prepare(self) -> None:
        if self.bench.config.stress_tests == 0:
            return
        self.setup = await self.bench.journal.once("stress:setup", "stress_setup", StressSetup(self).run)
        # a resume replays what the set-up found, rather than probing the checker again
        self.oracle = oracle_for(self.bench.problem, checker_alone=self.setup.get("checker_alone", False))
        self.stress = self.store.cases("s", self.setup["stress"])
        self.cluster = self.store.cases("c", self.setup["cluster"])
        self.large = self.store.cases("l", self.setup["large"])

    def helper_requests(self) -> int:
        """Model requests the set-up sends at once when it starts: the drafting pool leaves them room in the
        client's batch, so they run at once rather than after a draft (minutes at olympiad lengths). None are
        sent without stress tests or a model. Counted the same on a resume (the drafting plan depends on it),
        from what the run was configured with, never from what its journal holds."""
        if self.bench.config.stress_tests == 0:
            return 0
        return len(StressSetup(self).first_requests())

    async def failing_sample(self, program: Program) -> str | None:
        """The first sample a given brute force PROGRAM gets wrong (the rule drafted ones meet), or None."""
        return await ReferenceFinder(self.bench, self.oracle, self.store).first_wrong_sample(program)

    # ------------------------------------------------------------------ candidates
    async def check(self, cand: Candidate) -> dict | None:
        """Judge on the small inputs (the first failure is the next repair's counterexample), then on the
        largest ones to catch a slow candidate. A judge error is the package's fault, never the program's."""
        if not self.stress and not self.large:
            return None

        async def step() -> dict:
            tools = self.bench.tools
            program = await self.bench.program(cand)
            results, outs = await asyncio.to_thread(tools.judge_keeping_outputs, program, self.stress)
            judged = [(c, r) for c, r in zip(self.stress, results) if r.verdict not in (Verdict.JE, Verdict.SKIP)]
            summary = {"passed": 0, "failed": 0, "slow": False, "judge_errors": len(results) - len(judged),
                       "feedback": None}
            slowest = max((r.time for _, r in judged), default=0.0)
            for case, r in judged:
                if r.score >= 1.0:
                    summary["passed"] += 1
                elif summary["feedback"] is None:
                    summary["failed"] += 1
                    summary["feedback"] = self._counterexample(case, r, outs.get(case.name))
            if summary["feedback"] is None and self.large:
                checker = CapturingChecker() if self.oracle.compares_outputs else None
                large = await asyncio.to_thread(tools.judge, program, self.large, checker=checker)
                slowest = max([slowest] + [r.time for r in large])
                for r in large:
                    if r.verdict in (Verdict.TLE, Verdict.MLE):
                        summary.update(slow=True, feedback={"kind": "slow", "verdict": r.verdict.value,
                                                            "message": r.message})
                        break
            # in tenths of the time limit: members of one cluster that differ only by timing noise stay tied, and
            # the journal records the same step wherever the run judged
            summary["speed_rank"] = int(10 * slowest / max(self.bench.problem.limits.time_s, 1e-9))
            return summary

        data = await self.bench.journal.once(f"stress:{cand.id}", "stress", step)
        cand.stress_passed, cand.stress_failed, cand.slow = data["passed"], data["failed"], data["slow"]
        cand.speed_rank = data.get("speed_rank", 0)
        self.bench.changed()
        return data["feedback"]

    def _counterexample(self, case: Case, r: TestResult, got: bytes | None) -> dict:
        text = lambda b: b.decode(errors="replace") if b is not None else None  # noqa: E731
        expected = case.answer_path.read_bytes() if case.answer_path and self.oracle.compares_outputs else None
        return {"kind": "stress", "oracle": self.oracle.kind, "input": text(case.input_path.read_bytes()),
                "expected": text(expected), "got": text(got), "verdict": r.verdict.value, "score": r.score,
                "message": r.message}

    async def signature(self, cand: Candidate) -> None:
        """Equal signatures mean the same behaviour: per clustering input, the verdict and score the task's
        checker (against the reference, or the first candidate's outputs) or its manager gives, plus, where the
        output is not accepted, the output itself. Equivalent answers of a multi-answer or float task agree."""
        if not self.cluster or not cand.samples_passed:
            return

        async def step() -> dict:
            program = await self.bench.program(cand)
            cases = await self._cluster_cases()
            results, outs = await asyncio.to_thread(self.bench.tools.judge_keeping_outputs, program, cases)
            h = hashlib.sha256()
            for r in results:
                token = f"{r.verdict.value}:{r.score:.6f}"
                if r.verdict is not Verdict.AC and r.name in outs:
                    token += ":" + hashlib.sha256(b" ".join(outs[r.name].split())).hexdigest()[:16]
                h.update(token.encode() + b"\0")
            return {"signature": h.hexdigest()[:16]}

        cand.signature = (await self.bench.journal.once(f"signature:{cand.id}", "signature", step))["signature"]

    async def _cluster_cases(self) -> list[Case]:
        """Without a reference, batch-like tasks compare every candidate with one anchor: the first candidate
        whose signature is asked (they are asked in id order), its outputs journaled like any case. A checker
        that judges alone needs none: its verdicts are the signature, as a manager's are."""
        if not self.oracle.compares_outputs or self.oracle.checker_alone or all(c.answer_path for c in self.cluster):
            return self.cluster
        if self.cluster and all(c.answer_path is None for c in self.cluster):
            async def anchor() -> dict:
                first = min((c for c in self.bench.candidates() if c.samples_passed), key=lambda c: c.id)
                program = await self.bench.program(first)
                runs = await asyncio.to_thread(self.bench.tools.outputs, program, self.cluster)
                return {"anchor": first.id, "cluster": [
                    [c.input_path.name, self.store.put(out) if out is not None else None]
                    for c, (_, out) in zip(self.cluster, runs)]}
            data = await self.bench.journal.once("cluster:anchor", "cluster_anchor", anchor)
            self.cluster = self.store.cases("c", data["cluster"])
        return self.cluster
