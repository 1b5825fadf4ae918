"""`cpsolve bench agent` end to end, small: the scripted model's candidates all go through the pipeline."""
from __future__ import annotations

import pytest

from solver.bench.agent import run_agent_bench

pytestmark = pytest.mark.docker


def test_agent_bench_runs_every_candidate_through_the_pipeline(pool, image):
    small = {"stress_tests": 4, "cluster_tests": 2, "large_tests": 1, "large_size": 50}
    figures = run_agent_bench(pool, image, candidates=3, judge_tests=40, log=lambda m: None, settings=small)
    assert figures["solved"] is True
    assert figures["model_calls"] >= 3 + 2  # three drafts, a brute force and a generator at least
    assert figures["runs_per_candidate"] == 1 + 4 + 2 + 1  # a sample, stress, cluster and large inputs
    assert figures["stress_cluster_large"] == [4, 2, 1] and figures["large_size"] == 50
    assert figures["variant"].startswith("A+B (generated), default stress settings except")
    assert figures["candidates_per_s"] > 0 and figures["judge_tests_per_s"] > 0
