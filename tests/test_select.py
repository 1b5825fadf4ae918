"""`cpsolve select`, `cpsolve bench select` and `cpsolve batch --pools` on pools built from the example problems'
reference solutions, with the real sandbox and judge. Pool files get neutral names that put the wrong programs
first in name order, so only the selection's evidence (samples, stress tests, clusters) can find the right one."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from solver.agent.config import AgentConfig
from solver.bench.select import bench_problem
from solver.cli.main import app
from solver.pool import read_pool
from solver.problems import load_problem
from solver.select import Helpers, select

pytestmark = pytest.mark.docker

ROOT = Path(__file__).resolve().parent.parent
LEFTOVERS = ROOT / "problems" / "leftovers"
APLUSB = ROOT / "problems" / "aplusb"
SOLUTIONS = LEFTOVERS / "solutions"

# seed odd: values up to the full constraints (totals past 2^64, days past any loop); seed even: tiny values
GENERATOR = """import random, sys
seed, size = int(sys.argv[1]), int(sys.argv[2])
rng = random.Random(seed)
if seed % 2:
    n = rng.randint(1, 10**10); a = rng.randint(1, 10**12); b = rng.randint(a, 10**12)
else:
    n = rng.randint(1, 50); a = rng.randint(1, 50); b = rng.randint(a, 60)
print(n, a, b)
"""
# exits non-zero outside the statement's constraints
VALIDATOR = """import sys
n, a, b = map(int, sys.stdin.read().split())
sys.exit(0 if 1 <= n <= 10**10 and 1 <= a <= b <= 10**12 else 1)
"""
CONFIG = dict(stress_tests=6, cluster_tests=2, large_tests=0)


def make_pool(folder: Path, layout: dict[str, str]) -> Path:
    """LAYOUT: pool file name -> reference solution (path under solutions/)."""
    folder.mkdir(parents=True)
    for name, ref in layout.items():
        shutil.copyfile(SOLUTIONS / ref, folder / name)
    return folder


# every folder, several copies of the wrong ones, the right programs last in name order
EVERY_FOLDER = {"c1.cpp": "wrong_answer/leftovers_int64.cpp", "c2.cpp": "wrong_answer/leftovers_int64.cpp",
                "c3.cpp": "wrong_answer/leftovers_int64.cpp", "d1.cpp": "time_limit_exceeded/leftovers_loop.cpp",
                "d2.cpp": "time_limit_exceeded/leftovers_loop.cpp", "e1.py": "partial/leftovers_loop.py",
                "y.cpp": "accepted/leftovers.cpp",
                "z.py": "accepted/leftovers.py"}


def helpers(tmp_path: Path, brute: bool = True) -> Helpers:
    (tmp_path / "gen.py").write_text(GENERATOR)
    (tmp_path / "valid.py").write_text(VALIDATOR)
    return Helpers(brute=SOLUTIONS / "accepted" / "leftovers.py" if brute else None, generator=tmp_path / "gen.py",
                   validator=tmp_path / "valid.py")


def run_select(tmp_path, pool, image, pool_dir, helper_files, name="run", **config):
    problem = load_problem(LEFTOVERS)
    files = read_pool(problem, pool_dir)
    result = select(problem, files, None, pool, image, tmp_path / name,
                    AgentConfig(**{**CONFIG, "submissions": 1, **config}), helper_files)
    return result.to_json()


def test_stress_tests_choose_the_right_program_with_one_submission(tmp_path, pool, image):
    pool_dir = make_pool(tmp_path / "pool", EVERY_FOLDER)
    blind = run_select(tmp_path, pool, image, pool_dir, None, name="blind")
    assert blind["score"] < 100  # every file passes the samples: without stress tests name order decides
    result = run_select(tmp_path, pool, image, pool_dir, helpers(tmp_path))
    assert result["score"] == 100 and result["submissions_used"] == 1
    events = {e["key"]: e["data"] for e in map(json.loads, (tmp_path / "run" / "journal.jsonl").open())
              if "key" in e}
    assert events["stress:pool.c1-cpp"]["failed"] == 1 and events["stress:pool.d1-cpp"]["failed"] == 1
    assert events["stress:pool.y-cpp"]["failed"] == 0


def test_clusters_choose_the_right_program_without_a_brute_force(tmp_path, pool, image):
    # two independent right programs agree; the wrong one, first in name order, stands alone
    pool_dir = make_pool(tmp_path / "pool", {"a.cpp": "wrong_answer/leftovers_int64.cpp",
                                             "m.cpp": "accepted/leftovers.cpp", "n.py": "accepted/leftovers.py"})
    blind = run_select(tmp_path, pool, image, pool_dir, None, name="blind")
    assert blind["score"] < 100
    result = run_select(tmp_path, pool, image, pool_dir, helpers(tmp_path, brute=False))
    assert result["score"] == 100


def test_bench_figures_are_reproducible_with_a_seed(tmp_path, pool, image, monkeypatch):
    import asyncio

    monkeypatch.setenv("CPSOLVE_CACHE", str(tmp_path / "cache"))
    problem = load_problem(APLUSB)
    files = read_pool(problem, APLUSB / "solutions")
    judged: list[str] = []

    def bench():
        rows = asyncio.run(bench_problem(problem, files, [1, 2], 5, 3, pool, image, None, log=judged.append,
                                         runs=2))
        return [r.to_json() for r in rows]

    first = bench()
    assert len(judged) == len(files)  # every candidate judged once on the official tests...
    assert bench() == first
    assert len(judged) == len(files)  # ...and the second run found them all in the cache
    by_budget = {r["budget"]: r for r in first}
    # accepted .cpp and .py get 100; the O(|b|) loop only "small" (30); int32 only "small" (30)
    assert by_budget[1]["oracle"] == 100 and by_budget[1]["random"] == 65.0
    assert by_budget[2]["random"] == pytest.approx((100 * 5 + 30) / 6, abs=0.01)
    for r in first:
        assert 0 <= r["ours"] <= r["oracle"] and 0 <= r["open_r1"] <= r["oracle"]
        assert r["efficiency"] == pytest.approx((r["ours"] - r["random"]) / (r["oracle"] - r["random"]), abs=0.01)


def test_cli_select_reports_bad_input_and_resumes(tmp_path):
    runner = CliRunner()
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.txt").write_text("not a program")
    r = runner.invoke(app, ["select", str(LEFTOVERS), str(empty)])
    assert r.exit_code == 2
    assert f"warning: {empty / 'notes.txt'}: not a candidate source" in r.output
    assert "the pool holds no candidate sources" in r.output

    pool_dir = make_pool(tmp_path / "pool", {"a.cpp": "wrong_answer/leftovers_int64.cpp",
                                             "b.cpp": "accepted/leftovers.cpp"})
    (pool_dir / "README.md").write_text("two programs")
    wrong_brute = tmp_path / "brute.py"  # leaves out day B: 3 instead of 7 on the first sample
    wrong_brute.write_text("n, a, b = map(int, input().split())\nprint(sum(n % k for k in range(a, b)))\n")
    r = runner.invoke(app, ["select", str(LEFTOVERS), str(pool_dir), "--brute", str(wrong_brute), "--out",
                            str(tmp_path / "refused"), "-j", "1"])
    assert r.exit_code == 2, r.output
    assert f"{wrong_brute}: brute: fails sample sample-1" in r.output

    (tmp_path / "gen.py").write_text(GENERATOR)
    args = ["select", str(LEFTOVERS), str(pool_dir), "--brute", str(SOLUTIONS / "accepted" / "leftovers.py"),
            "--generator", str(tmp_path / "gen.py"), "--submissions", "1", "--out", str(tmp_path / "run"), "-j", "1",
            "--json"]
    r = runner.invoke(app, args)
    assert r.exit_code == 0, r.output
    assert f"{pool_dir / 'README.md'}: not a candidate source" in r.output
    first = json.loads(r.stdout.strip().splitlines()[-1])
    assert first["score"] == 100 and first["run_dir"] == str(tmp_path / "run")
    r = runner.invoke(app, args)  # resumed: every step is found in the journal
    assert json.loads(r.stdout.strip().splitlines()[-1])["score"] == 100
    keys = [e["key"] for e in map(json.loads, (tmp_path / "run" / "journal.jsonl").open()) if "key" in e]
    assert len(keys) == len(set(keys))
    r = runner.invoke(app, ["report", str(tmp_path / "run")])
    assert r.exit_code == 0 and "leftovers" in r.stdout


def test_batch_selects_from_one_pool_per_problem(tmp_path):
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "leftovers").symlink_to(LEFTOVERS, target_is_directory=True)
    make_pool(tmp_path / "pools" / "leftovers", {"b.cpp": "accepted/leftovers.cpp"})
    (tmp_path / "pools" / "leftovers" / "run.log").write_text("generation log")
    r = CliRunner().invoke(app, ["batch", str(archive), "--pools", str(tmp_path / "pools"), "--out",
                                 str(tmp_path / "out"), "-j", "1", "--json"])
    assert r.exit_code == 0, r.output
    assert f"warning: {tmp_path / 'pools' / 'leftovers' / 'run.log'}: not a candidate source" in r.output
    report = json.loads(r.stdout.strip().splitlines()[-1])
    assert report["total"] == 100
    assert json.loads((tmp_path / "out" / "leftovers" / "result.json").read_text())["submissions_used"] == 1


def test_the_model_writes_the_helper_programs_not_given(tmp_path, pool, image):
    """With an endpoint and no helper files, the model writes the validator, the generator and two independent
    brute forces (one alone is never trusted), and nothing else: the candidates are the pool's."""
    import threading

    from solver.solve import Endpoint

    from .scripted_server import ScriptedServer
    from .test_agent import fenced

    brutes = [fenced((SOLUTIONS / "accepted" / "leftovers.py").read_text(), "python"),
              fenced((SOLUTIONS / "accepted" / "leftovers.cpp").read_text(), "cpp")]
    lock = threading.Lock()

    def answer(messages):
        prompt = messages[-1]["content"]
        if "Write a brute-force" in prompt:
            with lock:  # asked concurrently: each gets the next of two different programs
                return brutes.pop(0)
        if "random test generator" in prompt:
            return fenced(GENERATOR, "python")
        if "input validator" in prompt:
            return fenced(VALIDATOR, "python")
        raise AssertionError("select asks the model for helper programs only")

    problem = load_problem(LEFTOVERS)
    files = read_pool(problem, make_pool(tmp_path / "pool", EVERY_FOLDER))
    with ScriptedServer(answer) as server:
        result = select(problem, files, Endpoint(url=server.url), pool, image, tmp_path / "run",
                        AgentConfig(**CONFIG, submissions=1)).to_json()
        asked = [r["messages"][-1]["content"] for r in server.requests]
    kinds = sorted("brute" if "Write a brute-force" in p else "generator" if "random test generator" in p
                   else "validator" for p in asked)
    assert kinds == ["brute", "brute", "generator", "validator"]
    events = [json.loads(line) for line in (tmp_path / "run" / "journal.jsonl").read_text().splitlines()]
    setup = next(e["data"] for e in events if e.get("key") == "stress:setup")
    assert len(setup["reference"]["trusted"]) == 2 and setup["validator"] == 0 and setup["generator"] == 0
    assert result["score"] == 100 and result["submissions_used"] == 1
