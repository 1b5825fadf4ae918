"""`cpsolve batch` end to end: a two-day archive (copies of problems/aplusb and problems/distinct), a scripted model
that answers by what it is asked, the real sandbox and judge. Concurrency, SIGKILL and --resume, --only, a reused
output folder, and --solutions judged exactly as `cpsolve verify` judges the same files."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from .scripted_server import ScriptedServer, Status
from .test_agent import BRUTE, CORRECT, GENERATOR, INT32, NEG_BUG, fenced

pytestmark = pytest.mark.docker

ROOT = Path(__file__).resolve().parent.parent
PROBLEMS = ROOT / "problems"

# ------------------------------------------------------------------ the scripted model, for both problems

# the naive formula: 1 - 1/n rounds to 1 for n near 10^18 -> fails the big sample and the huge subtask only
D_POW = fenced("#include <bits/stdc++.h>\nint main(){int t;scanf(\"%d\",&t);while(t--){long long n,k;"
               "scanf(\"%lld %lld\",&n,&k);printf(\"%.12g\\n\",(double)n*(1-pow(1-1.0/n,(double)k)));}}")
D_BRUTE = fenced((PROBLEMS / "distinct" / "solutions" / "accepted" / "distinct.py").read_text(), "python")
D_GENERATOR = fenced("import random, sys\nseed, n = int(sys.argv[1]), int(sys.argv[2])\nrandom.seed(seed)\n"
                     "t = random.randint(1, max(1, n))\nprint(t)\nfor _ in range(t):\n"
                     "    print(random.randint(1, 30), random.randint(1, 30))", "python")

AGENT_YAML = "drafts_per_target: 1\nstress_tests: 6\ncluster_tests: 3\nlarge_tests: 0\nrounds: 1\nlineages_per_round: 1\n"


class ArchiveScript:
    """A deterministic model for the archive: the answer depends only on the prompt, so an interrupted run and its
    resumption see the same answers as an uninterrupted run. aplusb: the full draft has a sign bug (the stress
    test finds it; its repairs overflow on big values), the draft for subtask "big" is right: 0 points at the first
    submission, 100 at the second. distinct: the naive formula everywhere, which fails the big sample and the huge
    subtask: 50 (small and medium) at the first submission."""

    def __init__(self, delay: float = 0.0, distinct_delay: float | None = None):
        self.delay = delay
        self.distinct_delay = delay if distinct_delay is None else distinct_delay
        self.lock = threading.Lock()
        self.per_problem = {"aplusb": 0, "distinct": 0}

    def __call__(self, messages: list[dict]) -> str:
        prompt = messages[-1]["content"]
        distinct = "Distinct Faces" in prompt
        time.sleep(self.distinct_delay if distinct else self.delay)
        with self.lock:
            self.per_problem["distinct" if distinct else "aplusb"] += 1
        if "Write a brute-force" in prompt:
            return D_BRUTE if distinct else BRUTE
        if "random test generator" in prompt:
            return D_GENERATOR if distinct else GENERATOR
        if distinct:
            return D_POW
        if "## What went wrong" in prompt:
            return INT32
        if 'full points on subtask "big"' in prompt:
            return CORRECT
        if 'full points on subtask "' in prompt:
            return INT32
        return NEG_BUG


def make_archive(root: Path) -> Path:
    """A contest folder as people have them: day1/aplusb, day2/distinct (packages found recursively)."""
    archive = root / "contest"
    for day, name in (("day1", "aplusb"), ("day2", "distinct")):
        shutil.copytree(PROBLEMS / name, archive / day / name, ignore=shutil.ignore_patterns("__pycache__"))
    return archive


def cli(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "solver.cli.main", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=timeout)


def batch_popen(archive: Path, url: str, out: Path, *extra: str) -> subprocess.Popen:
    # its own process group, so the SIGKILL below reaches the whole batch at once
    return subprocess.Popen([sys.executable, "-m", "solver.cli.main", "batch", str(archive), "--endpoint", url,
                             "--out", str(out), "--config", str(out.parent / "agent.yaml"), "-j", "2",
                             "--parallel", "2", *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
                            start_new_session=True)


def report_json(out: Path) -> dict:
    done = cli("report", str(out), "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def journal(run_dir: Path) -> list[dict]:
    path = run_dir / "journal.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def model_calls(out: Path) -> int:
    return sum(e.get("type") == "model_call" for d in ("aplusb", "distinct") for e in journal(out / d))


def comparable(rep: dict) -> dict:
    """Everything but wall time: points, subtasks and which submission earned them, submissions, tokens."""
    return {**rep, "problems": [{k: v for k, v in p.items() if k != "wall_s"} for p in rep["problems"]]}


# ------------------------------------------------------------------ model runs

@pytest.fixture(scope="module")
def reference_run(tmp_path_factory, docker_image):
    """One uninterrupted batch run over the archive, with --parallel 2."""
    root = tmp_path_factory.mktemp("batch-ref")
    archive = make_archive(root)
    (root / "agent.yaml").write_text(AGENT_YAML)
    script = ArchiveScript(delay=0.05)
    with ScriptedServer(script) as server:
        proc = batch_popen(archive, server.url, root / "out", "--json")
        stdout, stderr = proc.communicate(timeout=300)
        assert proc.returncode == 0, stderr[-3000:]
        requests = len(server.requests)
    return {"root": root, "archive": archive, "out": root / "out", "stdout": stdout, "requests": requests,
            "script": script, "report": report_json(root / "out")}


def test_batch_runs_problems_concurrently(reference_run):
    out = reference_run["out"]
    rep = reference_run["report"]
    # the --json summary the batch printed is the report
    assert json.loads(reference_run["stdout"].strip().splitlines()[-1]) == rep
    assert [p["problem"] for p in rep["problems"]] == ["aplusb", "distinct"]
    assert reference_run["script"].per_problem["aplusb"] > 0 and reference_run["script"].per_problem["distinct"] > 0
    for p in rep["problems"]:
        assert (out / p["problem"] / "result.json").exists()
        assert p["max_score"] == 100 and p["submissions_used"] >= 1, p
        assert p["tokens"]["completion"] > 0
    subtasks = {p["problem"]: {s["name"]: (s["score"], s["submission"]) for s in p["subtasks"]}
                for p in rep["problems"]}
    assert subtasks["aplusb"] == {"samples": (0, None), "small": (30, 2), "big": (30, 2), "many": (40, 2)}
    assert subtasks["distinct"] == {"samples": (0, None), "small": (20, 1), "medium": (30, 1), "huge": (0, None)}
    assert rep["total"] == 150 and rep["max_total"] == 200  # aplusb 100, distinct 50 (no huge)
    # every model call is in the batch's usage log, as solve keeps one
    usage = (out / "usage.jsonl").read_text().splitlines()
    assert len(usage) == reference_run["requests"] and all(json.loads(u)["completion_tokens"] > 0 for u in usage)
    # both problems were in progress at the same time: their journals interleave in time
    spans = []
    for name in ("aplusb", "distinct"):
        times = [e["t"] for e in journal(out / name)]
        spans.append((min(times), max(times)))
    (a0, a1), (b0, b1) = spans
    assert a0 < b1 and b0 < a1, f"the problems ran one after the other: {spans}"


def test_sigkill_then_resume_matches_an_uninterrupted_run(reference_run, tmp_path):
    archive = make_archive(tmp_path)
    (tmp_path / "agent.yaml").write_text(AGENT_YAML)
    out = tmp_path / "out"
    # distinct's answers come slowly, so the kill lands when aplusb is finished and distinct is half way
    script = ArchiveScript(delay=0.05, distinct_delay=1.0)
    with ScriptedServer(script) as server:
        victim = batch_popen(archive, server.url, out)
        deadline = time.time() + 240
        while time.time() < deadline and victim.poll() is None:
            if (out / "aplusb" / "result.json").exists() and \
                    sum(e.get("type") == "model_call" for e in journal(out / "distinct")) >= 4:
                break
            time.sleep(0.05)
        assert victim.poll() is None, "the batch ended before the kill: raise the scripted delay"
        os.killpg(victim.pid, signal.SIGKILL)  # the whole process group, at once
        victim.wait()
        journaled = model_calls(out)
        requests_before = len(server.requests)
        assert not (out / "distinct" / "result.json").exists()
        finished = {p: (out / "aplusb" / p).read_bytes() for p in ("result.json", "journal.jsonl")}

        # the same folder again without --resume: one clear line, nothing touched
        again = cli("batch", str(archive), "--endpoint", server.url, "--out", str(out), "--config",
                    str(tmp_path / "agent.yaml"))
        assert again.returncode == 2
        assert again.stderr.strip().splitlines() == [f"error: {out} already holds a batch run: pass --resume to "
                                                     f"continue it, or another --out"]
        assert model_calls(out) == journaled and len(server.requests) == requests_before

        script.delay = script.distinct_delay = 0.0
        resumed = batch_popen(archive, server.url, out, "--resume", "--json")
        stdout, stderr = resumed.communicate(timeout=300)
        assert resumed.returncode == 0, stderr[-3000:]
        requests_after = len(server.requests) - requests_before

    final = report_json(out)
    assert json.loads(stdout.strip().splitlines()[-1]) == final
    assert comparable(final) == comparable(reference_run["report"])
    # the problem finished before the kill was read back, not redone
    assert {p: (out / "aplusb" / p).read_bytes() for p in finished} == finished
    for name in ("aplusb", "distinct"):
        keys = [e["key"] for e in journal(out / name) if "key" in e]
        assert len(keys) == len(set(keys)), f"{name}: a finished step was done twice"
    # the resumed run asked the model only what the journal did not hold: together the two runs asked at most
    # the requests in flight at the kill more than the uninterrupted run
    in_flight = requests_before - journaled
    assert requests_after == reference_run["requests"] - journaled
    assert requests_before + requests_after <= reference_run["requests"] + in_flight


def test_only_filters_problems(tmp_path, docker_image):
    archive = make_archive(tmp_path)
    (tmp_path / "agent.yaml").write_text(AGENT_YAML)
    out = tmp_path / "out"
    script = ArchiveScript()
    with ScriptedServer(script) as server:
        proc = batch_popen(archive, server.url, out, "--only", "distinct", "--json")
        stdout, stderr = proc.communicate(timeout=300)
        assert proc.returncode == 0, stderr[-3000:]
        rep = json.loads(stdout.strip().splitlines()[-1])
        assert [p["problem"] for p in rep["problems"]] == ["distinct"]
        assert script.per_problem["aplusb"] == 0 and script.per_problem["distinct"] > 0
        assert not (out / "aplusb").exists()

        # resuming with another --only adds that problem to the run; the one already done stays in the report
        asked = dict(script.per_problem)
        proc = batch_popen(archive, server.url, out, "--resume", "--only", "aplusb", "--json")
        stdout, stderr = proc.communicate(timeout=300)
        assert proc.returncode == 0, stderr[-3000:]
    rep = json.loads(stdout.strip().splitlines()[-1])
    assert sorted(p["problem"] for p in rep["problems"]) == ["aplusb", "distinct"]
    assert script.per_problem["distinct"] == asked["distinct"] and script.per_problem["aplusb"] > 0
    assert rep == report_json(out)


# ------------------------------------------------------------------ --solutions: another system's files, no model

# right only when some value is beyond 1000: "big" but neither "small" nor "many" (INT32 is the reverse on small),
# so only the IOI rule (per subtask, the best over submissions) adds the two up
BIG_ONLY = ("#include <bits/stdc++.h>\nint main(){int t;std::cin>>t;std::vector<long long>a(t),b(t);bool big=false;"
            "for(int i=0;i<t;i++){std::cin>>a[i]>>b[i];big|=std::llabs(a[i])>1000||std::llabs(b[i])>1000;}"
            "for(int i=0;i<t;i++)std::cout<<a[i]+b[i]+(big?0:1)<<'\\n';}\n")
BROKEN = "int main() { return missing; }\n"


def code(answer: str) -> str:
    return answer.split("```", 2)[1].split("\n", 1)[1]


def test_solutions_mode_scores_as_verify_does(tmp_path, docker_image):
    archive = make_archive(tmp_path)
    files = {  # problem -> {(folder in the package's solutions/, where in --solutions DIR): source}
        "aplusb": {("wrong_answer", "aplusb/int32.cpp"): code(INT32), ("wrong_answer", "aplusb/big_only.cpp"):
                   BIG_ONLY, ("wrong_answer", "aplusb/broken.cpp"): BROKEN},
        "distinct": {("partial", "distinct.cpp"): code(D_POW),
                     ("wrong_answer", "distinct/distinct_intdiv.cpp"):
                         (PROBLEMS / "distinct/solutions/wrong_answer/distinct_intdiv.cpp").read_text()},
    }
    solutions = tmp_path / "solutions"
    verified: dict[str, dict[str, dict]] = {}
    for day, (problem, entries) in zip(("day1", "day2"), files.items()):
        package = archive / day / problem
        shutil.rmtree(package / "solutions")
        for (expected, where), source in entries.items():
            for path in (package / "solutions" / expected / Path(where).name, solutions / where):
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(source)
        done = cli("verify", str(package), "--json", "-j", "2")
        assert done.returncode == 0, done.stdout + done.stderr
        verified[problem] = {Path(s["file"]).name: {t["name"]: t["score"] for t in s["subtasks"]}
                             for s in json.loads(done.stdout)["solutions"]}

    missing = cli("batch", str(archive), "--solutions", str(tmp_path / "nowhere"), "--out", str(tmp_path / "out"))
    assert missing.returncode == 2 and missing.stderr.strip() == f"error: {tmp_path / 'nowhere'}: no such folder"

    done = cli("batch", str(archive), "--solutions", str(solutions), "--out", str(tmp_path / "out"), "--json",
               "-j", "2")
    assert done.returncode == 0, done.stderr
    rep = json.loads(done.stdout.strip().splitlines()[-1])
    assert rep == report_json(tmp_path / "out")
    by_problem = {p["problem"]: p for p in rep["problems"]}
    for problem, per_file in verified.items():
        result = json.loads((tmp_path / "out" / problem / "result.json").read_text())
        compiled = {h["candidate"]: h["subtasks"] for h in result["history"]}
        # each file scored exactly as verify scored it; a file that does not compile is not a submission
        assert compiled == {name: scores for name, scores in per_file.items() if name != "broken.cpp"}
        p = by_problem[problem]
        assert p["submissions_used"] == len(compiled)
        assert p["tokens"] == {"prompt": 0, "completion": 0}
        best = {name: max(scores[name] for scores in per_file.values()) for name in next(iter(per_file.values()))}
        assert {s["name"]: s["score"] for s in p["subtasks"]} == best
        assert p["score"] == sum(best.values())
    # the IOI rule across files: int32 banks small, big_only banks big, neither alone gets more than 30
    assert {s["name"]: s["score"] for s in by_problem["aplusb"]["subtasks"]} == \
        {"samples": 0, "small": 30, "big": 30, "many": 0}
    assert max(sum(s.values()) for s in verified["aplusb"].values()) == 30
    assert by_problem["distinct"]["score"] == 50
    assert rep["total"] == 110 and rep["max_total"] == 200


def test_batch_takes_the_same_overrides_as_solve(tmp_path, docker_image):
    """--submissions 1: aplusb's first submission (the sign bug) is its last, as `solve --submissions 1` would.
    (No --task-time: under the clock policy a run drafts until its clock ends.)"""
    archive = make_archive(tmp_path)
    (tmp_path / "agent.yaml").write_text(AGENT_YAML)
    with ScriptedServer(ArchiveScript()) as server:
        done = cli("batch", str(archive), "--only", "aplusb", "--endpoint", server.url, "--out", str(tmp_path / "out"),
                   "--config", str(tmp_path / "agent.yaml"), "--submissions", "1", "--json")
        assert done.returncode == 0, done.stderr[-3000:]
        requests = len(server.requests)
    # the start-up line names what the endpoint serves and the per-call budget; no context reported: a warning
    assert "model scripted-model; recipe none; per call 32,768 tokens (default); context unknown" in done.stderr
    assert "warning: " in done.stderr and "reports no max_model_len for scripted-model" in done.stderr
    rep = json.loads(done.stdout.strip().splitlines()[-1])
    assert [(p["problem"], p["submissions_used"], p["score"]) for p in rep["problems"]] == [("aplusb", 1, 0)]
    assert len((tmp_path / "out" / "usage.jsonl").read_text().splitlines()) == requests
    bad = cli("batch", str(archive), "--endpoint", server.url, "--out", str(tmp_path / "bad"), "--submissions", "0")
    assert bad.returncode == 2 and bad.stderr.startswith("error: ") and "submissions" in bad.stderr


class DistinctRefused(ArchiveScript):
    """aplusb as in ArchiveScript; every call about distinct is refused (a 400: no retry can help)."""

    def __call__(self, messages: list[dict]):
        if "Distinct Faces" in messages[-1]["content"]:
            with self.lock:
                self.per_problem["distinct"] += 1
            return Status(400, "scripted refusal for distinct")
        return super().__call__(messages)


def test_a_failed_problem_is_tried_once_more_after_the_others(tmp_path, docker_image):
    archive = make_archive(tmp_path)
    (tmp_path / "agent.yaml").write_text(AGENT_YAML + "max_model_errors: 1\n")
    out = tmp_path / "out"
    with ScriptedServer(DistinctRefused()) as server:
        proc = batch_popen(archive, server.url, out)
        stdout, stderr = proc.communicate(timeout=300)
    assert proc.returncode == 1, stderr[-3000:]
    # reported failed, with both tries' cause; the other problem in full
    said = " ".join((stdout + stderr).split())  # the console wraps long lines
    assert "distinct: failed (tried 2 times): ModelError:" in said and "scripted refusal for distinct" in said
    assert json.loads((out / "aplusb" / "result.json").read_text())["score"] == 100
    assert not (out / "distinct" / "result.json").exists()
    # the second try went on in the first one's folder (each try ends at a failed lineage: both are journaled),
    # whose journal stays for --resume
    assert sum(e.get("type") == "lineage_failed" for e in journal(out / "distinct")) >= 2
