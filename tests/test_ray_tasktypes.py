"""The agent's judge tools on a real Ray cluster (`RemoteJudgeTools`) against the same tools on this machine, on
every task type of the example archive: the scripted runs of tasktype_models.py, once with a local pool and
once with every sandbox call on a worker node, must take the same steps with the same results (verdicts, stress
catches, behaviour signatures, submissions). So files and programs shipped to a node (generated cases, answers,
an output-only task's folder of outputs, the package's own tests) judge exactly as they do at home."""
from __future__ import annotations

import asyncio
import json
import os
from concurrent.futures import ThreadPoolExecutor
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
from solver.model import ClientConfig, ModelClient  # noqa: E402
from solver.problems import load_problem  # noqa: E402
from solver.solve import solve_with  # noqa: E402

from .scripted_server import ScriptedServer  # noqa: E402
from .ray_cluster import LocalRayCluster  # noqa: E402
from .tasktype_models import (CONFIG, PAVINGS_BRUTES, PAVINGS_DRAFT, PAVINGS_GEN, PAVINGS_VALIDATOR,  # noqa: E402
                              PEAK_ANSWERS, PEAK_DRAFT, PEAK_GEN, PEAK_VALIDATOR, PROBLEMS, SHELVES_BRUTES,
                              SHELVES_EXACT, SHELVES_FFD, SHELVES_GEN, SHELVES_VALIDATOR, SPREAD_DRAFT, SPREAD_GEN,
                              SPREAD_VALIDATOR, STAMPS_BRUTES, STAMPS_DRAFT, STAMPS_GEN, STAMPS_VALIDATOR,
                              WHISPER_DRAFT, WHISPER_GEN, WHISPER_VALIDATOR, Model, reference, run)

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
    # the two runs go side by side (own scripted server, run folder and sandbox each): both mostly wait on
    # their sandbox, so one after the other the test took about twice as long
    with ThreadPoolExecutor(1) as ex:
        far_run = ex.submit(run_remote, tmp_path, remote, PROBLEMS / name, MODELS[name](), **EXTRA.get(name, {}))
        local, local_steps, _ = run(tmp_path, pool, image, PROBLEMS / name, MODELS[name](), **EXTRA.get(name, {}))
        far, far_steps = far_run.result()
    assert same_steps(far_steps) == same_steps(local_steps)
    assert any(k.startswith("stress:") and k != "stress:setup" and v["failed"] for k, v in far_steps.items())
    assert (far["score"], far["submissions_used"]) == (local["score"], local["submissions_used"])
    assert far["score"] == far["max_score"]
    if name == "shelves":  # the submissions were folders of outputs, written on the head from the node's runs
        assert any((tmp_path / "remote" / "outputs").iterdir())


def _verdicts(results) -> list:
    return [(r.name, r.verdict, r.score) for r in results]


#: each declared remote call made on A + B, its result reduced to what does not depend on the machine (times)
DECLARED_CALLS = {
    "prepare": lambda t, p: t.prepare(),
    "compile": lambda t, p: t.compile(p["source"], p["cpp"], "aplusb.cpp").ok,
    "compile_standalone": lambda t, p: t.compile_standalone(p["gen"], p["py"], "gen.py").ok,
    "judge": lambda t, p: _verdicts(t.judge(p["program"], p["tests"])),
    "outputs": lambda t, p: [(r.verdict, out) for r, out in t.outputs(p["program"], p["tests"])],
    "judge_keeping_outputs": lambda t, p: (lambda rs, outs: (_verdicts(rs), outs))(
        *t.judge_keeping_outputs(p["program"], p["cases"])),
    "compare": lambda t, p: _verdicts(t.compare([(c, b"3\n") for c in p["cases"]])),
    "checker_judges_alone": lambda t, p: t.checker_judges_alone(),
    "output_files": lambda t, p: t.output_files(p["program"], p["limits"]),
    "run_many": lambda t, p: [(r.verdict, r.output) for r in t.run_many(p["gen_program"], [["1"], ["2"]],
                                                                         p["limits"])],
    "judge_files": lambda t, p: t.judge_files("aplusb.cpp", None, p["source"].encode(), p["cpp"]).score,
}
GEN = "import sys\nprint(int(sys.argv[1]), 2 * int(sys.argv[1]))\n"


def test_each_declared_call_answers_alike_here_and_on_a_node_and_no_other(pool, image, remote, tmp_path):
    """The allow-list is `REMOTE_CALLS` (the `@remote_call` methods): every one of them gives the same result on
    a node as on this machine, and a node refuses any other method."""
    from sandbox.languages import get_language
    from solver.agent.judge_tools import REMOTE_CALLS, Case, JudgeTools

    assert set(DECLARED_CALLS) == REMOTE_CALLS  # a newly declared call gets a line above
    problem = load_problem(PROBLEMS / "aplusb")
    local, far = JudgeTools(problem, pool, image), remote(problem)
    cpp, py = get_language("cpp"), get_language("python3")
    source = reference("aplusb", "accepted/aplusb.cpp")
    (tmp_path / "one.in").write_text("1 2\n")
    (tmp_path / "one.ans").write_text("3\n")
    args = {"source": source, "cpp": cpp, "py": py, "gen": GEN, "limits": problem.limits,
            "tests": [problem.tests[n] for n in problem.samples],
            "cases": [Case("one", tmp_path / "one.in", tmp_path / "one.ans")]}
    try:
        for tools in (local, far):
            assert not hasattr(tools, "run_samples")
        args["program"] = local.compile(source, cpp, "aplusb.cpp").program
        args["gen_program"] = local.compile_standalone(GEN, py, "gen.py").program
        for name, call in DECLARED_CALLS.items():
            assert call(far, args) == call(local, args), name
        assert DECLARED_CALLS["judge_files"](far, args) == 100
        with pytest.raises(Exception, match="a sandbox node has no call 'close'"):
            far.cluster.call(problem, "close")
    finally:
        local.close()
