"""The agent's model calls under limits a real model sets: a small context, thinking cut off by the completion
budget, a failing call, a spent token budget, and a batch that must stay full. Scripted model, real sandbox."""
from __future__ import annotations

import asyncio
import gzip
import json
import math
from pathlib import Path

import pytest

from solver.agent.config import AgentConfig
from solver.agent.llm import ClientModel
from solver.model import ClientConfig, ModelClient
from solver.problems import load_problem
from solver.solve import Endpoint, solve, solve_with

from .scripted_server import CHARS_PER_TOKEN, Answer, ScriptedServer, Status
from .test_agent import APLUSB, BRUTE, CORRECT, GENERATOR, NEG_BUG, Script, fenced, journal

pytestmark = pytest.mark.docker

BASE = {"drafts_per_target": 1, "stress_tests": 8, "cluster_tests": 3, "large_tests": 0, "rounds": 1,
        "lineages_per_round": 1}
# a draft that does not compile and is long: a repair prompt quoting it whole would not fit a small context
LONG_BROKEN = fenced("#include <bits/stdc++.h>\n" + "".join(f"// step {i}: add the numbers carefully\n"
                                                           for i in range(2500)) + "int main(){ this is not C++ }")


def events(run_dir: Path) -> dict[str, dict]:
    return {e["key"]: e["data"] for e in journal(run_dir) if "key" in e}


def test_long_broken_draft_in_a_repair_prompt_fits_a_small_context(tmp_path, pool, image):
    """The server reports max_model_len and answers vLLM's 400 to anything longer: the repair prompt quoting a
    60 kB broken draft is clipped, and max_tokens shrinks, so every request fits and the repair fixes it."""
    assert len(LONG_BROKEN) > 60_000
    script = Script({"full": LONG_BROKEN, "small": LONG_BROKEN, "big": LONG_BROKEN})
    with ScriptedServer(script, max_model_len=4096) as server:
        result = solve(load_problem(APLUSB), Endpoint(url=server.url), pool, image, tmp_path / "run",
                       AgentConfig(**BASE)).to_json()
    for body in server.requests:
        prompt = sum(math.ceil(len(m["content"]) / CHARS_PER_TOKEN) for m in body["messages"])
        assert prompt + body["max_tokens"] <= 4096
    repairs = [r for r in server.requests if "## What went wrong" in r["messages"][-1]["content"]]
    assert repairs and all("characters cut" in r["messages"][-1]["content"] for r in repairs)
    assert not [e for e in journal(tmp_path / "run") if e.get("type") == "lineage_failed"]
    assert result["score"] == 100


def test_cut_off_thinking_is_resampled_not_repaired(tmp_path, pool, image):
    """A reply that stopped mid-thought (finish_reason length, no answer) is asked again under its own key; its
    reasoning is kept gzipped in the run directory; no repair prompt ever quotes it."""
    calls = {"n": 0}

    def answer(messages):
        prompt = messages[-1]["content"]
        if "Write a brute-force" in prompt:
            return BRUTE
        if "random test generator" in prompt:
            return GENERATOR
        if "## What went wrong" in prompt:
            return CORRECT
        calls["n"] += 1
        if calls["n"] == 1:
            return Answer(content="", reasoning="Let me think about overflow very carefully and", finish_reason="length")
        return Answer(content=CORRECT, reasoning="a + b fits in 64 bits")

    with ScriptedServer(answer) as server:
        result = solve(load_problem(APLUSB), Endpoint(url=server.url), pool, image, tmp_path / "run",
                       AgentConfig(**{**BASE, "lineages_per_round": 1, "parallel_lineages": 1})).to_json()
    done = events(tmp_path / "run")
    first = next(k for k, v in done.items() if k.startswith("model:draft:") and v["cut_off"])
    assert done[first]["finish_reason"] == "length" and done[first]["thinking_unterminated"]
    assert done[first + "~1"]["cut_off"] is False  # the resample, journaled under its own key
    assert not [r for r in server.requests if "## What went wrong" in r["messages"][-1]["content"]]
    trace = tmp_path / "run" / done[first]["reasoning_file"]
    assert trace.suffix == ".gz" and "overflow very carefully" in gzip.open(trace, "rt").read()
    assert result["score"] == 100


def test_a_lineage_cut_off_every_time_is_abandoned(tmp_path, pool, image):
    def answer(messages):
        prompt = messages[-1]["content"]
        if 'full points on subtask "small"' in prompt:
            return Answer(content="", reasoning="hmm", finish_reason="length")
        return Script({"full": CORRECT})(messages)

    with ScriptedServer(answer) as server:
        result = solve(load_problem(APLUSB), Endpoint(url=server.url), pool, image, tmp_path / "run",
                       AgentConfig(**{**BASE, "resample_attempts": 1})).to_json()
    abandoned = [e["data"] for e in journal(tmp_path / "run") if e.get("type") == "lineage_abandoned"]
    assert [a["lineage"] for a in abandoned] == ["small.r0.d0"]
    small_drafts = [r for r in server.requests if 'full points on subtask "small"' in r["messages"][-1]["content"]]
    assert len(small_drafts) == 2  # the first sample and one resample, then nothing more for that lineage
    assert result["score"] == 100


def test_a_model_error_in_one_lineage_does_not_abort_the_run(tmp_path, pool, image):
    def answer(messages):
        if 'full points on subtask "small"' in messages[-1]["content"]:
            return Status(400, "scripted: this request is rejected")
        return Script({"full": NEG_BUG})(messages)

    with ScriptedServer(answer) as server:
        result = solve(load_problem(APLUSB), Endpoint(url=server.url), pool, image, tmp_path / "run",
                       AgentConfig(**BASE)).to_json()
    failed = [e["data"] for e in journal(tmp_path / "run") if e.get("type") == "lineage_failed"]
    assert [f["lineage"] for f in failed] == ["small.r0.d0"] and "rejected" in failed[0]["error"]
    assert result["score"] == 100  # the full-problem lineage went on: stress test, repair, submission


def test_spent_token_budget_is_the_stop_reason(tmp_path, pool, image):
    script = Script({"full": CORRECT, "small": CORRECT, "big": CORRECT})
    with ScriptedServer(script) as server:
        result = solve(load_problem(APLUSB), Endpoint(url=server.url), pool, image, tmp_path / "run",
                       AgentConfig(**{**BASE, "task_tokens": 1}))
    lines = journal(tmp_path / "run")
    assert lines[-1]["type"] == "session_end" and lines[-1]["data"]["reason"] == "token budget spent"
    # the first answers spent the budget: nothing was asked after the requests that start the run together (the
    # drafts, and the stress set-up's helpers, whose first requests go out at once): no repair, no second try
    asked = [r["messages"][-1]["content"] for r in server.requests]
    assert not [p for p in asked if "## What went wrong" in p]
    assert sum("random test generator" in p for p in asked) <= 1 and sum("input validator" in p for p in asked) <= 1
    assert sum("Write a brute-force" in p for p in asked) <= 2 and not [p for p in asked if "printed invalid inputs" in p]
    # the budget is a bound: the calls asked for no more than the 1 token left, their streams were stopped at it,
    # and what they had streamed is counted all the same
    assert {r["max_tokens"] for r in server.requests} == {1}
    lost = sum(e["data"]["completion"] for e in lines if e.get("type") == "lost_tokens")
    assert lost >= 1 and result.tokens["completion"] >= lost
    assert not result.submissions  # nothing was drafted within one token


def test_spent_time_budget_stops_sibling_lineages_and_nothing_is_written_after(tmp_path, pool, image):
    """Every call takes 1 s and the task has 3 s: the deadline falls while lineages wait on the model. They are
    cancelled, the run submits what it has, and the journal ends with the session, nothing after it."""
    script = Script({"full": NEG_BUG, "small": NEG_BUG, "big": NEG_BUG}, delay=1.0)
    with ScriptedServer(script) as server:
        solve(load_problem(APLUSB), Endpoint(url=server.url), pool, image, tmp_path / "run",
              AgentConfig(**{**BASE, "drafts_per_target": 2, "task_time_s": 3}))
        lines = journal(tmp_path / "run")
        size = (tmp_path / "run" / "journal.jsonl").stat().st_size
        asyncio.run(asyncio.sleep(1.5))  # the server answers what was in flight; nobody may journal it now
        answered = len(server.requests)
    assert lines[-1]["type"] == "session_end" and lines[-1]["data"]["reason"] == "time budget spent"
    assert (tmp_path / "run" / "journal.jsonl").stat().st_size == size
    assert len([e for e in lines if e.get("type") == "model_call"]) <= answered


def test_requests_in_flight_reach_the_clients_max_sequences(tmp_path, pool, image):
    """With the default round size (twice the lineages in flight), the pool keeps max_sequences requests going:
    the drafts and, beside them, the stress set-up's four helper requests (validator, generator, two brute forces)."""
    script = Script({"full": CORRECT, "small": CORRECT, "big": CORRECT}, delay=0.5)
    problem = load_problem(APLUSB)

    async def go(url: str):
        async with ModelClient(ClientConfig(url, max_sequences=6)) as client:
            return await solve_with(problem, ClientModel(client), pool, image, tmp_path / "run",
                                    AgentConfig(**{**BASE, "lineages_per_round": None, "repair_rounds": 0}))

    with ScriptedServer(script) as server:
        result = asyncio.run(go(server.url))
        drafts = [r for r in server.requests if any(
            s in r["messages"][-1]["content"] for s in ("solution for the full problem", "full points on subtask"))]
        assert server.max_in_flight >= 6
    assert len(drafts) == 4  # twice the two lineages in flight beside the helpers: the pool refilled
    assert json.loads((tmp_path / "run" / "run.json").read_text())["config"]["lineages_per_round"] is None
    assert result.score == 100
