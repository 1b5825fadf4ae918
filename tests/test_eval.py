"""`cpsolve eval` end to end: a scripted model that answers with the packages' own reference solutions (so the
pass rates are known), the real sandbox and judge; pass@k and expected scores checked against their definitions,
resume without a single new model call, the usage log, and a LiveCodeBench file (stdin and function-call
problems) judged through the Python harness."""
from __future__ import annotations

import itertools
import json
import statistics
import subprocess
import sys
from math import comb
from pathlib import Path

import pytest

from .scripted_server import ScriptedServer
from .eval_model import ReferenceAnswers

pytestmark = pytest.mark.docker

ROOT = Path(__file__).resolve().parent.parent
PROBLEMS = ROOT / "problems"
DATASETS = Path(__file__).resolve().parent / "datasets"


def cli(*args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "solver.cli.main", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=timeout)


def journal(run_dir: Path) -> list[dict]:
    return [json.loads(line) for line in (run_dir / "journal.jsonl").read_text().splitlines()]


@pytest.fixture(scope="module")
def eval_run(tmp_path_factory, docker_image):
    # aplusb: accepted, then int32 overflow (wrong), cycled; distinct: accepted, partial, wrong, accepted
    model = ReferenceAnswers(PROBLEMS, cycle={"aplusb": ["aplusb.cpp", "aplusb_int32.cpp"],
                                              "distinct": ["distinct.cpp", "distinct_intdiv.cpp"]})
    out = tmp_path_factory.mktemp("eval") / "out"
    with ScriptedServer(model) as server:
        args = ("eval", str(PROBLEMS), "--only", "aplusb", "--only", "distinct", "--samples", "4", "--k", "1,2,4",
                "--endpoint", server.url, "--out", str(out), "-j", "2", "--json")
        done = cli(*args)
        calls = len(server.requests)
        again = cli(*args, "--resume")
        calls_after_resume = len(server.requests)
    assert done.returncode == 0, done.stderr[-3000:]
    assert again.returncode == 0, again.stderr[-3000:]
    return {"out": out, "table": json.loads(done.stdout), "resumed": json.loads(again.stdout), "calls": calls,
            "calls_after_resume": calls_after_resume, "given": model.given}


def test_eval_table_follows_the_estimators(eval_run):
    out, table = eval_run["out"], eval_run["table"]
    rows = {(r["problem"], r["subtask"]): r for r in table["rows"]}
    for pid in ("aplusb", "distinct"):
        result = json.loads((out / pid / "result.json").read_text())
        history = result["history"]
        assert len(history) == 4 and result["mode"] == "eval"
        full = sum(h["score"] == result["max_score"] for h in history)
        row = rows[(pid, None)]
        assert row["samples"] == 4 and row["solved"] == full
        for k in (1, 2, 4):
            assert row["pass_at_k"][str(k)] == pytest.approx(1 - comb(4 - full, k) / comb(4, k))
            # the IOI rule over every k-subset of the samples, directly
            subsets = itertools.combinations(history, k)
            brute = statistics.fmean(sum(max(h["subtasks"][s["name"]] for h in sub) for s in result["subtasks"])
                                     for sub in subsets)
            assert row["expected_score"][str(k)] == pytest.approx(brute)
        # the report's score of an eval run is the expected score of one sample
        assert result["score"] == pytest.approx(row["expected_score"]["1"])
    # what the model was given: aplusb half right, distinct half right -> pass@1 0.5 each
    assert rows[("aplusb", None)]["solved"] == 2 and rows[("distinct", None)]["solved"] == 2
    assert rows[("aplusb", "small")]["solved"] == 4  # int32 overflow only loses the big subtasks
    assert table["mean_pass_at_k"]["1"] == pytest.approx(0.5)


def test_eval_journals_every_sample_and_judgement_and_resumes_without_model_calls(eval_run):
    out = eval_run["out"]
    assert eval_run["calls"] == 8 and eval_run["calls_after_resume"] == 8
    assert eval_run["resumed"] == eval_run["table"]
    for pid in ("aplusb", "distinct"):
        keys = [e.get("key") for e in journal(out / pid)]
        # each sample is one of the agent's own model calls (fitted, budgeted, reasoning kept), under its key
        assert sorted(k for k in keys if k and k.startswith("model:sample:")) == [f"model:sample:{i}"
                                                                                  for i in range(4)]
        assert sorted(k for k in keys if k and k.startswith("judge:")) == [f"judge:{i}" for i in range(4)]
    usage = [json.loads(line) for line in (out / "usage.jsonl").read_text().splitlines()]
    assert len(usage) == 8 and all(u["completion_tokens"] > 0 for u in usage)
    assert json.loads((out / "eval.json").read_text())["samples"] == 4
    # the same folder with another sample count is refused, not mixed
    bad = cli("eval", str(PROBLEMS), "--only", "aplusb", "--samples", "5", "--endpoint", "http://127.0.0.1:9/v1",
              "--out", str(out), "--resume")
    assert bad.returncode == 2 and bad.stderr.startswith("error: ") and "samples" in bad.stderr


def test_eval_report_has_the_eval_table(eval_run):
    done = cli("report", str(eval_run["out"]))
    assert done.returncode == 0, done.stderr
    assert "## Eval: pass@k and expected score of k samples" in done.stdout
    assert "| aplusb | all | 2/4 | 0.500 | 0.833 | 1.000 |" in done.stdout


PREFIX_OK = "```python\nclass Solution:\n    def prefixSums(self, nums):\n        out, s = [], 0\n" \
            "        for x in nums:\n            s += x\n            out.append(s)\n        print('noise')\n" \
            "        return tuple(out)\n```"
ABOVE_OK = "```python\nclass Solution:\n    def countAbove(self, nums: List[int], k: int) -> int:\n" \
           "        return sum(x > k for x in nums)\n```"
ABOVE_WRONG = "```python\nclass Solution:\n    def countAbove(self, nums, k):\n        return sum(x >= k for x in nums)\n```"
SUM_CPP = "```cpp\n#include <cstdio>\nint main(){int n;long long s=0,x;scanf(\"%d\",&n);" \
          "while(n--){scanf(\"%lld\",&x);s+=x;}printf(\"%lld\\n\",s);}\n```"


def test_eval_on_a_livecodebench_file(tmp_path, docker_image):
    turns = itertools.cycle([ABOVE_OK, ABOVE_WRONG])
    prompts = []

    def answer(messages):
        prompt = messages[-1]["content"]
        prompts.append(prompt)
        if "prefix sums" in prompt:
            return PREFIX_OK
        if "greater than k" in prompt:
            return next(turns)
        return SUM_CPP

    with ScriptedServer(answer) as server:
        done = cli("eval", str(DATASETS / "livecodebench.jsonl"), "--samples", "2", "--k", "1,2",
                   "--endpoint", server.url, "--out", str(tmp_path / "lcb"), "--parallel", "1", "--json")
    assert done.returncode == 0, done.stderr[-3000:]
    rows = {r["problem"]: r for r in json.loads(done.stdout)["rows"]}
    assert rows["mock001_a"]["pass_at_k"] == {"1": 1.0, "2": 1.0}
    assert rows["9001"]["pass_at_k"] == {"1": 1.0, "2": 1.0}  # a tuple and stray prints are fine, as in LCB
    assert rows["9002"]["pass_at_k"] == {"1": 0.5, "2": 1.0}  # >= instead of > fails where k equals elements
    functional = [p for p in prompts if "countAbove" in p]
    assert functional and all("Complete the starter code in Python 3" in p for p in functional)
    assert not any("starter code" in p for p in prompts if "Sum of Numbers" in p)
    # the hidden (pickled) tests never reach the prompt
    assert not any("[10,-2,8,7]" in p.replace(" ", "") for p in prompts)
