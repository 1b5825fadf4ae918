"""`cpsolve bench agent`: how fast the agent's sandbox pipeline turns drafts into judged candidates, with a model
that costs nothing (a scripted one, in process), so that only compile + samples + stress + signature + large inputs
is measured, at the agent's default stress settings, on a generated A+B package (`VARIANT` names it in the output).

The figure is candidates per second, and beside it the judge's raw throughput in the same run on the same
workers (A+B tests per second, batched as `cpsolve judge` runs them): `efficiency` is the program runs per second
the pipeline achieved over the judge's tests per second (1.0 = the agent's sandbox work is as cheap per run as
judging). Absolute figures on a shared machine mean little; the ratio carries over.
"""
from __future__ import annotations

import asyncio
import tempfile
import time
from pathlib import Path
from typing import Callable

from sandbox.checkers import TokensChecker
from sandbox.compiler import compile_program
from sandbox.evaluation import evaluate
from sandbox.executor import Limits, TestCase
from sandbox.languages import get_language
from sandbox.worker import WorkerPool

from ..agent.config import AgentConfig
from ..agent.loop import Progress
from ..agent.scripted import ScriptedModel
from ..problems import load_problem
from ..solve import solve_with

PROBLEM_YAML = """id: benchsum
title: Sum of pairs
time_limit: 1.0
memory_limit: 256
checker: tokens
samples: [sample-*]
subtasks:
  - {name: samples, points: 0, tests: ["sample-*"]}
  - {name: all, points: 100, tests: ["sample-*", "t-*"]}
"""
STATEMENT = "Read t, then t pairs of integers a b (|a|, |b| <= 10^18 / 2); print a + b for each pair.\n"
SOLUTION = ("```cpp\n// variant {variant}\n#include <bits/stdc++.h>\nint main(){{int t;std::cin>>t;while(t--){{long long "
            "a,b;std::cin>>a>>b;std::cout<<a+b<<'\\n';}}}}\n```\n")
BRUTE = "```python\nt = int(input())\nfor _ in range(t):\n    a, b = map(int, input().split())\n    print(a + b)\n```\n"
GENERATOR = ("```python\nimport random, sys\nrandom.seed(int(sys.argv[1]))\nn = int(sys.argv[2])\nt = random.randint(1, n)\n"
             "print(t)\nfor _ in range(t):\n    print(random.randint(-9, 9), random.randint(-9, 9))\n```\n")
APLUSB = b"#include <bits/stdc++.h>\nint main(){long long a,b;std::cin>>a>>b;std::cout<<a+b<<'\\n';}\n"


def _write_problem(root: Path, tests: int) -> None:
    (root / "tests").mkdir(parents=True)
    (root / "problem.yaml").write_text(PROBLEM_YAML)
    (root / "statement.md").write_text(STATEMENT)
    cases = {"sample-1": [(1, 2), (-3, 3)]} | {f"t-{i}": [(i, -2 * i), (10 ** 17, i)] for i in range(tests)}
    for name, pairs in cases.items():
        (root / "tests" / f"{name}.in").write_text(f"{len(pairs)}\n" + "".join(f"{a} {b}\n" for a, b in pairs))
        (root / "tests" / f"{name}.ans").write_text("".join(f"{a + b}\n" for a, b in pairs))


def _scripted(nonce: int) -> ScriptedModel:
    drafts = iter(range(1 << 30))

    def answer(messages: list[dict]) -> str:
        prompt = messages[-1]["content"]
        if "Write a brute-force" in prompt:
            return BRUTE
        if "random test generator" in prompt:
            return GENERATOR
        # every draft is a distinct source, so each one is really compiled (the compile cache keys on sources)
        return SOLUTION.format(variant=f"{nonce}-{next(drafts)}")

    return ScriptedModel(answer)


def judge_tests_per_second(pool: WorkerPool, image: str, n_tests: int) -> float:
    """The judge's raw throughput on these workers: A+B tests per second, batched as `cpsolve judge` runs them."""
    compiled = compile_program(pool.workers[0], get_language("cpp17"), {"sol.cpp": APLUSB}, image)
    if not compiled.ok:
        raise RuntimeError(compiled.log)
    with tempfile.TemporaryDirectory() as tmp:
        tests = {}
        for i in range(n_tests):
            (Path(tmp) / f"{i}.in").write_text(f"{i} {i}\n")
            (Path(tmp) / f"{i}.ans").write_text(f"{2 * i}\n")
            tests[str(i)] = TestCase(str(i), Path(tmp) / f"{i}.in", Path(tmp) / f"{i}.ans")
        groups = [list(tests)[k::len(pool.workers)] for k in range(len(pool.workers))]
        start = time.perf_counter()
        evaluate(pool, compiled.program, tests, groups, Limits(time_s=1.0, memory_mib=256), TokensChecker(),
                 early_stop=False)
        return n_tests / (time.perf_counter() - start)


#: What the figure is measured on: the generated A+B package above, at the agent's default stress settings.
VARIANT = "A+B (generated), default stress settings"


def run_agent_bench(pool: WorkerPool, image: str, candidates: int = 32, judge_tests: int = 500,
                    log: Callable[[str], None] = print, settings: dict | None = None) -> dict:
    """Candidates per second through compile + samples + stress + signature + large inputs, and the judge's tests
    per second. Everything the sandbox does per candidate is AgentConfig's default (stress, cluster and large
    inputs and their sizes); only the drafting is shaped for the measurement: CANDIDATES lineages at once, one
    draft each, no repair, one submission. SETTINGS: AgentConfig fields to change (the tests keep the run small;
    the command line changes none, and the output names what was used)."""
    config = AgentConfig().model_copy(update={
        **(settings or {}), "drafts_per_target": 1, "rounds": 1, "repair_rounds": 0,
        "lineages_per_round": candidates, "parallel_lineages": candidates, "brute_attempts": 1, "submissions": 1})
    stages: dict[str, float] = {}

    def progress(p: Progress) -> None:
        stages.setdefault(p.stage.split(": ")[-1], time.perf_counter())

    with tempfile.TemporaryDirectory(prefix="cpsolve-bench-agent-") as tmp:
        _write_problem(Path(tmp) / "problem", tests=20)
        problem = load_problem(Path(tmp) / "problem")
        model = _scripted(time.time_ns())
        log(f"agent: {candidates} candidates, {config.stress_tests} stress, {config.cluster_tests} cluster and "
            f"{config.large_tests} large inputs (size {config.large_size}) each")
        start = time.perf_counter()
        result = asyncio.run(solve_with(problem, model, pool, image, Path(tmp) / "run", config, progress))
        wall = stages.get("submitting", time.perf_counter()) - start
        survived = result.score == problem.max_score
    log(f"judge: {judge_tests} A+B tests on the same {len(pool.workers)} workers")
    judge_rate = judge_tests_per_second(pool, image, judge_tests)
    samples = len(problem.samples)
    runs_per_candidate = samples + config.stress_tests + config.cluster_tests + config.large_tests
    rate = candidates / wall
    return {
        "variant": VARIANT if not settings else f"{VARIANT} except {settings}",
        "candidates": candidates,
        "workers": len(pool.workers),
        "stress_cluster_large": [config.stress_tests, config.cluster_tests, config.large_tests],
        "large_size": config.large_size,
        "pipeline_s": round(wall, 2),
        "candidates_per_s": round(rate, 2),
        "runs_per_candidate": runs_per_candidate,
        "judge_tests_per_s": round(judge_rate, 1),
        "judge_equivalent_candidates_per_s": round(judge_rate / runs_per_candidate, 2),
        "efficiency": round(rate * runs_per_candidate / judge_rate, 3),
        "solved": survived,
        "model_calls": model.calls,
    }
