"""The clock-driven agent on problems/aplusb: drafting until the clock with no round barrier, every way a run ends
submitting the drafts that passed the samples (before the clock), no program submitted twice, and a resume after
SIGKILL replaying the journaled decisions. Scripted model, real sandbox, real judge.

Drafts here solve the small subtask only (INT32 overflows on big values), so points stay open all day.
"""
from __future__ import annotations

import asyncio
import json
import threading
import time

import pytest

from solver.agent.config import AgentConfig
from solver.agent.llm import DEFAULT_COMPLETION_TOKENS, ModelInfo, Reply
from solver.model.wire import ModelError
from solver.problems import load_problem
from solver.solve import Endpoint, solve, solve_with

from .scripted_server import ScriptedServer
from .test_agent import APLUSB, BRUTE, GENERATOR, INT32, NEG_BUG, Script, journal
from .test_agent_resume import _finish, _kill_in_phase
from .test_agent import _solve_subprocess

pytestmark = pytest.mark.docker

BASE = {"drafts_per_target": 1, "stress_tests": 8, "cluster_tests": 3, "large_tests": 0, "lineages_per_round": 1,
        "parallel_lineages": 2}
SMALL = 30  # aplusb's "small" subtask: what INT32 wins


def keyed(run_dir) -> list[dict]:
    return [e for e in journal(run_dir) if "key" in e]


def submissions(run_dir) -> list[dict]:
    return [e["data"] for e in journal(run_dir) if e.get("type") == "submission"]


def test_drafting_goes_on_past_the_first_submissions_until_the_clock_with_no_round_barrier(tmp_path, pool, image):
    """The full-problem lineage waits on its stress test and repair while the small one is done: the next wave
    starts then, not after the slow one (journal order), and drafting goes on after the first submission until the
    closing window; every submission is made before the clock."""
    script = Script({"full": NEG_BUG, "small": INT32, "big": INT32}, repair=INT32, delay=0.2)
    # 20 s, not 10: on two cores busy with the rest of the suite, a first compile took over 10 s
    clock = 20.0
    with ScriptedServer(script) as server:
        result = solve(load_problem(APLUSB), Endpoint(url=server.url), pool, image, tmp_path / "run",
                       AgentConfig(**BASE, contest_time_s=clock, contest_tasks=1)).to_json()
    events = journal(tmp_path / "run")
    order = [e.get("key") for e in events]
    # no barrier: wave 1 was planned (its lineages started) while wave 0's full-problem lineage was still at work
    last_of_full = max(i for i, k in enumerate(order) if k and "full.r0.d0" in k)
    assert order.index("decision:wave:1") < last_of_full
    first_submission = next(i for i, e in enumerate(events) if e.get("type") == "submission")
    later_drafts = [k for k in order[first_submission:] if k and k.startswith("model:draft:")]
    assert later_drafts, "drafting stopped at the first submission"
    assert any(k.startswith("decision:wave:") for k in order[first_submission:] if k)
    assert all(s["elapsed"] < clock for s in submissions(tmp_path / "run"))
    assert events[-1]["data"]["reason"] == "time budget spent"
    assert result["score"] == SMALL


def test_a_clock_that_ends_while_drafts_wait_submits_them_before_the_clock(tmp_path, pool, image):
    """The first small-subtask draft answers at once; every other call (the stress set-up's too) hangs past the
    clock. The draft that passed the samples is submitted, unclustered, before the clock ends."""
    release = threading.Event()
    first = {"done": False}
    lock = threading.Lock()

    def answer(messages):
        prompt = messages[-1]["content"]
        with lock:
            fast = 'full points on subtask "small"' in prompt and not first["done"]
            first["done"] = first["done"] or fast
        if not fast:
            release.wait(30)
        return INT32

    clock = 16.0  # not 8: on two cores busy with the rest of the suite, a compile can take several seconds
    with ScriptedServer(answer) as server:
        try:
            result = solve(load_problem(APLUSB), Endpoint(url=server.url), pool, image, tmp_path / "run",
                           AgentConfig(**BASE, contest_time_s=clock, contest_tasks=1)).to_json()
        finally:
            release.set()
    subs = submissions(tmp_path / "run")
    assert subs and all(s["elapsed"] < clock for s in subs)
    assert result["score"] == SMALL and result["wall_s"] < clock + 2


class FailingAfter:
    """A model (the `ChatModel` shape, answering the script in process) that, after the first FIRST answers
    to drafts, fails every draft and repair with ERROR: the helpers (brute forces, generator) still answer."""

    def __init__(self, script, first: int, error: Exception):
        self.script, self.first, self.error, self.drafts = script, first, error, 0

    async def info(self) -> ModelInfo:
        return ModelInfo(model="failing", completion_tokens=DEFAULT_COMPLETION_TOKENS, batch_size=2)

    async def chat(self, messages, *, n=1, max_tokens=None, temperature=None, thinking_budget=None):
        prompt = messages[-1]["content"]
        helper = "Write a brute-force" in prompt or "random test generator" in prompt or "input validator" in prompt
        if not helper:
            self.drafts += 1
            if self.drafts > self.first:
                raise self.error
        await asyncio.sleep(0.05)
        text = self.script(messages)
        return [Reply(text=text, completion_tokens=len(text.split()))]


EXITS = {
    "model errors": (ModelError("http://model", "HTTP 400: refused", status=400), ModelError),
    "a bug in one lineage": (ZeroDivisionError("a bug"), ZeroDivisionError),
}


@pytest.mark.parametrize("exit_", list(EXITS))
def test_a_run_that_stops_on_an_error_still_submits_its_passing_drafts(tmp_path, pool, image, exit_):
    """Model errors (max_model_errors lineages in a row) and a bug end the run with their error, after the drafts
    that passed the samples were submitted (on main they escaped with nothing submitted)."""
    error, kind = EXITS[exit_]
    script = Script({"full": INT32, "small": INT32, "big": INT32}, repair=INT32)
    model = FailingAfter(script, first=2, error=error)
    with pytest.raises(kind):
        asyncio.run(solve_with(load_problem(APLUSB), model, pool, image, tmp_path / "run",
                               AgentConfig(**BASE, contest_time_s=60, contest_tasks=1)))
    subs = submissions(tmp_path / "run")
    assert subs and max(s["subtasks"]["small"] for s in subs) == SMALL
    assert journal(tmp_path / "run")[-1]["type"] == "session_end"


def test_a_spent_token_budget_without_a_clock_is_followed_by_the_submissions(tmp_path, pool, image):
    script = Script({"full": INT32, "small": INT32, "big": INT32}, repair=INT32, brutes=(BRUTE, BRUTE))
    with ScriptedServer(script) as server:
        result = solve(load_problem(APLUSB), Endpoint(url=server.url), pool, image, tmp_path / "run",
                       AgentConfig(**BASE, task_tokens=400)).to_json()
    assert journal(tmp_path / "run")[-1]["data"]["reason"] == "token budget spent"
    assert result["score"] == SMALL and result["submissions_used"] >= 1


def test_byte_identical_programs_are_submitted_once(tmp_path, pool, image):
    """Without clustering inputs every candidate is a cluster of its own: ten identical drafts were ten
    submissions before; now the program is submitted once."""
    script = Script({"full": INT32, "small": INT32, "big": INT32}, repair=INT32)
    with ScriptedServer(script) as server:
        result = solve(load_problem(APLUSB), Endpoint(url=server.url), pool, image, tmp_path / "run",
                       AgentConfig(**{**BASE, "stress_tests": 0, "rounds": 4})).to_json()
    # INT32 fails a full-size sample, but one written for a subtask may be submitted on the samples it passes
    drafted = [e for e in journal(tmp_path / "run") if e.get("type") == "candidate" and e["data"]["compiled"]
               and not e["key"].startswith("eval:full")]
    assert len(drafted) >= 5
    assert result["submissions_used"] == 1 and result["score"] == SMALL


def test_resume_after_sigkill_mid_day_replays_the_journaled_decisions(tmp_path, docker_image):
    """Killed after its first submission, the run resumes: every wave and submission decided before the kill is
    replayed (never decided again: each key once), its candidates submitted in the journaled order."""
    # the clock (the killed session's time is not counted again) lets the day submit while it drafts; 24 s, not
    # 12: on two cores busy with the rest of the suite, the first compile once came after the 12th second
    (tmp_path / "agent.yaml").write_text("drafts_per_target: 1\nstress_tests: 6\ncluster_tests: 3\nlarge_tests: 0\n"
                                         "lineages_per_round: 1\nparallel_lineages: 2\ntask_time_s: 24\n")
    script = Script({"full": INT32, "small": INT32, "big": INT32}, repair=INT32, delay=0.3)
    run_dir = tmp_path / "run"
    with ScriptedServer(script) as server:
        # its Docker traffic held from the first submission on, the run cannot end before the kill
        _kill_in_phase(server.url, run_dir, "submission")
        before = [e for e in keyed(run_dir) if e["type"] == "decision"]
        result = _finish(_solve_subprocess(server.url, run_dir))
    after = keyed(run_dir)
    keys = [e["key"] for e in after]
    assert len(keys) == len(set(keys)), "a decision or step was made twice"
    decided = {e["key"]: e["data"] for e in after if e["type"] == "decision"}
    assert before and all(decided[e["key"]] == e["data"] for e in before)
    submitted = [e["data"]["candidate"] for e in after if e["type"] == "submission"]
    replayed = [e["data"]["candidate"] for e in before if e["data"]["kind"] == "submit"]
    assert replayed and submitted[:len(replayed)] == replayed
    assert result["score"] == SMALL
