"""Stress testing and clustering: a brute force the model wrote (trusted once it passes the samples), a random
generator, and the comparisons that turn their agreement into counterexamples and behaviour signatures."""
from __future__ import annotations

import asyncio
import hashlib

from sandbox.executor import Limits
from sandbox.languages import get_language
from sandbox.verdicts import Verdict

from .candidates import Candidate
from .sandboxing import stress_supported

GENERATOR_LIMITS = Limits(time_s=5.0, memory_mib=512)
BRUTE_LIMITS = Limits(time_s=5.0, memory_mib=512)


class StressLab:
    """Owned by one Agent, whose model calls, journal and sandbox it uses."""

    def __init__(self, agent):
        self.agent = agent
        self.brute = None
        self.generator = None
        self.stress_cases: list[tuple[bytes, bytes]] = []
        """(input, the brute force's output) on small random inputs."""
        self.cluster_inputs: list[bytes] = []

    async def prepare(self) -> None:
        """A brute force that passes the samples and a generator; their agreement is the reference."""
        if not stress_supported(self.agent.problem) or self.agent.config.stress_tests == 0:
            return
        for i in range(self.agent.config.brute_attempts):
            text = await self.agent.ask(f"brute:{i}", "brute", self.agent._context(None))
            source, language = self.agent._extract_any(text)
            result = await asyncio.to_thread(self.agent.tools.compile_standalone, source, language,
                                             f"brute{i}{language.suffix}")
            if result.ok and await self._passes_samples(result.program):
                self.brute = result.program
                break
        if self.brute is None:
            return
        python = get_language("python3")
        text = await self.agent.ask("generator:0", "generator", self.agent._context(None))
        result = await asyncio.to_thread(self.agent.tools.compile_standalone, self.agent._extract(text, python), python, "gen.py")
        if not result.ok:
            return
        self.generator = result.program
        for seed in range(self.agent.config.stress_tests):
            data = await self._generate(seed, self.agent.config.stress_size)
            if data is None:
                continue
            ref = await asyncio.to_thread(self.agent.tools.run_on_input, self.brute, data, BRUTE_LIMITS)
            if ref.verdict is None:
                self.stress_cases.append((data, ref.output))
        for seed in range(self.agent.config.cluster_tests):
            data = await self._generate(10_000 + seed, self.agent.config.stress_size * 4)
            if data is not None:
                self.cluster_inputs.append(data)

    async def _generate(self, seed: int, size: int) -> bytes | None:
        run = await asyncio.to_thread(self.agent.tools.run_on_input, self.generator, b"", GENERATOR_LIMITS,
                                      [str(seed), str(size)])
        return run.output if run.verdict is None and run.output.strip() else None

    async def _passes_samples(self, program) -> bool:
        for name in self.agent.problem.samples:
            test = self.agent.problem.tests[name]
            run = await asyncio.to_thread(self.agent.tools.run_on_input, program, test.read_input(), BRUTE_LIMITS)
            if run.verdict is not None:
                return False
            score, _ = await asyncio.to_thread(self.agent.tools.compare, test.read_input(), test.read_answer(), run.output)
            if score < 1.0:
                return False
        return True

    async def check(self, cand: Candidate) -> dict | None:
        """Compare with the brute force on small random inputs; a difference is the next repair's counterexample.
        Also run the largest inputs once to catch a slow candidate."""
        if not self.stress_cases:
            return None

        async def step() -> dict:
            program = await self.agent._program(cand)
            passed = 0
            for data, expected in self.stress_cases:
                run = await asyncio.to_thread(self.agent.tools.run_on_input, program, data, self.agent.problem.limits)
                score, message = (0.0, run.message) if run.verdict else await asyncio.to_thread(
                    self.agent.tools.compare, data, expected, run.output)
                if score < 1.0:
                    return {"passed": passed, "failed": 1, "slow": False, "feedback": {
                        "kind": "stress", "input": data.decode(errors="replace"),
                        "expected": expected.decode(errors="replace"), "got": run.output.decode(errors="replace"),
                        "verdict": run.verdict.value if run.verdict else "WA", "message": message}}
                passed += 1
            for seed in range(self.agent.config.large_tests):
                data = await self._generate(20_000 + seed, self.agent.config.large_size)
                if data is None:
                    continue
                run = await asyncio.to_thread(self.agent.tools.run_on_input, program, data, self.agent.problem.limits)
                if run.verdict in (Verdict.TLE, Verdict.MLE):
                    return {"passed": passed, "failed": 0, "slow": True,
                            "feedback": {"kind": "slow", "verdict": run.verdict.value, "message": run.message}}
            return {"passed": passed, "failed": 0, "slow": False, "feedback": None}

        data = await self.agent.journal.once(f"stress:{cand.id}", "stress", step)
        cand.stress_passed, cand.stress_failed, cand.slow = data["passed"], data["failed"], data["slow"]
        self.agent._update()
        return data["feedback"]

    async def signature(self, cand: Candidate) -> None:
        if not self.cluster_inputs or not cand.samples_passed:
            return

        async def step() -> dict:
            program = await self.agent._program(cand)
            h = hashlib.sha256()
            for data in self.cluster_inputs:
                run = await asyncio.to_thread(self.agent.tools.run_on_input, program, data, self.agent.problem.limits)
                h.update((run.verdict.value if run.verdict else b" ".join(run.output.split()).decode(
                    errors="replace")).encode() + b"\0")
            return {"signature": h.hexdigest()[:16]}

        cand.signature = (await self.agent.journal.once(f"signature:{cand.id}", "signature", step))["signature"]
