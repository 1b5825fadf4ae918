"""Pointed at the real model (issue 17's end-to-end tests): `cpsolve solve PROBLEM --endpoint URL`, bare, as README
suggests, against the simulated vLLM serving nvidia/Nemotron-Cascade-2-30B-A3B (262,144-token context) and
answering in Nemotron's shape: thinking in the `reasoning` field, a line of prose, the program, and a trailing
untagged "Sample run" block. On a grader task (pavings) and on a Communication task (whisper) the run reaches full
score with no reply cut, every request asking the recipe's 131,072 tokens; the simulator's records show the replies
really carried reasoning and the trailing block. A per-call budget that cuts every full-size reply stops the run
with one line. And a batch where one problem's model calls always fail reports it as failed with its points (0)
and the other problem in full, both counted in the report's totals.

The contestant answers from the packages' own files: accepted programs for drafts, correct programs for brute
forces, the packages' generators and validators wrapped to the agent's interfaces. Thinking is a few hundred tokens
(full size only where the cut is the point; no simulated GPU: replies come at once), so the runs take the
sandbox's time, not the model's.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from solver.simulator import Lengths, NemotronShape, ShapedAnswer, SimulatedVLLM
from solver.simulator import replies as simulated_replies
from solver.simulator.answerers import ProblemPrograms, kind_of

pytestmark = pytest.mark.docker

ROOT = Path(__file__).resolve().parent.parent
PROBLEMS = ROOT / "problems"
NEMOTRON_HF = "nvidia/Nemotron-Cascade-2-30B-A3B"
#: The recipe's per-call budget (solver/recipes/nemotron-cascade-2.yaml), which a bare --endpoint must find.
RECIPE_CALL_TOKENS = 131_072
SAMPLE_BLOCK = "Sample run:\n```\n3\n```"
#: Agent settings for short runs; none sets a per-call budget (that must come from the recipe).
AGENT_YAML = ("drafts_per_target: 1\nrounds: 1\nlineages_per_round: 1\nstress_tests: 4\ncluster_tests: 2\n"
              "large_tests: 0\nsubmissions: 2\nmax_model_errors: 1\n")


@dataclass
class Package:
    """What the contestant writes for one problem package, by what the agent asks."""

    title: str
    draft: str
    brutes: list[str]
    generator: str
    validator: str


def pavings() -> Package:
    programs = ProblemPrograms.load(PROBLEMS / "pavings")
    return Package(programs.title, next(p for p in programs.right if p.fence == "cpp").fenced(0),
                   [p.fenced(0) for p in programs.brutes], programs.generator, programs.validator)


def whisper() -> Package:
    """The Communication task: the manager is the oracle (no brute force is asked); the package's gen.py wrapped to
    `gen.py SEED N` (three committees of at most max(4, N) members) and its validator to the last subtask."""
    root = PROBLEMS / "whisper"
    accepted = (root / "solutions" / "accepted" / "whisper.cpp").read_text()
    generator = ("import sys\nseed, n = sys.argv[1], int(sys.argv[2])\n"
                 "sys.argv = ['gen.py', seed, '3', str(max(4, n)), '3', 'mixed']\n"
                 + (root / "generators" / "gen.py").read_text())
    validator = "import sys\nsys.argv = ['validate.py', 'large']\n" + (root / "generators" / "validate.py").read_text()
    program = f"```cpp\n{accepted.rstrip()}\n```"
    return Package("The Committee Whisper", program, [program], generator, validator)


@dataclass
class Contestant:
    """`answer(messages)` for NemotronShape: the package's program for what was asked, with the real model's
    trailing sample-run block after it (the shape adds thinking and prose)."""

    packages: list[Package]
    asked: dict[str, int] = field(default_factory=dict)
    """Requests answered, by kind (draft, repair, brute, generator, validator)."""

    def __call__(self, messages: list[dict]) -> ShapedAnswer:
        prompt = messages[-1]["content"]
        title = re.search(r"^# Problem: (.*)$", prompt, re.M)
        package = next(p for p in self.packages if title and p.title == title.group(1).strip())
        kind = kind_of(prompt)
        self.asked[kind] = self.asked.get(kind, 0) + 1
        if kind == "brute":
            number = re.search(r"brute force number (\d+)", prompt)
            text = package.brutes[(int(number.group(1)) - 1 if number else 0) % len(package.brutes)]
        elif kind in ("generator", "validator"):
            text = f"```python\n{(package.generator if kind == 'generator' else package.validator).rstrip()}\n```"
        else:
            text = package.draft
        return ShapedAnswer(text, trailing_block=SAMPLE_BLOCK)


class RefusingVLLM(SimulatedVLLM):
    """The simulated server, refusing every request about one problem with vLLM's 400 (no retry can help)."""

    def __init__(self, shape: NemotronShape, refused_title: str, **kw):
        super().__init__(shape, **kw)
        self.refused_title = refused_title
        self.refused = 0

    async def _chat(self, writer, body: dict) -> bool:
        prompt = ((body.get("messages") or [{}])[-1].get("content")) or ""
        if f"# Problem: {self.refused_title}" not in prompt:
            return await super()._chat(writer, body)
        self.requests += 1
        self.refused += 1
        await simulated_replies.send_json(writer, 400, {
            "object": "error", "message": f"scripted refusal for {self.refused_title}", "type": "BadRequestError",
            "param": None, "code": 400})
        return True


def nemotron(contestant: Contestant, cls=SimulatedVLLM, **kw) -> SimulatedVLLM:
    """vLLM serving the Hugging Face id with its full context; a few hundred tokens of thought a reply."""
    shape = NemotronShape(contestant, thinking=Lengths(300, 0.5, low=50), explanation=Lengths(40, 0.5, low=5))
    return cls(shape, model_id=NEMOTRON_HF, max_model_len=262_144, **kw)


def cpsolve(*args: object, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "solver.cli.main", *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT, timeout=timeout)


def assert_nemotron_shaped_and_uncut(server: SimulatedVLLM) -> None:
    """Every reply really carried thinking in the reasoning field and the trailing block, none was cut, and every
    request asked the recipe's per-call budget and sampling of the model the server serves."""
    refused = getattr(server, "refused", 0)
    assert server.sent and len(server.sent) == server.requests - refused and server.dropped == 0
    for sent in server.sent:
        assert sent.reasoning_field == "reasoning" and sent.reasoning_tokens >= 50
        assert sent.trailing_block and sent.content.rstrip().endswith(SAMPLE_BLOCK)
        assert not sent.cut and sent.finish_reason == "stop"
        assert sent.body["model"] == NEMOTRON_HF and sent.body.get("temperature") == 1.0  # the recipe's sampling
        assert sent.body.get("max_completion_tokens", sent.body.get("max_tokens")) == RECIPE_CALL_TOKENS


def stress_setup(run_dir: Path) -> dict:
    events = [json.loads(line) for line in (run_dir / "journal.jsonl").read_text().splitlines()]
    return next(e["data"] for e in events if e.get("key") == "stress:setup")


def figures(name: str, result: dict, server: SimulatedVLLM, contestant: Contestant) -> None:
    """What the closing note records (printed under -s)."""
    print("NEMOTRON", json.dumps({
        "problem": name, "requests": server.requests, "cut": sum(s.cut for s in server.sent),
        "score": result["score"], "max": result["max_score"], "submissions": result["submissions_used"],
        "asked": contestant.asked, "reasoning_tokens": sum(s.reasoning_tokens for s in server.sent)}))


@pytest.mark.parametrize("make", [pavings, whisper], ids=["grader", "communication"])
def test_a_bare_endpoint_on_nemotron_reaches_full_score_with_no_reply_cut(tmp_path, docker_image, make):
    package = make()
    problem = PROBLEMS / ("pavings" if make is pavings else "whisper")
    (tmp_path / "agent.yaml").write_text(AGENT_YAML)
    contestant = Contestant([package])
    with nemotron(contestant) as server:
        done = cpsolve("solve", problem, "--endpoint", server.base_url, "--out", tmp_path / "run",
                       "--config", tmp_path / "agent.yaml", "-j", "1", "--json")
    assert done.returncode == 0, (done.stdout + done.stderr)[-3000:]
    said = " ".join((done.stdout + done.stderr).split())  # --json: the start-up line goes to stderr
    assert f"model {NEMOTRON_HF}; recipe nemotron-cascade-2; per call 131,072 tokens" in said
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["score"] == result["max_score"] == 100 and result["submissions_used"] >= 1
    assert result["replies"]["cut"] == 0 and result["replies"]["total"] >= server.requests
    assert result["stop_reason"] == "done"
    assert_nemotron_shaped_and_uncut(server)
    assert contestant.asked.get("draft", 0) >= 1
    # the helper programs came through the trailing blocks too: the generator and validator were taken, and on the
    # grader task both brute forces were trusted (the manager is whisper's oracle: none asked there)
    setup = stress_setup(tmp_path / "run")
    assert setup["stress"] and setup["rejected_generators"] == [] and setup["validator"] == 0
    if make is pavings:
        assert setup["reference"]["trusted"] == [0, 1]
    else:
        assert "reference" not in setup and "brute" not in contestant.asked
    record = json.loads((tmp_path / "run" / "run.json").read_text())
    assert (record["model"], record["recipe"], record["call_tokens"], record["context"]) == (
        NEMOTRON_HF, "nemotron-cascade-2", RECIPE_CALL_TOKENS, 262_144)
    figures(problem.name, result, server, contestant)


def test_a_batch_reports_a_problem_whose_calls_always_fail_as_failed_and_the_others_in_full(tmp_path, docker_image):
    """Through `cpsolve batch` and `cpsolve report`: whisper's calls are all refused (400), pavings is answered.
    whisper is tried twice and listed failed with 0 points; pavings in full; totals and the maximum count both."""
    archive = tmp_path / "contest"
    for day, name in (("day1", "pavings"), ("day2", "whisper")):
        shutil.copytree(PROBLEMS / name, archive / day / name, ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "agent.yaml").write_text(AGENT_YAML)
    out = tmp_path / "out"
    contestant = Contestant([pavings(), whisper()])
    with nemotron(contestant, RefusingVLLM, refused_title="The Committee Whisper") as server:
        done = cpsolve("batch", archive, "--endpoint", server.base_url, "--out", out, "--config",
                       tmp_path / "agent.yaml", "-j", "1", "--parallel", "2")
    said = " ".join((done.stdout + done.stderr).split())  # the console wraps long lines
    assert done.returncode == 1, said[-3000:]
    assert "whisper: failed (tried 2 times): ModelError:" in said and "scripted refusal for" in said
    assert server.refused >= 2 and server.sent  # both tries asked, and were refused; pavings was answered
    assert_nemotron_shaped_and_uncut(server)

    report = cpsolve("report", out, "--json")
    assert report.returncode == 0, report.stderr[-3000:]
    rep = json.loads(report.stdout)
    by_id = {p["problem"]: p for p in rep["problems"]}
    assert list(by_id) == ["pavings", "whisper"]
    assert by_id["whisper"]["status"].startswith("failed (tried 2 times): ModelError: ")
    assert "scripted refusal for The Committee Whisper" in by_id["whisper"]["status"]
    assert (by_id["whisper"]["score"], by_id["whisper"]["max_score"]) == (0, 100)
    assert by_id["pavings"]["score"] == by_id["pavings"]["max_score"] == 100
    assert (rep["total"], rep["max_total"]) == (100, 200)
    print("NEMOTRON batch", json.dumps({"requests": server.requests, "refused": server.refused,
                                        "cut": sum(s.cut for s in server.sent),
                                        "scores": {k: v["score"] for k, v in by_id.items()}}))


def test_a_budget_that_cuts_every_reply_stops_the_run_with_one_line(tmp_path, docker_image):
    """The issue's first symptom, at Nemotron's real reply sizes (~30,000 tokens of thought, ~45,000 a reply): a
    per-call budget of 8,192 cuts every reply in the thought; with the default agent settings the run stops once
    most replies are cut and says which setting to raise, instead of finishing "done" with no warning."""
    contestant = Contestant([pavings()])
    with SimulatedVLLM(NemotronShape(contestant), model_id=NEMOTRON_HF, max_model_len=262_144) as server:
        done = cpsolve("solve", PROBLEMS / "pavings", "--endpoint", server.base_url, "--out", tmp_path / "run",
                       "-j", "1", "--call-tokens", "8192", "--json")
    assert done.returncode == 0, (done.stdout + done.stderr)[-3000:]  # a stop is a result, not a crash
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["stop_reason"].startswith("stopped: ") and "per-call budget of 8,192" in result["stop_reason"]
    assert "\n" not in result["stop_reason"] and "raise it" in result["stop_reason"]
    assert result["replies"]["total"] >= 20 and result["replies"]["cut"] >= 0.8 * result["replies"]["total"]
    assert (result["score"], result["submissions_used"]) == (0, 0)
    assert {s.body.get("max_tokens") for s in server.sent} == {8192}
    cut = [s for s in server.sent if s.cut]
    assert len(cut) >= result["replies"]["cut"]
    # cut in the thought, vLLM sends content null; the odd thought shorter than the budget (lognormal lengths) is
    # cut in the answer instead, with its program cut off
    in_thought = [s for s in cut if s.reasoning_tokens >= s.completion_tokens]
    assert len(in_thought) >= 0.8 * len(cut) and all(s.content is None for s in in_thought)
    print("NEMOTRON cut", json.dumps({"requests": server.requests, "finished": len(server.sent),
                                      "dropped": server.dropped, "replies": result["replies"]}))
