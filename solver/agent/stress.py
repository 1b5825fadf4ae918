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
        self.validator = None
        """Programs set before `prepare` (`cpsolve select --brute/--generator/--validator`) are used as given;
        the model is asked only for the missing ones, and only when there is a model."""
        self.stress_cases: list[tuple[bytes, bytes]] = []
        """(input, the brute force's output) on small random inputs."""
        self.cluster_inputs: list[bytes] = []

    async def prepare(self) -> None:
        """A brute force that passes the samples and a generator; their agreement is the reference. A generator
        alone still gives clustering inputs."""
        if not stress_supported(self.agent.problem) or self.agent.config.stress_tests == 0:
            return
        can_ask = self.agent.model is not None
        for i in range(self.agent.config.brute_attempts if self.brute is None and can_ask else 0):
            text = await self.agent.ask(f"brute:{i}", "brute", self.agent._context(None))
            source, language = self.agent._extract_any(text)
            ext = "py" if language.name.startswith("python") else "cpp"
            result = await asyncio.to_thread(self.agent.tools.compile_standalone, source, language, f"brute{i}.{ext}")
            if result.ok and await self._passes_samples(result.program):
                self.brute = result.program
                break
        if self.generator is None and self.brute is not None and can_ask:
            python = get_language("python3")
            text = await self.agent.ask("generator:0", "generator", self.agent._context(None))
            result = await asyncio.to_thread(self.agent.tools.compile_standalone, self.agent._extract(text, python),
                                             python, "gen.py")
            self.generator = result.program if result.ok else None
        if self.generator is None:
            return
        for seed in range(self.agent.config.stress_tests if self.brute is not None else 0):
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
        if run.verdict is not None or not run.output.strip():
            return None
        if self.validator is not None:  # exits non-zero on an input outside the constraints
            check = await asyncio.to_thread(self.agent.tools.run_on_input, self.validator, run.output,
                                            GENERATOR_LIMITS)
            if check.verdict is not None:
                return None
        return run.output

    async def _passes_samples(self, program) -> bool:
        return await self.failing_sample(program) is None

    async def failing_sample(self, program) -> str | None:
        """The first sample PROGRAM (standalone, stdin/stdout) gets wrong, or None when it passes them all."""
        for name in self.agent.problem.samples:
            test = self.agent.problem.tests[name]
            run = await asyncio.to_thread(self.agent.tools.run_on_input, program, test.read_input(), BRUTE_LIMITS)
            if run.verdict is not None:
                return name
            score, _ = await asyncio.to_thread(self.agent.tools.compare, test.read_input(), test.read_answer(),
                                               run.output)
            if score < 1.0:
                return name
        return None

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
