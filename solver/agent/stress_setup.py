"""The stress lab's set-up: a validator that accepts the sample inputs, a generator whose inputs the validator
accepts (replaced when most are invalid), and the task's oracle (oracles.py): a trusted brute force or answer maker
(references.py), or the package's manager, interactor or (constructive tasks) checker on its own. Programs given
beforehand (`cpsolve select --brute/--generator/--validator`) are used as they are, and without a model nothing is
asked.

The helper programs' first requests (validator, generator, the first brute forces) go to the model at once, never
one after another: each 45k-token call takes minutes on a loaded GPU, and only a retry (a rejected generator, a
brute force that found no quorum) has to wait for what came before.
"""
from __future__ import annotations

import asyncio
from typing import Awaitable, Callable

from sandbox.compiler import Program
from sandbox.executor import Limits
from sandbox.languages import get_language
from sandbox.verdicts import Verdict

from .judge_tools import Case, CapturingChecker
from .oracles import oracle_for
from .references import BRUTE_LIMITS, Reference, ReferenceFinder

GENERATOR_LIMITS = Limits(time_s=5.0, memory_mib=512)
VALIDATOR_LIMITS = Limits(time_s=5.0, memory_mib=512)
#: A generator whose inputs the validator rejects more often than this is replaced.
MAX_INVALID_FRACTION = 0.5
CLUSTER_SEED, LARGE_SEED = 10_000, 20_000


class _FirstRequests:
    """The helper programs' first requests in flight, by key; whatever the set-up did not wait for (it stopped
    early: no generator, no reference needed) is cancelled when it ends, so no call outlives it."""

    def __init__(self, tasks: dict[str, asyncio.Task]):
        self.tasks = tasks

    def take(self, key: str) -> asyncio.Task | None:
        return self.tasks.pop(key, None)

    def brutes(self) -> list[asyncio.Task]:
        keys = sorted((k for k in self.tasks if k.startswith("brute:")), key=lambda k: int(k.split(":")[1]))
        return [self.tasks.pop(k) for k in keys]

    async def close(self) -> None:
        for task in self.tasks.values():
            task.cancel()
        await asyncio.gather(*self.tasks.values(), return_exceptions=True)


class StressSetup:
    """One set-up for a StressLab: what it finds is returned as the journaled step's data."""

    def __init__(self, lab):
        self.bench, self.store, self.oracle = lab.bench, lab.store, lab.oracle
        self.brute, self.generator, self.validator = lab.brute, lab.generator, lab.validator

    async def run(self) -> dict:
        tools = self.bench.tools
        await asyncio.to_thread(tools.prepare)
        empty = {"stress": [], "cluster": [], "large": []}
        # before any prompt: a checker that judges validity alone makes the brute force unnecessary
        checker_alone = self.oracle.reference == "brute" and await asyncio.to_thread(tools.checker_judges_alone)
        self.oracle = oracle_for(self.bench.problem, checker_alone=checker_alone)
        asked = _FirstRequests({key: asyncio.ensure_future(ask()) for key, ask in self.first_requests().items()})
        try:
            return await self._built(asked, empty, checker_alone)
        finally:
            await asked.close()

    def first_requests(self) -> dict[str, Callable[[], Awaitable]]:
        """The helper programs' first requests, by key, sent all at once: the validator's, the generator's (its
        first prompt needs nothing from the validator) and the first brute forces' (drafted and checked on the
        samples; they run on generated inputs once those exist). Programs given beforehand are not asked for."""
        bench = self.bench
        if not bench.has_model:
            return {}
        first: dict[str, Callable[[], Awaitable]] = {}
        if self.validator is None and bench.config.validator_attempts > 0:
            first["validator"] = lambda: bench.ask("validator:0", "validator", self._prompt_context())
        if self.generator is None and bench.config.generator_attempts > 0:
            first["generator"] = lambda: bench.ask("generator:0", "generator", self._prompt_context())
        if self.oracle.reference is not None and self.brute is None:
            finder = ReferenceFinder(bench, self.oracle, self.store)
            for i in range(finder.first_count()):
                first[f"brute:{i}"] = lambda i=i: finder.draft_checked(i)
        return first

    async def _built(self, asked: _FirstRequests, empty: dict, checker_alone: bool) -> dict:
        cfg = self.bench.config
        validator, validator_index = await self._validator(asked.take("validator"))
        generator, info = await self._generator(validator, asked.take("generator"))
        info.update(validator=validator_index, checker_alone=checker_alone)
        if generator is None:
            return {**empty, **info}
        stress = await self._inputs(generator, validator, range(cfg.stress_tests), cfg.stress_size, info)
        cluster = await self._inputs(generator, validator, range(CLUSTER_SEED, CLUSTER_SEED + cfg.cluster_tests),
                                     cfg.stress_size * 4, info)
        large = await self._inputs(generator, validator, range(LARGE_SEED, LARGE_SEED + cfg.large_tests),
                                   cfg.large_size, info)
        if self.oracle.reference is None:  # the manager, interactor or checker judges alone
            return {"stress": [[k, None] for k in stress], "cluster": [[k, None] for k in cluster],
                    "large": [[k, None] for k in large], **info}
        found = await self._reference(self.store.cases("s", [[k, None] for k in stress]), asked.brutes())
        info["reference"] = found.info
        if found.program is None:
            # no answers: nothing to stress against, but the clustering inputs still tell behaviours apart
            return {**empty, "cluster": [[k, None] for k in cluster], **info}
        pairs = [[k, self.store.put(out)] for k, out in zip(stress, found.outputs) if out is not None]
        cluster_pairs = await self._answers(found.program, cluster)
        # large inputs need answers only where the interactor reads them; elsewhere only the run time matters
        large_pairs = await self._answers(found.program, large) if self.oracle.reference == "answers" else \
            [[k, None] for k in large]
        return {"stress": pairs, "cluster": cluster_pairs, "large": large_pairs, **info}

    async def _reference(self, cases: list[Case], drafting: list[asyncio.Task]) -> Reference:
        """The given brute force (it passed the samples when given), else independently drafted ones that agree
        (DRAFTING: the first ones, asked for at the start); without a model, none."""
        if self.brute is not None:
            runs = await asyncio.to_thread(self.bench.tools.outputs, self.brute, cases, limits=BRUTE_LIMITS,
                                           standalone=self.oracle.reference == "answers")
            return Reference(self.brute, [out for _, out in runs], {"given": True})
        if not self.bench.has_model:
            return Reference(info={"asked": 0})
        return await ReferenceFinder(self.bench, self.oracle, self.store).find(cases, drafting)

    async def _answers(self, program: Program, keys: list[str]) -> list[list]:
        """The reference's outputs as answers; inputs it fails on are dropped."""
        cases = self.store.cases("a", [[k, None] for k in keys])
        runs = await asyncio.to_thread(self.bench.tools.outputs, program, cases, limits=BRUTE_LIMITS,
                                       standalone=self.oracle.reference == "answers")
        return [[k, self.store.put(out)] for k, (_, out) in zip(keys, runs) if out is not None]

    async def _validator(self, first: asyncio.Task | None) -> tuple[Program | None, int | str | None]:
        """A model-written validator, trusted once it accepts every sample input; or the one given. FIRST is the
        first attempt's request, already in flight."""
        bench = self.bench
        if self.validator is not None:
            return self.validator, "given"
        python = get_language("python3")
        samples = [bench.problem.tests[n] for n in bench.problem.samples]
        for i in range(bench.config.validator_attempts if bench.has_model else 0):
            text = await first if i == 0 and first is not None else \
                await bench.ask(f"validator:{i}", "validator", self._prompt_context())
            source = bench.extract(text, python)
            if not source.strip():
                continue
            result = await asyncio.to_thread(bench.tools.compile_standalone, source, python, f"validate{i}.py")
            if not result.ok:
                continue
            verdicts = await asyncio.to_thread(bench.tools.judge, result.program, samples,
                                               checker=CapturingChecker(), limits=VALIDATOR_LIMITS, standalone=True)
            if all(r.verdict is Verdict.AC for r in verdicts):
                return result.program, i
        return None, None

    async def _generator(self, validator: Program | None, first: asyncio.Task | None) -> tuple[Program | None, dict]:
        """A generator whose small inputs the validator mostly accepts; one that keeps producing invalid
        inputs is replaced, and the next prompt shows what was wrong. FIRST is the first attempt's request (its
        prompt has no rejection to show), already in flight."""
        bench, cfg = self.bench, self.bench.config
        python = get_language("python3")
        info: dict = {"generator": None, "invalid": 0, "rejected_generators": []}
        if self.generator is not None:
            return self.generator, {**info, "generator": "given"}
        rejected = None
        probe = range(min(cfg.stress_tests, 10))
        for g in range(cfg.generator_attempts if bench.has_model else 0):
            text = await first if g == 0 and first is not None else \
                await bench.ask(f"generator:{g}", "generator", {**self._prompt_context(), "rejected": rejected})
            source = bench.extract(text, python)
            result = await asyncio.to_thread(bench.tools.compile_standalone, source, python, f"gen{g}.py")
            if not source.strip() or not result.ok:
                rejected = None
                continue
            runs = await asyncio.to_thread(bench.tools.run_many, result.program,
                                           [[str(s), str(cfg.stress_size)] for s in probe], GENERATOR_LIMITS)
            datas = [r.output for r in runs if r.verdict is None and r.output.strip()]
            if not datas:
                rejected = {"input": "", "why": "it printed nothing or failed: " + (runs[0].message if runs else "")}
                info["rejected_generators"].append(g)
                continue
            verdicts = await self._validate(validator, datas)
            bad = [(d, r) for d, r in zip(datas, verdicts) if r is not None]
            if len(bad) > MAX_INVALID_FRACTION * len(datas):
                rejected = {"input": bad[0][0].decode(errors="replace"), "why": bad[0][1]}
                info["rejected_generators"].append(g)
                continue
            info["generator"] = g
            return result.program, info
        return None, info

    async def _validate(self, validator: Program | None, datas: list[bytes]) -> list[str | None]:
        """Per input: None when valid, else why the validator rejected it."""
        if validator is None:
            return [None] * len(datas)
        cases = self.store.cases("v", [[self.store.put(d), None] for d in datas])
        results = await asyncio.to_thread(self.bench.tools.judge, validator, cases, checker=CapturingChecker(),
                                          limits=VALIDATOR_LIMITS, standalone=True)
        return [None if r.verdict is Verdict.AC else (r.stderr_tail.strip()[-300:] or r.message or r.verdict.value)
                for r in results]

    async def _inputs(self, generator: Program, validator: Program | None, seeds, size: int, info: dict) -> list[str]:
        """Generated inputs that the validator accepts, as store keys (duplicates once)."""
        seeds = list(seeds)
        if not seeds:
            return []
        runs = await asyncio.to_thread(self.bench.tools.run_many, generator, [[str(s), str(size)] for s in seeds],
                                       GENERATOR_LIMITS)
        datas = [r.output for r in runs if r.verdict is None and r.output.strip()]
        verdicts = await self._validate(validator, datas)
        info["invalid"] += sum(v is not None for v in verdicts)
        keys: list[str] = []
        for data, why in zip(datas, verdicts):
            key = self.store.put(data)
            if why is None and key not in keys:
                keys.append(key)
        return keys

    def _prompt_context(self) -> dict:
        return {**self.bench.context(), "oracle": self.oracle.to_prompt(), "rejected": None}

