"""`cpsolve bench judge --ray`: judge throughput on one worker node and on two, as a ratio measured in one run.

The work is many submissions of an A+B program on a generated package of many tests, sent at once from the head
so every node's workers stay busy; each phase starts with a warm-up round (the compile, the staged files) that
is not timed.
"""
from __future__ import annotations

import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Callable

from sandbox.languages import get_language

from ..problems import load_problem
from .cluster import SandboxCluster
from .tools import RemoteJudgeTools

APLUSB = "#include <bits/stdc++.h>\nint main(){long long a,b;std::cin>>a>>b;std::cout<<a+b<<'\\n';}\n"


def _make_package(folder: Path, n_tests: int) -> Path:
    root = folder / "bench-aplusb"
    (root / "tests").mkdir(parents=True)
    for i in range(n_tests):
        (root / "tests" / f"t{i:04d}.in").write_text(f"{i} {i * 3}\n")
        (root / "tests" / f"t{i:04d}.ans").write_text(f"{i * 4}\n")
    (root / "problem.yaml").write_text(
        "id: bench-aplusb\ntitle: A + B (judge benchmark)\ntime_limit: 1.0\nmemory_limit: 256\nchecker: tokens\n"
        "score_type: Sum\nsubtasks:\n  - {name: all, points: 100, tests: ['t*']}\n")
    return root


def _throughput(cluster: SandboxCluster, tools: RemoteJudgeTools, source: Path, submissions: int,
                tests: int) -> float:
    language = get_language("cpp17")
    with ThreadPoolExecutor(max(1, 2 * cluster.capacity)) as ex:
        # warm-up: every node compiles (then caches) the program and stages the tests once
        for sub in ex.map(lambda _: tools.judge_submission(source, language), range(cluster.capacity)):
            if sub.score != 100:
                raise RuntimeError(f"the benchmark program scored {sub.score}, not 100: the judge is broken")
        start = time.perf_counter()
        list(ex.map(lambda _: tools.judge_submission(source, language), range(submissions)))
        return submissions * tests / (time.perf_counter() - start)


def run_cluster_judge_bench(address: str, jobs: int | None, submissions: int = 16, tests: int = 100,
                            log: Callable[[str], None] = lambda m: None) -> dict:
    """Tests judged per second with the sandbox on 1 node, then on 2, and their ratio."""
    figures: dict = {}
    with tempfile.TemporaryDirectory(prefix="cpsolve-bench-") as tmp:
        problem = load_problem(_make_package(Path(tmp), tests))
        source = Path(tmp) / "aplusb.cpp"
        source.write_text(APLUSB)
        for nodes in (1, 2):
            with SandboxCluster(address, jobs, max_nodes=nodes, log=log) as cluster:
                if len(cluster.nodes) < nodes:
                    raise RuntimeError(f"the Ray cluster at {address} has {len(cluster.nodes)} node(s) with CPUs; "
                                       "the benchmark needs 2")
                log(f"{nodes} node(s), {cluster.capacity} workers: {submissions} submissions x {tests} tests")
                rate = _throughput(cluster, RemoteJudgeTools(problem, cluster), source, submissions, tests)
                figures[f"tests_per_s_{nodes}_node{'s' if nodes > 1 else ''}"] = round(rate, 1)
                figures[f"workers_{nodes}_node{'s' if nodes > 1 else ''}"] = cluster.capacity
    figures["two_vs_one_node_ratio"] = round(figures["tests_per_s_2_nodes"] / figures["tests_per_s_1_node"], 2)
    return figures
