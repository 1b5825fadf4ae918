"""The endpoint says who it is (issue 17, items 1, 8, 9): the recipe found from what /v1/models lists, the per-call
budget and context it gives, told at start and recorded in run.json; eval held to the same budget, counting a cut
reply as a failed sample; and one meaning per flag. Scripted vLLM-shaped server; the real sandbox where a program
is judged."""
from __future__ import annotations

import asyncio
import itertools
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from solver.agent.config import AgentConfig
from solver.cli.main import app
from solver.model import recipe_for
from solver.problems import ProblemFormatError
from solver.solve import Endpoint, run_with_model

from .scripted_server import Answer, ScriptedServer
from .test_agent import APLUSB, CORRECT, Script

NEMOTRON_HF = "nvidia/Nemotron-Cascade-2-30B-A3B"
# what the agent is allowed to do in these runs: one lineage, a few stress and cluster tests, one submission
AGENT_YAML = ("drafts_per_target: 1\nrounds: 1\nlineages_per_round: 1\nstress_tests: 4\ncluster_tests: 2\n"
              "large_tests: 0\nsubmissions: 1\n")


def invoke(*args: str):
    return CliRunner().invoke(app, [str(a) for a in args])


def one_call(endpoint: Endpoint, tmp_path: Path) -> tuple[object, list[str]]:
    """One chat through the path solve, select and bench select use; returns the model's info and the status lines
    (start-up line, warnings) it printed."""
    lines: list[str] = []

    async def work(model):
        await model.chat([{"role": "user", "content": "hi"}], max_tokens=(await model.info()).completion_tokens)
        return await model.info()

    return run_with_model(endpoint, tmp_path, work, lines.append), lines


def test_a_bare_endpoint_and_either_name_reach_the_nemotron_recipe(tmp_path):
    """vLLM serving the Hugging Face id, and `cpsolve serve` serving the recipe's own name: a bare --endpoint finds
    the recipe either way, and --model given as the other name asks for the id the server really serves."""
    with ScriptedServer(lambda m: "hi", model=NEMOTRON_HF, max_model_len=262144) as vllm:
        bare, lines = one_call(Endpoint(url=vllm.url), tmp_path / "a")
        by_served_name, _ = one_call(Endpoint(url=vllm.url, model="nemotron-cascade-2"), tmp_path / "b")
        attached = invoke("serve", "--attach", vllm.url)
    assert (bare.recipe, bare.completion_tokens, bare.max_model_len) == ("nemotron-cascade-2", 131072, 262144)
    assert [r["model"] for r in vllm.requests] == [NEMOTRON_HF, NEMOTRON_HF]
    assert vllm.requests[0]["temperature"] == 1.0  # the recipe's sampling applies
    assert lines == [f"model {NEMOTRON_HF}; recipe nemotron-cascade-2; per call 131,072 tokens (recipe "
                     "nemotron-cascade-2); context 262,144 tokens (server)"]
    assert by_served_name.model == NEMOTRON_HF
    assert attached.exit_code == 0 and lines[0] in attached.output  # `serve --attach` tells what solve would use

    with ScriptedServer(lambda m: "hi", model="nemotron-cascade-2", root=NEMOTRON_HF, max_model_len=65536) as ours:
        by_hf_id, _ = one_call(Endpoint(url=ours.url, model=NEMOTRON_HF), tmp_path / "c")
    assert ours.requests[0]["model"] == "nemotron-cascade-2"
    # the server's context is smaller than the recipe's: the budget is at most half of it
    assert (by_hf_id.recipe, by_hf_id.completion_tokens, by_hf_id.max_model_len) == ("nemotron-cascade-2", 32768,
                                                                                      65536)


def test_an_unknown_model_gets_half_its_context_and_a_silent_server_a_warned_default(tmp_path):
    with ScriptedServer(lambda m: "hi", model="acme/coder-7b", max_model_len=32768) as server:
        known, lines = one_call(Endpoint(url=server.url), tmp_path / "a")
        generic, _ = one_call(Endpoint(url=server.url, model="generic"), tmp_path / "g")
    assert (known.recipe, known.completion_tokens) == (None, 16384)
    assert server.requests[0]["max_tokens"] == 16384 and not [line for line in lines if "warning" in line]
    # the generic recipe (what `cpsolve serve --model ANY/MODEL` uses) sets no budget: the context gives it too
    assert (generic.model, generic.recipe, generic.completion_tokens) == ("acme/coder-7b", "generic", 16384)

    with ScriptedServer(lambda m: "hi", model="acme/coder-7b") as server:
        guessed, lines = one_call(Endpoint(url=server.url), tmp_path / "b")
        named, named_lines = one_call(Endpoint(url=server.url, recipe="nemotron-cascade-2"), tmp_path / "c")
    assert guessed.completion_tokens == 32768 and server.requests[0]["max_tokens"] == 32768
    assert lines[0].startswith("warning: ") and "reports no max_model_len for acme/coder-7b" in lines[0]
    assert "32,768 tokens per call, a default" in lines[0]
    # --recipe: a served name matching no recipe is served and sampled as the recipe says
    assert (named.recipe, named.completion_tokens, named.max_model_len) == ("nemotron-cascade-2", 131072, 262144)
    assert "assuming recipe nemotron-cascade-2's context" in named_lines[0]


def test_serve_finds_a_recipe_by_its_hugging_face_id():
    assert recipe_for(NEMOTRON_HF, cpu=False).name == "nemotron-cascade-2"
    assert recipe_for("nemotron-cascade-2", cpu=False).name == "nemotron-cascade-2"
    other = recipe_for("acme/coder-7b", cpu=False)
    assert (other.name, other.model, other.max_completion_tokens) == ("generic", "acme/coder-7b", None)
    fp8 = recipe_for("nvidia/Nemotron-Cascade-2-30B-A3B-FP8", cpu=False, recipe="nemotron-cascade-2")
    assert (fp8.model, fp8.max_completion_tokens) == ("nvidia/Nemotron-Cascade-2-30B-A3B-FP8", 131072)


@pytest.mark.docker
def test_a_model_the_server_does_not_serve_is_one_line(tmp_path, docker_image):
    with ScriptedServer(lambda m: "hi", model="acme/coder-7b", max_model_len=32768) as server:
        result = invoke("solve", APLUSB, "--endpoint", server.url, "--model", "nemotron-cascade-2",
                        "--out", tmp_path / "run")
    assert result.exit_code == 2 and not server.requests
    assert result.output.strip() == (f"error: --model nemotron-cascade-2: the server at {server.url} serves "
                                     "acme/coder-7b, not it; use --model with one of those")


@pytest.mark.parametrize("args, new", [
    (("solve", "--max-tokens", "9"), "--task-tokens"), (("solve", "--time-limit", "60"), "--task-time"),
    (("batch", "--max-tokens", "9"), "--task-tokens"), (("batch", "--time-limit", "60"), "--task-time"),
    (("eval", "-n", "1", "--max-tokens", "9"), "--call-tokens")])
def test_an_ambiguous_old_flag_is_one_line_naming_the_new_one(args, new):
    command, *rest = args
    result = invoke(command, APLUSB, *rest)
    assert result.exit_code == 2 and len(result.output.strip().splitlines()) == 1
    assert result.output.startswith(f"error: {rest[-2]} was renamed: use {new} ")


def test_old_agent_yaml_keys_name_the_new_ones(tmp_path):
    for old, new in (("max_tokens", "task_tokens"), ("time_limit_s", "task_time_s")):
        path = tmp_path / f"{old}.yaml"
        path.write_text(f"{old}: 100\n")
        with pytest.raises(ProblemFormatError, match=f"^{path}: {old}: renamed: write {new} "):
            AgentConfig.load(path)
    path.write_text("task_tokens: 100\ntask_time_s: 60\n")
    assert (AgentConfig.load(path).task_tokens, AgentConfig.load(path).task_time_s) == (100, 60)


@pytest.mark.docker
def test_solve_on_a_bare_endpoint_uses_the_recipes_budget_records_it_and_resumes_by_model_id(tmp_path, docker_image):
    """The whole solve: start-up line, max_tokens 131072 in every request, run.json; a resume against the server
    restarted with another context goes on (and records it); one serving another model id stops with one line."""
    (tmp_path / "agent.yaml").write_text(AGENT_YAML)
    run_dir = tmp_path / "run"
    args = ("solve", APLUSB, "--out", run_dir, "--config", tmp_path / "agent.yaml", "-j", "1")
    with ScriptedServer(Script({"full": CORRECT}), model=NEMOTRON_HF, max_model_len=262144) as server:
        first = invoke(*args, "--endpoint", server.url)
    assert first.exit_code == 0, first.output[-3000:]
    assert "recipe nemotron-cascade-2; per call 131,072 tokens" in first.output
    assert server.requests and {r["max_tokens"] for r in server.requests} == {131072}
    assert {r["model"] for r in server.requests} == {NEMOTRON_HF}
    record = json.loads((run_dir / "run.json").read_text())
    assert (record["model"], record["recipe"], record["call_tokens"], record["context"]) == (
        NEMOTRON_HF, "nemotron-cascade-2", 131072, 262144)

    with ScriptedServer(Script({"full": CORRECT}), model=NEMOTRON_HF, max_model_len=131072) as server:
        smaller = invoke(*args, "--endpoint", server.url)
    assert smaller.exit_code == 0, smaller.output[-3000:]
    record = json.loads((run_dir / "run.json").read_text())
    assert (record["call_tokens"], record["context"]) == (65536, 131072)

    with ScriptedServer(Script({"full": CORRECT}), model="acme/coder-7b", max_model_len=262144) as server:
        other = invoke(*args, "--endpoint", server.url)
    assert other.exit_code == 2 and not server.requests
    assert other.output.strip().splitlines()[-1] == (
        f"error: {run_dir}/run.json: model: the run was made with '{NEMOTRON_HF}', this one uses 'acme/coder-7b'; "
        "resume with the same model or choose another --out")


@pytest.mark.docker
def test_eval_uses_the_same_budget_and_counts_a_cut_reply_as_a_failed_sample(tmp_path, docker_image):
    """An unknown model with a 32k context: every sample asks for 16,384 tokens, as solve would; of two samples one
    ran out of budget mid-thought (no answer), which is a failed sample, counted and shown."""
    replies = itertools.cycle([CORRECT, Answer(content="", reasoning="Let me think about a+b " * 50,
                                                   finish_reason="length")])
    out = tmp_path / "out"
    with ScriptedServer(lambda m: next(replies), model="acme/coder-7b", max_model_len=32768) as server:
        result = invoke("eval", APLUSB.parent, "--only", "aplusb", "--samples", "2", "--k", "1,2",
                        "--endpoint", server.url, "--out", out, "-j", "1", "--parallel", "1")
    assert result.exit_code == 0, result.output[-3000:]
    assert [r["max_tokens"] for r in server.requests] == [16384, 16384]
    assert "per call 16,384 tokens (half the server's context)" in result.output
    done = json.loads((out / "aplusb" / "result.json").read_text())
    assert done["eval"]["cut"] == 1 and done["eval"]["solved"] == 1
    assert sorted(bool(h.get("cut")) for h in done["history"]) == [False, True]
    assert "Replies cut by the per-call budget: 1 of 2 samples" in result.output
    assert json.loads((out / "aplusb" / "run.json").read_text())["call_tokens"] == 16384
    # resumed against a server of another model: one line before any problem starts (batch says the same)
    with ScriptedServer(lambda m: CORRECT, model="acme/other-7b", max_model_len=32768) as server:
        other = invoke("eval", APLUSB.parent, "--only", "aplusb", "--samples", "2", "--k", "1,2",
                       "--endpoint", server.url, "--out", out, "--resume")
    assert other.exit_code == 2 and not server.requests
    assert [line for line in other.output.splitlines() if line.startswith("error: ")] == [
        f"error: {out}/aplusb/run.json: model: the run was made with 'acme/coder-7b', this one uses "
        "'acme/other-7b'; resume with the same model or choose another --out"]
