"""An outage in the middle of a real run: the agent on problems/pavings (a grader task), the real sandbox and judge,
against the simulated vLLM server answering in Nemotron's shapes; the server goes down with requests in flight and
comes back on the same port a few seconds later. The run ends as the uninterrupted one does: same score, no lineage
failed or abandoned, and no requests beyond the uninterrupted run's plus those in flight at the kill."""
from __future__ import annotations

import asyncio
import json
import re
import threading
import time
from pathlib import Path

import pytest

from solver.agent.config import AgentConfig
from solver.agent.llm import ClientModel
from solver.model import ClientConfig, ModelClient
from solver.problems import load_problem
from solver.simulator import GpuModel, Lengths, NemotronShape, ShapedAnswer, SimulatedVLLM
from solver.simulator.answerers import ProblemPrograms, kind_of
from solver.solve import solve_with

pytestmark = pytest.mark.docker

PAVINGS = Path(__file__).resolve().parent.parent / "problems" / "pavings"
CONFIG = AgentConfig(drafts_per_target=1, stress_tests=6, cluster_tests=3, large_tests=0, rounds=1,
                     lineages_per_round=2, parallel_lineages=4)
#: Seconds the server stays down (the patience below is far longer; a user's is minutes).
DOWN_S = 2.0


class Contestant:
    """Answers by the prompt alone (deterministic whatever the order of the calls): the package's accepted program
    for every draft, its brute forces, generator and validator for the stress set-up."""

    def __init__(self):
        self.programs = ProblemPrograms.load(PAVINGS)

    def __call__(self, messages: list[dict]) -> ShapedAnswer:
        prompt, p = messages[-1]["content"], self.programs
        kind = kind_of(prompt)
        if kind == "brute":
            number = re.search(r"brute force number (\d+)", prompt)
            text = p.brutes[(int(number.group(1)) - 1 if number else 0) % len(p.brutes)].fenced(0)
        elif kind in ("generator", "validator"):
            text = f"```python\n{(p.generator if kind == 'generator' else p.validator).rstrip()}\n```"
        else:
            text = "Here is the program.\n\n" + next(x for x in p.right if x.fence == "cpp").fenced(0)
        return ShapedAnswer(text, trailing_block=None)


def simulated() -> SimulatedVLLM:
    # a slow simulated GPU, so that replies (400 tokens of thought) are still streaming when the server goes down
    gpu = GpuModel(single_sequence_tokens_per_s=100, anchor_tokens_per_s=400, anchor_sequences=8)
    return SimulatedVLLM(NemotronShape(Contestant(), thinking=Lengths(400, 0), explanation=Lengths(20, 0)),
                         gpu=gpu, time_scale=4, tick_s=0.02)


def run(server: SimulatedVLLM, run_dir: Path, pool, image: str):
    config = ClientConfig(server.base_url, probe_s=0.1, outage_patience_s=60.0, max_attempts=2,
                          backoff_initial_s=0.05, timeout_s=60.0, max_sequences=8)

    async def go():
        async with ModelClient(config) as client:
            return await solve_with(load_problem(PAVINGS), ClientModel(client), pool, image, run_dir, CONFIG)

    return asyncio.run(go())


def journal_types(run_dir: Path) -> list[str]:
    return [json.loads(line).get("type") for line in (run_dir / "journal.jsonl").read_text().splitlines()]


def test_a_run_waits_out_an_outage_and_ends_as_the_uninterrupted_one(tmp_path, pool, image):
    with simulated() as server:
        reference = run(server, tmp_path / "reference", pool, image)
        reference_requests = server.requests
    assert reference.score == 100 and server.sent and all(s.reasoning_tokens == 400 for s in server.sent)

    with simulated() as server:
        at_kill: dict[str, float] = {}

        def outage():
            while server.in_flight < 2:  # the kill lands on replies being generated
                time.sleep(0.01)
            at_kill["in_flight"] = server.in_flight
            server.stop()
            at_kill["dropped"] = server.dropped
            time.sleep(DOWN_S)
            server.start()
            at_kill["down_s"] = DOWN_S

        killer = threading.Thread(target=outage)
        killer.start()
        result = run(server, tmp_path / "outage", pool, image)
        killer.join(30)
        requests = server.requests
    types = journal_types(tmp_path / "outage")
    assert at_kill.get("down_s") == DOWN_S and at_kill["dropped"] >= 1
    assert result.score == reference.score and len(result.submissions) == len(reference.submissions)
    assert "lineage_failed" not in types and "lineage_abandoned" not in types and "stress_setup_failed" not in types
    print(f"outage figures: reference {reference_requests} requests; with the outage {requests}, "
          f"{at_kill['dropped']} dropped at the kill, down {DOWN_S:g} s")
    assert requests <= reference_requests + at_kill["dropped"]
