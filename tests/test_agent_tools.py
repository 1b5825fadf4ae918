"""The agent with tools (`tools: true`) on problems/aplusb, with the scripted tool-calling model in Nemotron's
format, the real sandbox and the real judge: drafts are conversations that call `python` and `run_cpp`; the
calls are journaled one by one; every turn's prompt tokens are counted; and a run killed mid-conversation
resumes to the same result, its interpreter rebuilt from the journaled python calls."""
from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from solver.agent.config import AgentConfig
from solver.agent.llm import ClientModel
from solver.agent.toolcalls import TOOL_LINE
from solver.problems import load_problem
from solver.model.client import ModelClient
from solver.model.config import ClientConfig
from solver.solve import Endpoint, solve, solve_with
from solver.tools.schemas import PYTHON, RUN_CPP

from .scripted_server import ScriptedServer, Turn, tool_results
from .test_agent import APLUSB, CORRECT, HOPELESS, ROOT, Script, journal

pytestmark = pytest.mark.docker

SOURCE = CORRECT.split("```cpp\n")[1].split("```")[0]
SAMPLE_IN = (APLUSB / "tests" / "sample-1.in").read_text()
SAMPLE_OUT = (APLUSB / "tests" / "sample-1.ans").read_text()
TOOL_MARK = TOOL_LINE.split("{")[0]
# its output differs on every run: a resumed conversation's rebuilt interpreter prints something else
FIRST_CALL = "import random\ndata = open('/work/samples/sample-1.in').read().split()\nprint(random.random())"
CONFIG = dict(drafts_per_target=1, stress_tests=10, cluster_tests=3, large_tests=0, rounds=1, lineages_per_round=1,
              tools=True)


class ToolScript:
    """A drafting conversation reads a sample into a variable, runs the program on it with run_cpp, prints the
    variable's length, and answers with the program only when both results are right (a lost interpreter state
    would print a NameError and get a hopeless answer). Other calls (brute forces, generators) answer as
    tests/test_agent.py's script does."""

    def __init__(self, delay: float = 0.0):
        self.plain = Script({"full": CORRECT, "small": CORRECT, "big": CORRECT})
        self.delay = delay

    def __call__(self, messages: list[dict]) -> Turn:
        if TOOL_MARK not in messages[0]["content"]:
            return Turn(answer=self.plain(messages))
        time.sleep(self.delay)
        results = tool_results(messages)
        if not results:
            return Turn(thought="Read the sample first.",
                        calls=[("python", {"code": FIRST_CALL})])
        if len(results) == 1:
            return Turn(thought="Now the program on it.", calls=[("run_cpp", {"source": SOURCE, "input": SAMPLE_IN})])
        if len(results) == 2:
            return Turn(calls=[("python", {"code": "print(len(data))"})])
        good = results[2].strip() == "7" and SAMPLE_OUT.strip() in results[1]
        return Turn(thought="Both check out." if good else "Something is off.", answer=CORRECT if good else HOPELESS)


def prompt_tokens(requests: list[dict]) -> int:
    """What the scripted server reported as prompt tokens, over every request (its own estimate, recomputed)."""
    return sum(sum(len(json.dumps(m)) for m in body["messages"]) // 4 for body in requests)


def test_solve_with_tools_reaches_full_score_and_journals_every_call(tmp_path, pool, image):
    problem = load_problem(APLUSB)
    with ScriptedServer(ToolScript()) as server:
        result = solve(problem, Endpoint(url=server.url), pool, image, tmp_path / "run", AgentConfig(**CONFIG))
    out = result.to_json()
    assert out["score"] == out["max_score"] == 100
    events = journal(tmp_path / "run")
    drafts = [e for e in events if e.get("type") == "model_call" and e["key"].startswith("model:draft:")]
    assert drafts and all(d["data"]["tools"]["calls"] == 3 and d["data"]["tools"]["turns"] == 4 for d in drafts)
    # every call journaled as it ran, with its arguments and result: python twice, run_cpp once per draft
    calls = [e for e in events if e.get("type") == "tool_call"]
    assert len(calls) == 3 * len(drafts)
    assert sorted({e["data"]["tool"] for e in calls}) == ["python", "run_cpp"]
    runs = [e["data"] for e in calls if e["data"]["tool"] == "run_cpp"]
    assert all(SAMPLE_OUT.strip() in r["output"] and r["status"] == "ok" for r in runs)
    assert all(e["data"]["output"].strip() == "7" for e in calls if e["data"]["arguments"].get("code") ==
               "print(len(data))")
    # the conversation's requests: the tool line in the system prompt, both tools offered, prompts growing
    tool_requests = [r for r in server.requests if "tools" in r]
    assert tool_requests and all(r["tools"] == [PYTHON, RUN_CPP] for r in tool_requests)
    assert all(r["messages"][0]["content"].endswith(TOOL_LINE.format(max_calls=100)) for r in tool_requests)
    # the token count holds every turn's prompt (they grow every turn), not only the first one's
    assert out["tokens"]["prompt"] == prompt_tokens(server.requests)
    turns = [e["data"]["usage"]["prompt"] for e in events if e.get("type") == "tool_turn"]
    assert len(turns) == 4 * len(drafts) and sum(turns) == sum(d["data"]["usage"]["prompt"] for d in drafts)
    assert out["tools"]["calls"] == len(calls) and out["tools"]["turns"] == len(turns)
    assert out["tools"]["sandbox_s"] > 0


def test_a_conversation_outgrowing_the_context_ends_its_lineage_before_asking(tmp_path, pool, image):
    """Each turn's prompt holds the whole conversation: once it leaves no room in the model's context, the next
    turn is not sent (the lineage ends with PromptTooLong), rather than refused by the server."""

    def script(messages: list[dict]) -> Turn:
        if TOOL_MARK not in messages[0]["content"]:
            return Turn(answer=CORRECT)
        return Turn(thought="long thought " * 2000, calls=[("python", {"code": "print(1)"})])

    with ScriptedServer(script, max_model_len=8000) as server:
        result = solve(load_problem(APLUSB), Endpoint(url=server.url), pool, image, tmp_path / "run",
                       AgentConfig(**{**CONFIG, "max_completion_tokens": 16_000, "stress_tests": 0,
                                      "brute_attempts": 0, "cluster_tests": 0, "max_model_errors": 10}))
    events = journal(tmp_path / "run")
    failed = [e["data"]["error"] for e in events if e.get("type") == "lineage_failed"]
    assert failed and all("PromptTooLong" in f and "no longer fits" in f for f in failed)
    # one turn per conversation reached the server; the call it made ran, and its result was never sent
    tool_requests = [r for r in server.requests if "tools" in r]
    assert len(tool_requests) == len(failed) == sum(e.get("type") == "tool_call" for e in events)
    assert result.score == 0 and result.tokens["prompt"] == prompt_tokens(server.requests)


def test_a_conversation_waiting_on_its_sandbox_leaves_the_model_slot_to_another(tmp_path, pool, image):
    """One model slot, three lineages: while one conversation's python call sleeps, the others' requests are
    served, so the slot was not held across the tool call."""
    arrivals: list[float] = []

    def script(messages: list[dict]) -> Turn:
        arrivals.append(time.time())
        if TOOL_MARK not in messages[0]["content"]:
            return Turn(answer=CORRECT)
        if not tool_results(messages):
            return Turn(calls=[("python", {"code": "import time\ntime.sleep(2)"})])
        return Turn(answer=CORRECT)

    async def go(url: str):
        async with ModelClient(ClientConfig(base_url=url, max_sequences=1)) as client:
            return await solve_with(load_problem(APLUSB), ClientModel(client), pool, image, tmp_path / "run",
                                    AgentConfig(**{**CONFIG, "parallel_lineages": 3, "stress_tests": 0,
                                                   "brute_attempts": 0, "cluster_tests": 0}))

    with ScriptedServer(script) as server:
        result = asyncio.run(go(server.url))
    assert result.score == 100
    sleeps = [(e["t"] - e["data"]["wall_s"], e["t"]) for e in journal(tmp_path / "run")
              if e.get("type") == "tool_call"]
    assert len(sleeps) >= 2
    assert any(start < t < end for start, end in sleeps for t in arrivals)


def _solve(url: str, out: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "solver.cli.main", "solve", str(APLUSB), "--endpoint", url,
                             "--out", str(out), "--json", "--config", str(out.parent / "agent.yaml"), "-j", "1"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT, env=dict(os.environ))


def _result(proc: subprocess.Popen) -> dict:
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err.decode()[-3000:]
    return json.loads(out.decode().strip().splitlines()[-1])


def test_solve_with_tools_resumed_after_sigkill_mid_conversation(tmp_path, docker_image):
    (tmp_path / "agent.yaml").write_text("".join(f"{k}: {str(v).lower()}\n" for k, v in CONFIG.items()))
    with ScriptedServer(ToolScript(delay=0.3)) as server:
        reference = _result(_solve(server.url, tmp_path / "ref"))
        run_dir = tmp_path / "run"
        victim = _solve(server.url, run_dir)
        deadline = time.time() + 300
        journal_file = run_dir / "journal.jsonl"
        while time.time() < deadline and victim.poll() is None:
            if journal_file.exists() and '"type": "tool_call"' in journal_file.read_text():
                break
            time.sleep(0.05)
        assert victim.poll() is None, "the run ended before its first tool call was journaled"
        victim.send_signal(signal.SIGKILL)
        victim.wait()
        before = journal(run_dir)
        assert not any(e.get("type") == "model_call" and e["key"].startswith("model:draft:") for e in before)
        turns_before = sum(e.get("type") == "tool_turn" for e in before)
        requests_before = len(server.requests)
        result = _result(_solve(server.url, run_dir))
        resumed_turns = sum("tools" in r for r in server.requests[requests_before:])
    events = journal(run_dir)
    keys = [e["key"] for e in events if "key" in e]
    assert len(keys) == len(set(keys)), "a finished step (a model turn or a tool call) was done twice"
    # the journaled turns were fed back, not asked again
    assert resumed_turns == sum(e.get("type") == "tool_turn" for e in events) - turns_before
    # the interpreter was rebuilt from the journaled python calls: print(len(data)) after the resume printed 7
    lengths = [e["data"]["output"].strip() for e in events if e.get("type") == "tool_call"
               and e["data"]["arguments"].get("code") == "print(len(data))"]
    assert lengths and set(lengths) == {"7"}, lengths
    replayed = [e["data"]["tools"] for e in events if e.get("type") == "model_call" and "tools" in e["data"]
                and e["data"]["tools"]["replay_s"] > 0]
    assert replayed, "no conversation was resumed mid-way"
    # the first call's random number came out different on the re-run: journaled, and the model told so in the
    # next live result, while the result it was fed back is the one it saw before the kill
    diverged = [e["data"] for e in events if e.get("type") == "tool_replay_diverged"]
    assert diverged and all(d["call"] == 0 and d["journaled"] != d["now"] for d in diverged)
    assert len(diverged) == sum(len(r["diverged"]) for r in replayed)
    noted = [e for e in events if e.get("type") == "tool_call" and e["data"]["output"].startswith("[note: the session")]
    assert 1 <= len(noted) <= len(diverged)  # (a conversation killed after its last call has no live call left)
    for field in ("score", "max_score", "subtasks", "submissions_used"):
        assert result[field] == reference[field], field
    assert result["score"] == 100
    assert result["tools"]["calls"] == reference["tools"]["calls"]


def test_a_run_made_before_the_tools_setting_resumes_without_it_and_refuses_it(tmp_path):
    """A run directory whose run.json predates `tools` and `max_tool_calls` ran without tools: resuming it so is
    fine, resuming it with tools on is refused in one line naming the setting."""
    from solver.solve import RUN_INFO, RunDirMismatch, check_run_dir, run_record

    problem = load_problem(APLUSB)
    record = run_record(problem, AgentConfig())
    for key in ("tools", "max_tool_calls"):
        del record["config"][key]
    (tmp_path / RUN_INFO).write_text(json.dumps(record))
    check_run_dir(tmp_path, problem, AgentConfig())
    with pytest.raises(RunDirMismatch, match=r"config\.tools: the run was made with False"):
        check_run_dir(tmp_path, problem, AgentConfig(tools=True))
