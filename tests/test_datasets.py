"""LiveCodeBench and CodeContests JSON lines loaded as archives (tests/datasets/, made-up problems written in the
datasets' own record formats by make_datasets.py): fields, limits, tests as encoded (LiveCodeBench's pickled
private tests through an unpickler that builds no objects), one-line errors, and judging like any package."""
from __future__ import annotations

import base64
import json
import os
import pickle
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from solver.batch import discover
from solver.problems import ProblemFormatError, load_problem
from solver.problems.livecodebench import decode_private_tests

ROOT = Path(__file__).resolve().parent.parent
DATASETS = Path(__file__).resolve().parent / "datasets"
LCB = DATASETS / "livecodebench.jsonl"
CC = DATASETS / "codecontests.jsonl"


@pytest.fixture(autouse=True)
def own_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("CPSOLVE_CACHE", str(tmp_path / "cache"))


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "solver.cli.main", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=300, env=os.environ.copy())


def test_livecodebench_records_load_as_problems():
    problems = {p.id: p for p in discover(LCB)}
    assert list(problems) == ["mock001_a", "9001", "9002"]
    stdin, prefix, above = problems.values()
    assert stdin.format == "livecodebench" and stdin.limits.time_s == 6.0
    assert stdin.task_type.harness is None and stdin.checker.kind == "tokens"
    assert [(s.name, s.points, len(s.tests)) for s in stdin.subtasks] == [("samples", 0, 1), ("tests", 100, 4)]
    assert stdin.samples == ["public-1"]
    # private tests decoded from base64(zlib(pickle(json)))
    assert stdin.tests["private-3"].read_input() == b"2\n7 -7\n" and stdin.tests["private-3"].read_answer() == b"0\n"
    assert prefix.task_type.harness.function == "prefixSums" and prefix.checker.kind == "exact"
    assert "def prefixSums" in prefix.statement and "## Starter code" in prefix.statement
    # answers are the canonical JSON the harness prints
    assert prefix.tests["private-2"].read_answer() == b"[0,-1,0,10]\n"
    assert above.samples == ["public-1", "public-2"] and len(above.subtasks[1].tests) == 4


def test_codecontests_records_load_as_problems():
    largest, gcd = discover(CC)
    assert (largest.id, largest.title) == ("9100_A", "9100_A. Largest Number")
    assert largest.limits.time_s == 1.5 and largest.limits.memory_mib == 256
    assert [len(s.tests) for s in largest.subtasks] == [1, 4]  # public, then public + private + generated
    assert sorted(f.name for f in largest.solutions["accepted"]) == ["solution-1.cpp", "solution-2.py"]  # no Java
    assert gcd.limits.time_s == 2.0 and gcd.tests["generated-1"].read_input() == b"0 5\n"


def test_a_pickle_that_builds_objects_is_refused(tmp_path):
    class Evil:
        def __reduce__(self):
            return (os.system, (f"touch {tmp_path / 'pwned'}",))

    evil = base64.b64encode(zlib.compress(pickle.dumps(Evil()))).decode()
    with pytest.raises(ValueError, match="refusing to load"):
        decode_private_tests(evil)
    assert not (tmp_path / "pwned").exists()
    record = json.loads(LCB.read_text().splitlines()[0]) | {"private_test_cases": evil}
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(record) + "\n")
    with pytest.raises(ProblemFormatError, match=r"bad.jsonl: line 1: private_test_cases: .*refusing"):
        load_problem(bad)
    assert not (tmp_path / "pwned").exists()


def test_bad_records_fail_with_the_line_and_field(tmp_path):
    lines = LCB.read_text().splitlines()
    cases = {
        "missing": (json.loads(lines[1]) | {"question_content": None}, "line 2: question_content: expected str"),
        "noname": (json.loads(lines[1]) | {"metadata": "{}"}, "line 2: metadata.func_name"),
        "tests": (json.loads(lines[1]) | {"public_test_cases": "[{\"input\": 1}]"}, "line 2: public_test_cases"),
    }
    for name, (record, message) in cases.items():
        path = tmp_path / f"{name}.jsonl"
        path.write_text(lines[0] + "\n" + json.dumps(record) + "\n")
        done = cli("judge", f"{path}#9001", str(path))
        assert done.returncode == 2 and done.stderr.startswith(f"error: {path}: {message}"), done.stderr
        assert "Traceback" not in done.stderr
    done = cli("judge", str(LCB), str(LCB))
    assert done.returncode == 2 and "holds 3 problems" in done.stderr and f"{LCB}#mock001_a" in done.stderr
    cc = json.loads(CC.read_text().splitlines()[0])
    cc["private_tests"] = {"input": ["1\n"], "output": []}
    path = tmp_path / "cc.jsonl"
    path.write_text(json.dumps(cc) + "\n")
    with pytest.raises(ProblemFormatError, match="line 1: private_tests: expected lists"):
        discover(path)


@pytest.mark.docker
def test_loaded_problems_judge_like_any_package(tmp_path, docker_image):
    done = cli("verify", f"{CC}#9100_A", "--json")
    assert done.returncode == 0, done.stderr
    assert [s["ok"] for s in json.loads(done.stdout)["solutions"]] == [True, True]
    wrong = tmp_path / "prefix.py"  # forgets the last element
    wrong.write_text("class Solution:\n    def prefixSums(self, nums):\n"
                     "        return [sum(nums[:i + 1]) for i in range(len(nums) - 1)]\n")
    done = cli("judge", f"{LCB}#9001", str(wrong), "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["score"] == 0 and result["subtasks"][1]["verdict"] == "WA"
    crash = tmp_path / "crash.py"
    crash.write_text("class Solution:\n    def prefixSums(self, nums):\n        return nums[10 ** 6]\n")
    done = cli("judge", f"{LCB}#9001", str(crash), "--json")
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout)
    assert result["subtasks"][1]["verdict"] == "RE"
    cpp = tmp_path / "prefix.cpp"
    cpp.write_text("int main(){}\n")
    done = cli("judge", f"{LCB}#9001", str(cpp))
    assert done.returncode == 2 and "function-call task runs Python submissions only" in done.stderr
