"""The stress set-up asks its helper programs (validator, generator, brute forces) in parallel (issue 18 item 2):
through the real agent and sandbox with a scripted server, the helpers' first requests are all in flight at once."""
from __future__ import annotations

import threading

import pytest

from .test_agent import CORRECT, Script, fenced, journal, run

pytestmark = pytest.mark.docker

VALIDATOR = fenced("import sys\nt = int(sys.stdin.readline())\nassert 1 <= t <= 2000\nfor _ in range(t):\n"
                   "    a, b = map(int, sys.stdin.readline().split())\n    assert abs(a) <= 10**18 >= abs(b)\n",
                   "python")
#: the helper programs the set-up asks for first: a validator, a generator and a quorum (2) of brute forces
HELPERS = 4


class Barrier:
    """Holds each helper request until all HELPERS are in flight (or a deadline passes, so that helpers asked
    one after another fail the test instead of hanging it), recording the most that were in flight at once."""

    def __init__(self, script: Script):
        self.script, self.cond = script, threading.Condition()
        self.in_flight = self.most = 0

    def __call__(self, messages: list[dict]) -> str:
        prompt = messages[-1]["content"]
        helper = any(s in prompt for s in ("input validator", "random test generator", "Write a brute-force"))
        if not helper:
            return self.script(messages)
        with self.cond:
            self.in_flight += 1
            self.most = max(self.most, self.in_flight)
            self.cond.notify_all()
            self.cond.wait_for(lambda: self.most >= HELPERS, timeout=20)
            self.in_flight -= 1
        return VALIDATOR if "input validator" in prompt else self.script(messages)


def test_helper_programs_are_asked_at_once(tmp_path, pool, image):
    barrier = Barrier(Script({"full": CORRECT}))
    result, server = run(tmp_path, pool, image, barrier, rounds=1)
    assert barrier.most == HELPERS  # validator, generator and both brute forces were in flight together
    setup = next(e["data"] for e in journal(tmp_path / "run") if e.get("type") == "stress_setup")
    # and the set-up they built is whole: a validator, a generator, two brute forces that agree
    assert setup["validator"] == 0 and setup["generator"] == 0
    assert setup["reference"]["trusted"] == [0, 1] and len(setup["stress"]) > 0
    assert result["score"] == 100
