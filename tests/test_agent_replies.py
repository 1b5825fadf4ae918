"""The agent against replies shaped like a reasoning model's (issue 17): every answer ends with an untagged sample
run, thoughts hold code of their own, and replies cut by the per-call budget. Scripted server, real sandbox."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from solver.agent.config import AgentConfig
from solver.agent.cuts import MIN_REPLIES
from solver.cli.main import app
from solver.problems import load_problem
from solver.solve import Endpoint, solve

from .scripted_server import Answer, ScriptedServer
from .test_agent import APLUSB, CORRECT, HOPELESS, NEG_BUG, Script, journal

pytestmark = pytest.mark.docker

# what Nemotron-Cascade-2 writes after its program: the sample worked through, untagged
SAMPLE_RUN = "\n**Sample run**\n\n```\n2\n1 2\n3 4\n```\n\nOutput:\n\n```\n3\n7\n```\n"
# a thought left in content holding a program the model then rejected: taking it would score 0
# right, but gives up on more than 100 pairs: passes the samples, small and big, never "many"
NOT_MANY = CORRECT.replace("while(t--)", "if(t>100)return 0;while(t--)")
THOUGHT = f"<think>A first idea, which prints a constant:\n{HOPELESS}\nNo: add the numbers.</think>\n"


def test_trailing_sample_runs_never_become_the_program(tmp_path, pool, image):
    """Drafts, repairs, brute forces and generators all end with a sample run; the drafts also carry a rejected
    program inside a <think> left in content. The stress test still finds the bug (so the helpers were extracted),
    the repair fixes it, and the real program is submitted."""
    script = Script({"full": NEG_BUG, "small": NEG_BUG, "big": NEG_BUG})

    def answer(messages):
        text = script(messages)
        drafting = "Write a brute-force" not in messages[-1]["content"] and \
            "random test generator" not in messages[-1]["content"]
        return Answer(content=(THOUGHT if drafting else "") + text + SAMPLE_RUN,
                      reasoning="The sum of two 64-bit numbers; check the sample by hand.")

    with ScriptedServer(answer) as server:
        result = solve(load_problem(APLUSB), Endpoint(url=server.url), pool, image, tmp_path / "run",
                       AgentConfig(drafts_per_target=1, stress_tests=15, cluster_tests=5, large_tests=0,
                                   lineages_per_round=1)).to_json()
    events = {e["key"]: e["data"] for e in journal(tmp_path / "run") if "key" in e}
    setup = events["stress:setup"]
    assert setup["generator"] == 0 and setup["reference"]["trusted"]  # helpers taken from the python blocks
    assert events["eval:full.r0.d0"]["passed"] is True and events["stress:full.r0.d0"]["failed"] == 1
    assert events["eval:full.r0.d0.f1"]["passed"] is True
    assert result["score"] == 100 and result["submissions_used"] >= 1
    assert result["replies"]["cut"] == 0 and result["replies"]["total"] == len(server.requests)
    submitted = (tmp_path / "run" / "candidates" / "full.r0.d0.f1.cpp").read_text()
    assert "a+b" in submitted and "```" not in submitted and "42" not in submitted


def test_most_replies_cut_stops_the_run_and_submits_what_passed(tmp_path, image):
    """The first draft passes the samples and wins all but the "many" subtask; every other reply is cut (content null
    with reasoning, a thought cut at the budget, an unclosed <think>). After MIN_REPLIES replies, most of them cut,
    the run stops with one line naming the setting to raise, asks nothing more, and the passing draft is still
    submitted."""
    shapes = [Answer(content=None, reasoning="Let me consider the constraints", finish_reason="length"),
              Answer(content=None, reasoning=f"I would write\n{CORRECT}\nbut first", finish_reason="stop"),
              Answer(content=f"<think>Maybe\n{CORRECT}\nhmm", finish_reason="length")]
    calls = {"n": 0}

    def answer(messages):
        prompt = messages[-1]["content"]
        if "solution for the full problem" in prompt and "## What went wrong" not in prompt and "full" not in calls:
            calls["full"] = True  # the first full-problem draft only: "many" stays open, drafting goes on
            return NOT_MANY
        calls["n"] += 1
        return shapes[calls["n"] % len(shapes)]

    config = tmp_path / "agent.yaml"
    config.write_text("drafts_per_target: 1\nstress_tests: 8\ncluster_tests: 3\nlarge_tests: 0\n"
                      "lineages_per_round: 12\nparallel_lineages: 1\n")
    with ScriptedServer(answer) as server:  # through the command line: the user reads the one line there
        done = CliRunner().invoke(app, ["solve", str(APLUSB), "--endpoint", server.url, "--out", str(tmp_path / "run"),
                                        "--config", str(config), "--jobs", "1"])
    assert done.exit_code == 0, done.output
    result = json.loads((tmp_path / "run" / "result.json").read_text())
    line = result["stop_reason"]
    assert line.startswith("stopped:") and "replies were cut" in line and "max_completion_tokens" in line
    assert "\n" not in line and done.output.splitlines().count(line) == 1
    replies = result["replies"]
    # nothing asked after the stop: besides the replies, only what was in flight when it came (one draft and the
    # stress set-up's helpers, which go out at once) was cancelled
    in_flight_at_stop = 1 + 4
    assert replies["total"] <= len(server.requests) <= replies["total"] + in_flight_at_stop
    assert MIN_REPLIES <= replies["total"] <= MIN_REPLIES + in_flight_at_stop
    assert replies["cut"] == replies["total"] - 1 and set(replies["cut_by"]) == {"thinking", "no_answer"}
    end = journal(tmp_path / "run")[-1]
    assert end["type"] == "session_end" and end["data"]["reason"] == line and end["data"]["replies"] == replies
    # the stop went through the submit phase: the draft that passed the samples was judged
    assert result["score"] == 60 and result["submissions_used"] >= 1
