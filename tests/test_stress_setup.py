"""The stress set-up asks its helper programs (validator, generator, brute forces) in parallel (issue 18 item 2):
through the real agent and sandbox with a scripted server, the helpers' first requests are all in flight at once."""
from __future__ import annotations

import asyncio
import threading

import pytest

from solver.agent.config import AgentConfig
from solver.agent.llm import ClientModel
from solver.model import ClientConfig, ModelClient
from solver.problems import load_problem
from solver.solve import solve_with

from .scripted_server import ScriptedServer
from .test_agent import APLUSB, CORRECT, Script, fenced, journal, run

pytestmark = pytest.mark.docker

VALIDATOR = fenced("import sys\nt = int(sys.stdin.readline())\nassert 1 <= t <= 2000\nfor _ in range(t):\n"
                   "    a, b = map(int, sys.stdin.readline().split())\n    assert abs(a) <= 10**18 >= abs(b)\n",
                   "python")
#: the helper programs the set-up asks for first: a validator, a generator and a quorum (2) of brute forces
HELPERS = 4


class Barrier:
    """Holds each helper request until all HELPERS are in flight (or a deadline passes, so that helpers asked
    one after another fail the test instead of hanging it), recording the most that were in flight at once."""

    def __init__(self, script: Script, hold_drafts: bool = False):
        self.script, self.cond, self.hold_drafts = script, threading.Condition(), hold_drafts
        self.in_flight = self.most = 0
        self.stalled = False
        """Some request gave up waiting: what it waited for never came while it was in flight."""

    def __call__(self, messages: list[dict]) -> str:
        prompt = messages[-1]["content"]
        helper = any(s in prompt for s in ("input validator", "random test generator", "Write a brute-force"))
        if not helper:
            if self.hold_drafts:  # a draft takes minutes: it is still in flight when the helpers are asked
                with self.cond:
                    self.stalled |= not self.cond.wait_for(lambda: self.most >= HELPERS, timeout=20)
            return self.script(messages)
        with self.cond:
            self.in_flight += 1
            self.most = max(self.most, self.in_flight)
            self.cond.notify_all()
            self.stalled |= not self.cond.wait_for(lambda: self.most >= HELPERS, timeout=20)
            self.in_flight -= 1
        return VALIDATOR if "input validator" in prompt else self.script(messages)


def test_helper_programs_are_asked_at_once(tmp_path, pool, image):
    barrier = Barrier(Script({"full": CORRECT}))
    result, server = run(tmp_path, pool, image, barrier, rounds=1)
    # validator, generator and both brute forces were in flight together
    assert barrier.most == HELPERS and not barrier.stalled
    setup = next(e["data"] for e in journal(tmp_path / "run") if e.get("type") == "stress_setup")
    # and the set-up they built is whole: a validator, a generator, two brute forces that agree
    assert setup["validator"] == 0 and setup["generator"] == 0
    assert setup["reference"]["trusted"] == [0, 1] and len(setup["stress"]) > 0
    assert result["score"] == 100


def test_helpers_get_slots_beside_drafts_that_fill_the_batch(tmp_path, pool, image):
    """Six slots and drafts that stay in flight until the helpers are: the drafting pool leaves the helpers their
    four slots instead of taking all six (then the helpers would wait for a draft to finish)."""
    barrier = Barrier(Script({"full": CORRECT, "small": CORRECT, "big": CORRECT}), hold_drafts=True)
    problem = load_problem(APLUSB)

    async def go(url: str):
        async with ModelClient(ClientConfig(url, max_sequences=6)) as client:
            return await solve_with(problem, ClientModel(client), pool, image, tmp_path / "run",
                                    AgentConfig(drafts_per_target=2, stress_tests=8, cluster_tests=3, large_tests=0,
                                                rounds=1, repair_rounds=0))

    with ScriptedServer(barrier) as server:
        result = asyncio.run(go(server.url))
    # no draft waited in vain for the helpers, and no helper for a slot: all were in flight together
    assert not barrier.stalled and barrier.most == HELPERS and server.max_in_flight == 6
    assert result.score == 100
