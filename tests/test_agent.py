"""The agent loop end to end on problems/aplusb, with a scripted model that reacts to its prompts the way a model
would (deterministic), the real sandbox and the real judge."""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from solver.agent.config import AgentConfig
from solver.problems import load_problem
from solver.solve import Endpoint, solve

from .scripted_server import ScriptedServer

pytestmark = pytest.mark.docker

ROOT = Path(__file__).resolve().parent.parent
APLUSB = ROOT / "problems" / "aplusb"


def fenced(code: str, tag: str = "cpp") -> str:
    return f"Here is my solution.\n\n```{tag}\n{code}\n```\n"


CORRECT = fenced("#include <bits/stdc++.h>\nint main(){int t;std::cin>>t;while(t--){long long a,b;std::cin>>a>>b;"
                 "std::cout<<a+b<<'\\n';}}")
# passes the samples (no pair of two negatives there), wrong when both are negative: only a stress test finds it
NEG_BUG = fenced("#include <bits/stdc++.h>\nint main(){int t;std::cin>>t;while(t--){long long a,b;std::cin>>a>>b;"
                   "if(a<0&&b<0)std::cout<<a-b<<'\\n';else std::cout<<a+b<<'\\n';}}")
# right for small values only: 32-bit overflow on the big subtask
INT32 = fenced("#include <bits/stdc++.h>\nint main(){int t;std::cin>>t;while(t--){int a,b;std::cin>>a>>b;"
               "std::cout<<a+b<<'\\n';}}")
HOPELESS = fenced("#include <bits/stdc++.h>\nint main(){std::cout<<42<<'\\n';}")
BRUTE = fenced("t = int(input())\nfor _ in range(t):\n    a, b = map(int, input().split())\n    print(a + b)",
               "python")
# a second, independently written brute force: one alone is never trusted
BRUTE_ALT = fenced("import sys\nnums = list(map(int, sys.stdin.read().split()))\n"
                   "print('\\n'.join(str(nums[1 + 2 * i] + nums[2 + 2 * i]) for i in range(nums[0])))", "python")
BAD_BRUTE = fenced("t = int(input())\nfor _ in range(t):\n    a, b = map(int, input().split())\n    print(a - b)",
                   "python")
GENERATOR = fenced("import random, sys\nseed, n = int(sys.argv[1]), int(sys.argv[2])\nrandom.seed(seed)\n"
                   "t = random.randint(1, max(1, n))\nprint(t)\nfor _ in range(t):\n"
                   "    print(random.randint(-3, 3), random.randint(-3, 3))", "python")


class Script:
    """Answers by what is asked. `draft` maps a target ("full" or a subtask name) to the draft answer."""

    def __init__(self, draft: dict[str, str], repair: str = CORRECT, brutes=(BRUTE, BRUTE_ALT), delay: float = 0.0):
        self.draft, self.repair, self.brutes, self.delay = draft, repair, list(brutes), delay
        self.brute_calls = 0
        self.lock = threading.Lock()

    def __call__(self, messages: list[dict]) -> str:
        if self.delay:
            time.sleep(self.delay)
        prompt = messages[-1]["content"]
        if "Write a brute-force" in prompt:
            with self.lock:
                self.brute_calls += 1
            number = re.search(r"brute force number (\d+)", prompt)  # the agent numbers its requests
            return self.brutes[min(int(number.group(1)) - 1 if number else 0, len(self.brutes) - 1)]
        if "random test generator" in prompt:
            return GENERATOR
        if "## What went wrong" in prompt:
            return self.repair
        for name, answer in self.draft.items():
            if name != "full" and f'full points on subtask "{name}"' in prompt:
                return answer
        return self.draft["full"]


def run(tmp_path, pool, image, script: Script, **config) -> tuple[dict, ScriptedServer]:
    problem = load_problem(APLUSB)
    with ScriptedServer(script) as server:
        result = solve(problem, Endpoint(url=server.url), pool, image, tmp_path / "run",
                       AgentConfig(**{"drafts_per_target": 1, "stress_tests": 15, "cluster_tests": 5,
                                      "large_tests": 0, "lineages_per_round": 1, **config}))
    return result.to_json(), server


def journal(run_dir: Path) -> list[dict]:
    return [json.loads(line) for line in (run_dir / "journal.jsonl").read_text().splitlines()]


def test_stress_counterexample_is_repaired(tmp_path, pool, image):
    result, server = run(tmp_path, pool, image, Script({"full": NEG_BUG, "small": NEG_BUG, "big": NEG_BUG}))
    events = {e["key"]: e["data"] for e in journal(tmp_path / "run") if "key" in e}
    # the buggy draft passed the samples, the stress test caught it, the repair fixed it
    assert events["eval:full.r0.d0"]["passed"] is True
    assert events["stress:full.r0.d0"]["failed"] == 1
    assert events["stress:full.r0.d0"]["feedback"]["kind"] == "stress"
    assert events["eval:full.r0.d0.f1"]["passed"] is True and events["stress:full.r0.d0.f1"]["failed"] == 0
    repair_prompts = [p for p in server.prompts() if "## What went wrong" in p]
    assert any("brute-force solution" in p for p in repair_prompts)
    assert result["score"] == 100 and result["max_score"] == 100
    assert result["subtasks"][-1]["submission"] is not None
    assert set(result) == {"problem", "score", "max_score", "score_precision", "subtasks", "submissions_used",
                           "tokens", "wall_s", "run_dir", "replies", "stop_reason"}


def test_brute_force_failing_samples_is_discarded(tmp_path, pool, image):
    script = Script({"full": NEG_BUG, "small": NEG_BUG, "big": NEG_BUG}, brutes=(BAD_BRUTE, BRUTE, BRUTE_ALT))
    result, server = run(tmp_path, pool, image, script)
    assert script.brute_calls == 3  # the first brute gets a - b wrong on the samples: a third one is asked for
    events = {e["key"]: e["data"] for e in journal(tmp_path / "run") if "key" in e}
    assert len(events["stress:setup"]["reference"]["trusted"]) == 2 and events["stress:setup"]["reference"]["asked"] == 3
    assert events["stress:full.r0.d0"]["failed"] == 1  # the trusted (agreeing) brutes exposed the bug
    assert result["score"] == 100


def test_easy_subtask_is_banked_by_a_targeted_draft(tmp_path, pool, image):
    script = Script({"full": HOPELESS, "small": INT32, "big": HOPELESS}, repair=HOPELESS)
    result, _ = run(tmp_path, pool, image, script, rounds=1)
    subtasks = {s["name"]: s for s in result["subtasks"]}
    assert subtasks["small"]["score"] == 30 and subtasks["small"]["submission"] == 1
    assert subtasks["big"]["score"] == 0 and subtasks["many"]["score"] == 0
    submissions = [e["data"] for e in journal(tmp_path / "run") if e.get("type") == "submission"]
    assert submissions[0]["candidate"].startswith("small.")


def test_submission_budget_is_respected(tmp_path, pool, image):
    script = Script({"full": INT32, "small": INT32, "big": INT32}, repair=INT32)
    result, _ = run(tmp_path, pool, image, script, submissions=1, rounds=2)
    assert result["submissions_used"] == 1
    assert result["score"] == 30


def test_candidates_in_pypy_are_asked_for_written_and_judged_as_pypy(tmp_path, pool, image):
    script = Script({"full": BRUTE, "small": BRUTE, "big": BRUTE}, repair=BRUTE)
    result, server = run(tmp_path, pool, image, script, language="pypy3", rounds=1, stress_tests=3)
    assert result["score"] == 100
    assert any("Python 3 (PyPy)" in p for p in server.prompts())
    assert any("```python" in p for p in server.prompts())
    written = sorted(p.suffix for p in (tmp_path / "run" / "candidates").iterdir())
    assert written and set(written) == {".py"}, written
    submissions = [e["data"] for e in journal(tmp_path / "run") if e.get("type") == "submission"]
    assert submissions and all(s["candidate"].startswith("full.") for s in submissions)


def test_model_never_sees_hidden_tests(tmp_path, pool, image):
    _, server = run(tmp_path, pool, image, Script({"full": NEG_BUG, "small": INT32, "big": NEG_BUG}))
    problem = load_problem(APLUSB)
    prompts = "\n".join(server.prompts())
    hidden = [n for n in problem.tests if n not in problem.samples]
    assert hidden
    for name in hidden:
        test = problem.tests[name]
        assert test.read_input().decode().strip() not in prompts, name
        assert test.read_answer().decode().strip() not in prompts, name
    for name in problem.samples:  # the samples are part of the statement, so they are shown
        assert problem.tests[name].read_input().decode().strip() in prompts


def _solve_subprocess(url: str, out: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "solver.cli.main", "solve", str(APLUSB), "--endpoint", url,
                             "--out", str(out), "--json", "--config", str(out.parent / "agent.yaml"), "-j", "1"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT, env=dict(os.environ))


def test_resume_after_sigkill_redoes_nothing(tmp_path, docker_image):
    (tmp_path / "agent.yaml").write_text("drafts_per_target: 2\nstress_tests: 10\ncluster_tests: 3\n"
                                         "large_tests: 0\nrounds: 1\nlineages_per_round: 1\n")
    script = Script({"full": NEG_BUG, "small": INT32, "big": NEG_BUG}, delay=0.4)
    with ScriptedServer(script) as server:
        # an uninterrupted run, for reference
        ref = _solve_subprocess(server.url, tmp_path / "ref")
        out, err = ref.communicate(timeout=600)
        assert ref.returncode == 0, err.decode()[-2000:]
        reference = json.loads(out.decode().strip().splitlines()[-1])
        calls_uninterrupted = len(server.requests)

        server.requests.clear()
        victim = _solve_subprocess(server.url, tmp_path / "run")
        deadline = time.time() + 300
        journal_file = tmp_path / "run" / "journal.jsonl"
        while time.time() < deadline:
            if journal_file.exists() and journal_file.read_text().count('"model_call"') >= 4:
                break
            time.sleep(0.1)
        victim.send_signal(signal.SIGKILL)
        victim.wait()
        before = journal(tmp_path / "run")
        journaled_calls = sum(e.get("type") == "model_call" for e in before)
        assert journaled_calls >= 4

        server.requests.clear()
        resumed = _solve_subprocess(server.url, tmp_path / "run")
        out, err = resumed.communicate(timeout=600)
        assert resumed.returncode == 0, err.decode()[-2000:]
        result = json.loads(out.decode().strip().splitlines()[-1])

    keys = [e["key"] for e in journal(tmp_path / "run") if "key" in e]
    assert len(keys) == len(set(keys)), "a finished step was done twice"
    # the resumed run asks exactly what the killed one had not finished (calls in flight at the kill included)
    assert len(server.requests) == calls_uninterrupted - journaled_calls
    for field in ("score", "max_score", "subtasks", "submissions_used"):
        assert result[field] == reference[field], field


def test_journal_drops_a_torn_last_line(tmp_path):
    from solver.agent.journal import Journal

    j = Journal(tmp_path)
    j.write({"key": "a", "type": "step", "data": {"x": 1}})
    j.close()
    with open(tmp_path / "journal.jsonl", "a") as f:
        f.write('{"key": "b", "type": "st')  # the crash came mid-line
    j = Journal(tmp_path)
    assert set(j.done) == {"a"}
    j.write({"key": "c", "type": "step", "data": {}})
    j.close()
    assert set(Journal(tmp_path).done) == {"a", "c"}


def test_end_to_end_with_the_real_cpu_model(tmp_path, pool, image, cpu_server):
    """The whole pipeline with vLLM on CPU and the embedded SmolLM2: the run completes and its result is well
    formed (the tiny model is not expected to solve anything)."""
    # one try of each kind (one resample of a cut reply, one validator): the CPU model's time goes to tokens, and
    # this test is about the pipeline around the real server, which the scripted tests cover branch by branch
    config = AgentConfig(drafts_per_target=1, rounds=1, repair_rounds=1, brute_attempts=1, validator_attempts=1,
                         resample_attempts=1, stress_tests=3, cluster_tests=2, large_tests=0,
                         max_completion_tokens=256, submissions=3, lineages_per_round=1)
    problem = load_problem(APLUSB)
    result = solve(problem, Endpoint(url=cpu_server.base_url), pool, image, tmp_path / "run", config).to_json()
    assert set(result) == {"problem", "score", "max_score", "score_precision", "subtasks", "submissions_used",
                           "tokens", "wall_s", "run_dir", "replies", "stop_reason"}
    assert result["problem"] == "aplusb" and 0 <= result["score"] <= result["max_score"] == 100
    assert result["tokens"]["completion"] > 0 and result["submissions_used"] <= 3
    events = journal(tmp_path / "run")
    calls = [e["data"] for e in events if e.get("type") == "model_call"]
    assert calls and all(c["usage"]["completion"] > 0 for c in calls)
    assert any(e.get("type") == "candidate" for e in events)
    assert json.loads((tmp_path / "run" / "result.json").read_text())["score"] == result["score"]


SUM_MD = """---
id: sumlist
title: Sum of a list
time_limit: 1
memory_limit: 256
subtasks:
  - {name: small, points: 30, constraints: "n <= 1000"}
  - {name: full, points: 70, constraints: "n <= 200000"}
samples:
  - input: "3\\n1 2 3\\n"
    output: "6\\n"
  - input: "1\\n-5\\n"
    output: "-5\\n"
---
Given n integers, print their sum.
"""
SUM_RIGHT = fenced("#include <bits/stdc++.h>\nint main(){int n;std::cin>>n;long long s=0;while(n--){long long x;"
                   "std::cin>>x;s+=x;}std::cout<<s<<'\\n';}")
SUM_BRUTE = fenced("n = int(input())\nprint(sum(map(int, input().split())))", "python")
SUM_BRUTE_ALT = fenced("import sys\nprint(sum(map(int, sys.stdin.read().split()[1:])))", "python")
SUM_GEN = fenced("import random, sys\nrandom.seed(int(sys.argv[1]))\nn = random.randint(1, int(sys.argv[2]))\n"
                 "print(n)\nprint(*[random.randint(-9, 9) for _ in range(n)])", "python")


def test_single_statement_file_ends_with_an_answer(tmp_path, pool, image, monkeypatch):
    monkeypatch.setenv("CPSOLVE_CACHE", str(tmp_path / "cache"))
    (tmp_path / "sum.md").write_text(SUM_MD)
    problem = load_problem(tmp_path / "sum.md")
    assert not problem.has_official_tests

    def answer(messages):
        prompt = messages[-1]["content"]
        if "Write a brute-force" in prompt:
            return SUM_BRUTE_ALT if "brute force number" in prompt else SUM_BRUTE
        if "random test generator" in prompt:
            return SUM_GEN
        return SUM_RIGHT

    with ScriptedServer(answer) as server:
        result = solve(problem, Endpoint(url=server.url), pool, image, tmp_path / "run",
                       AgentConfig(drafts_per_target=2, stress_tests=5, cluster_tests=3, large_tests=0,
                                   lineages_per_round=1))
    data = result.to_json()
    assert data["submissions_used"] == 0 and data["answer"].startswith("full.")
    written = (tmp_path / "run" / "answer.cpp").read_text()
    assert "s+=x" in written
    assert result.answer.samples_passed and result.answer.stress_failed == 0
