"""The agent's judge tools on a real Ray cluster (`RemoteJudgeTools`) against the same tools on this machine, on
every task type of the example archive: the scripted runs of test_agent_tasktypes, once with a local pool and
once with every sandbox call on a worker node, must take the same steps with the same results (verdicts, stress
catches, behaviour signatures, submissions). So files and programs shipped to a node (generated cases, answers,
an output-only task's folder of outputs, the package's own tests) judge exactly as they do at home."""
from __future__ import annotations

import asyncio
import json
import os
from pathlib import Path

import pytest

try:
    import ray  # noqa: F401
except ImportError:
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        raise
    pytest.skip("the Ray tests need the optional extra: pip install 'cpsolve[ray]'", allow_module_level=True)

from solver.agent.config import AgentConfig  # noqa: E402
from solver.agent.llm import ClientModel  # noqa: E402
from solver.model.client import ClientConfig, ModelClient  # noqa: E402
from solver.problems import load_problem  # noqa: E402
from solver.solve import solve_with  # noqa: E402

from .agent_server import ScriptedServer  # noqa: E402
from .ray_cluster import LocalRayCluster  # noqa: E402
from .test_agent_tasktypes import (CONFIG, PAVINGS_BRUTES, PAVINGS_DRAFT, PAVINGS_GEN, PAVINGS_VALIDATOR,  # noqa: E402
                                   PEAK_ANSWERS, PEAK_DRAFT, PEAK_GEN, PEAK_VALIDATOR, PROBLEMS, SHELVES_BRUTES,
                                   SHELVES_EXACT, SHELVES_FFD, SHELVES_GEN, SHELVES_VALIDATOR, SPREAD_DRAFT,
                                   SPREAD_GEN, SPREAD_VALIDATOR, STAMPS_BRUTES,
                                   STAMPS_DRAFT, STAMPS_GEN, STAMPS_VALIDATOR, WHISPER_DRAFT, WHISPER_GEN,
                                   WHISPER_VALIDATOR, Model, reference, run)

pytestmark = pytest.mark.docker

MODELS = {
    "pavings": lambda: Model(PAVINGS_DRAFT, reference("pavings", "accepted/pavings.cpp"), PAVINGS_BRUTES,
                             [PAVINGS_GEN], PAVINGS_VALIDATOR, brute_tag="cpp"),
    "whisper": lambda: Model(WHISPER_DRAFT, reference("whisper", "accepted/whisper.cpp"), [], [WHISPER_GEN],
                             WHISPER_VALIDATOR),
    "peak": lambda: Model(PEAK_DRAFT, reference("peak", "accepted/peak.cpp"), PEAK_ANSWERS, [PEAK_GEN],
                          PEAK_VALIDATOR),
    "shelves": lambda: Model(SHELVES_FFD, SHELVES_EXACT, SHELVES_BRUTES, [SHELVES_GEN], SHELVES_VALIDATOR),
    "stamps": lambda: Model(STAMPS_DRAFT, reference("stamps", "accepted/stamps.cpp"), STAMPS_BRUTES, [STAMPS_GEN],
                            STAMPS_VALIDATOR),
    # a constructive task: its checker, probed on a node, is the oracle
    "spread": lambda: Model(SPREAD_DRAFT, reference("spread", "accepted/spread.cpp"), [], [SPREAD_GEN],
                            SPREAD_VALIDATOR),
}
EXTRA = {"stamps": {"stress_tests": 16}}


@pytest.fixture(scope="module")
def remote(docker_image):
    """`solve_with`'s tools factory on a one-worker-node cluster, this test process its driver."""
    import ray._private.ray_constants as constants

    from solver.distributed.cluster import SandboxCluster
    from solver.distributed.tools import remote_tools

    # what driver_env's RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER=0 does for a driver process (Ray read it at import):
    # the driver takes the loopback address, where the test cluster's nodes are
    saved = constants.ENABLE_RAY_CLUSTER
    constants.ENABLE_RAY_CLUSTER = False
    with LocalRayCluster(workers=1, cpus=1) as c:
        try:
            with SandboxCluster(c.address, jobs=1) as cluster:
                yield remote_tools(cluster)
        finally:
            constants.ENABLE_RAY_CLUSTER = saved
            from sandbox.container import remove_stale_containers

            remove_stale_containers(docker_image[0])


def run_remote(tmp_path: Path, tools_for, problem_dir: Path, model: Model, **config) -> tuple[dict, dict]:
    problem = load_problem(problem_dir)
    run_dir = tmp_path / "remote"

    async def go():
        async with ModelClient(ClientConfig(base_url=server.url)) as client:
            return await solve_with(problem, ClientModel(client), None, "", run_dir,
                                    AgentConfig(**{**CONFIG, **config}), tools_for=tools_for)

    with ScriptedServer(model) as server:
        result = asyncio.run(go())
    events = [json.loads(line) for line in (run_dir / "journal.jsonl").read_text().splitlines()]
    return result.to_json(), {e["key"]: e["data"] for e in events if "key" in e}


def same_steps(steps: dict) -> dict:
    """The steps whose results come from the judge, without the time they took."""
    def clean(data):
        if isinstance(data, dict):
            return {k: clean(v) for k, v in data.items() if k not in ("elapsed", "time", "wall")}
        if isinstance(data, list):
            return [clean(v) for v in data]
        return data
    return {k: clean(v) for k, v in steps.items() if k.split(":")[0] in ("eval", "stress", "signature", "submit")}


@pytest.mark.parametrize("name", list(MODELS))
def test_remote_judge_tools_take_the_same_steps(name, tmp_path, pool, image, remote):
    local, local_steps, _ = run(tmp_path, pool, image, PROBLEMS / name, MODELS[name](), **EXTRA.get(name, {}))
    far, far_steps = run_remote(tmp_path, remote, PROBLEMS / name, MODELS[name](), **EXTRA.get(name, {}))
    assert same_steps(far_steps) == same_steps(local_steps)
    assert any(k.startswith("stress:") and k != "stress:setup" and v["failed"] for k, v in far_steps.items())
    assert (far["score"], far["submissions_used"]) == (local["score"], local["submissions_used"])
    assert far["score"] == far["max_score"]
    if name == "shelves":  # the submissions were folders of outputs, written on the head from the node's runs
        assert any((tmp_path / "remote" / "outputs").iterdir())
