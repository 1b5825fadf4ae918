"""`cpsolve batch --ray` on a real Ray cluster started here: a head (the agent, no CPUs for Ray) and two worker
nodes as separate processes on 127.0.0.1, each judging in its own pool of sandbox containers. The archive and the
scripted model are test_batch's, so the one-machine run there is the reference: the cluster must reach the same
points, subtasks, submissions and tokens, also when a worker node is killed mid-run, and when one of two model
servers goes away mid-run."""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

try:
    import ray  # noqa: F401
except ImportError:
    # like Docker: CI installs the extra (scripts/setup.sh), so there a missing Ray is a failure
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        raise
    pytest.skip("the Ray tests need the optional extra: pip install 'cpsolve[ray]'", allow_module_level=True)

from .scripted_server import ScriptedServer  # noqa: E402
from .ray_cluster import LocalRayCluster, driver_env  # noqa: E402
from .test_batch import (AGENT_YAML, ArchiveScript, comparable, journal, make_archive,  # noqa: E402,F401
                         reference_run, report_json)

pytestmark = pytest.mark.docker

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def cluster(docker_image):
    with LocalRayCluster(workers=2, cpus=1) as c:
        try:
            yield c
        finally:
            from sandbox.container import remove_stale_containers

            # a killed node cannot remove its containers; their owner process is gone, so this does
            remove_stale_containers(docker_image[0])


def ray_batch(archive: Path, out: Path, cluster: LocalRayCluster, *extra: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "solver.cli.main", "batch", str(archive), "--out", str(out),
                             "--config", str(out.parent / "agent.yaml"), "-j", "1", "--parallel", "2", "--json",
                             "--ray", cluster.address, *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
                            env=driver_env(), start_new_session=True)


def finish(proc: subprocess.Popen, timeout: float = 400) -> tuple[str, str]:
    try:
        stdout, stderr = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        stdout, stderr = proc.communicate()
    assert proc.returncode == 0, stderr[-4000:]
    return stdout, stderr


def setup_run(tmp_path: Path) -> tuple[Path, Path]:
    archive = make_archive(tmp_path)
    (tmp_path / "agent.yaml").write_text(AGENT_YAML)
    return archive, tmp_path / "out"


def test_batch_on_two_nodes_matches_one_machine(cluster, reference_run, tmp_path):
    archive, out = setup_run(tmp_path)
    with ScriptedServer(ArchiveScript(delay=0.05)) as server:
        stdout, stderr = finish(ray_batch(archive, out, cluster, "--endpoint", server.url))
    assert stderr.count("1 sandbox workers") == 2, stderr[-3000:]  # both worker nodes joined, the head did not
    calls = [int(n) for n in re.findall(r"\): (\d+) sandbox calls", stderr)]
    assert len(calls) == 2 and min(calls) > 0, stderr[-3000:]  # and both judged
    rep = report_json(out)
    assert json.loads(stdout.strip().splitlines()[-1]) == rep
    assert comparable(rep) == comparable(reference_run["report"])
    assert rep["total"] == 150


def test_head_killed_then_resume_on_the_cluster(cluster, reference_run, tmp_path):
    """The run directory on the head is the record: a batch SIGKILLed mid-run (its node actors die with it)
    resumes with --ray and ends where the one-machine run did, redoing no finished step."""
    archive, out = setup_run(tmp_path)
    script = ArchiveScript(delay=0.05, distinct_delay=0.5)
    with ScriptedServer(script) as server:
        victim = ray_batch(archive, out, cluster, "--endpoint", server.url)
        deadline = time.time() + 300
        while time.time() < deadline and victim.poll() is None:
            if sum(e.get("type") == "model_call" for e in journal(out / "distinct")) >= 3:
                break
            time.sleep(0.05)
        assert victim.poll() is None, "the batch ended before the kill: raise the scripted delay"
        os.killpg(victim.pid, signal.SIGKILL)
        victim.communicate()
        assert not (out / "distinct" / "result.json").exists()
        script.delay = script.distinct_delay = 0.0
        finish(ray_batch(archive, out, cluster, "--endpoint", server.url, "--resume"))
    assert comparable(report_json(out)) == comparable(reference_run["report"])
    for name in ("aplusb", "distinct"):
        keys = [e["key"] for e in journal(out / name) if "key" in e]
        assert len(keys) == len(set(keys)), f"{name}: a finished step was done twice"


def test_two_model_servers_one_killed_mid_run(cluster, reference_run, tmp_path):
    archive, out = setup_run(tmp_path)
    script = ArchiveScript(delay=0.3)
    with ScriptedServer(script) as survivor:
        victim = ScriptedServer(script).__enter__()
        proc = ray_batch(archive, out, cluster, "--endpoint", victim.url, "--endpoint", survivor.url)
        deadline = time.time() + 300
        while time.time() < deadline and proc.poll() is None and len(victim.requests) < 3:
            time.sleep(0.05)
        assert proc.poll() is None and len(victim.requests) >= 3, "the batch ended before the kill"
        victim.__exit__()  # that server is gone for the rest of the run
        served_before = len(survivor.requests)
        stdout, stderr = finish(proc)
    assert len(survivor.requests) > served_before  # the rest went to the one left
    assert comparable(report_json(out)) == comparable(reference_run["report"])


def test_bench_judge_compares_one_node_with_two(cluster):
    done = subprocess.run([sys.executable, "-m", "solver.cli.main", "bench", "judge", "--ray", cluster.address, "--json"],
                          capture_output=True, text=True, cwd=ROOT, env=driver_env(), timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    figures = json.loads(done.stdout)
    assert figures["workers_1_node"] == 1 and figures["workers_2_nodes"] == 2
    assert figures["tests_per_s_1_node"] > 0 and figures["tests_per_s_2_nodes"] > 0
    assert figures["two_vs_one_node_ratio"] == round(figures["tests_per_s_2_nodes"] / figures["tests_per_s_1_node"], 2)


def test_bad_address_is_one_line(tmp_path):
    archive, out = setup_run(tmp_path)
    done = subprocess.run([sys.executable, "-m", "solver.cli.main", "batch", str(archive), "--out", str(out),
                           "--endpoint", "http://127.0.0.1:9/v1", "--ray", "127.0.0.1:9"],
                          capture_output=True, text=True, cwd=ROOT, env=driver_env(), timeout=300)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines()[-1].startswith("error: --ray 127.0.0.1:9: "), done.stderr[-2000:]


def test_worker_node_killed_mid_run(cluster, reference_run, tmp_path):
    archive, out = setup_run(tmp_path)
    # distinct's answers come slowly, so the kill lands while both problems still have sandbox work to do
    with ScriptedServer(ArchiveScript(delay=0.05, distinct_delay=0.5)) as server:
        proc = ray_batch(archive, out, cluster, "--endpoint", server.url)
        deadline = time.time() + 300
        while time.time() < deadline and proc.poll() is None:
            if sum(e.get("type") == "model_call" for e in journal(out / "distinct")) >= 3:
                break
            time.sleep(0.05)
        assert proc.poll() is None, "the batch ended before the kill: raise the scripted delay"
        cluster.kill_worker(0)
        stdout, stderr = finish(proc)
    assert "lost: its calls run again elsewhere" in stderr, stderr[-3000:]
    rep = report_json(out)
    assert comparable(rep) == comparable(reference_run["report"])
    for name in ("aplusb", "distinct"):
        keys = [e["key"] for e in journal(out / name) if "key" in e]
        assert len(keys) == len(set(keys)), f"{name}: a finished step was done twice"


def test_a_dataset_file_is_refused_with_one_line(tmp_path):
    """Dataset problems live in caches on the head, not in a package folder a node could copy: one line."""
    done = subprocess.run([sys.executable, "-m", "solver.cli.main", "batch", str(ROOT / "tests" / "datasets" /
                                                                          "livecodebench.jsonl"),
                           "--out", str(tmp_path / "out"), "--endpoint", "http://127.0.0.1:9/v1", "--ray", "auto"],
                          capture_output=True, text=True, cwd=ROOT, env=driver_env(), timeout=300)
    assert done.returncode == 2
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("error: ") and "livecodebench problem" in last and "without --ray" in last, done.stderr
