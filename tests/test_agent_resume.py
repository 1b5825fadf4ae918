"""A run killed in any phase resumes to the same result, and a run directory refuses to be resumed with another
model or strategy. The real CLI in a subprocess, the scripted model, the real sandbox."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .scripted_server import ScriptedServer
from .docker_hold import DockerHold, JournalHas
from .test_agent import APLUSB, INT32, NEG_BUG, ROOT, Script, _solve_subprocess, journal

pytestmark = pytest.mark.docker

CONFIG = "drafts_per_target: 2\nstress_tests: 10\ncluster_tests: 3\nlarge_tests: 0\nrounds: 1\nlineages_per_round: 1\n"
FIELDS = ("score", "max_score", "subtasks", "submissions_used")
# a phase has begun once the journal holds an event of this type; each is followed by sandbox work (judging a
# candidate, a repair, the second submission) that the run needs before it can end
PHASES = {"drafting": "model_call", "stress": "stress", "submitting": "submission"}


def _finish(proc: subprocess.Popen) -> dict:
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err.decode()[-2000:]
    return json.loads(out.decode().strip().splitlines()[-1])


def _kill_in_phase(url: str, run_dir: Path, event_type: str) -> None:
    """Start a run whose Docker traffic stops once its journal holds EVENT_TYPE, and SIGKILL it there: the run
    cannot end before the kill (it cannot judge or remove its containers), however loaded the machine is."""
    run_dir.mkdir()
    log = run_dir.parent / f"{run_dir.name}.log"
    with DockerHold(JournalHas(run_dir / "journal.jsonl", event_type)) as hold, log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "solver.cli.main", "solve", str(APLUSB), "--endpoint", url,
                                 "--out", str(run_dir), "--json", "--config", str(run_dir.parent / "agent.yaml"),
                                 "-j", "1"], stdout=out, stderr=subprocess.STDOUT, cwd=ROOT,
                                env={**os.environ, "DOCKER_HOST": hold.url})
        try:
            while not hold.holding.wait(0.2):
                assert proc.poll() is None, f"the run ended before the phase to kill it in:\n{log.read_text()[-2000:]}"
        finally:
            proc.kill()
            proc.wait()


def test_resume_after_sigkill_in_each_phase_gives_the_same_result(tmp_path, docker_image):
    (tmp_path / "agent.yaml").write_text(CONFIG)
    # repairs never reach full score, so every candidate gets submitted (two submissions)
    script = Script({"full": NEG_BUG, "small": INT32, "big": NEG_BUG}, repair=INT32)
    with ScriptedServer(script) as server:
        reference = _finish(_solve_subprocess(server.url, tmp_path / "ref"))
        for phase, event_type in PHASES.items():
            run_dir = tmp_path / phase
            _kill_in_phase(server.url, run_dir, event_type)
            assert not any(e.get("type") == "session_end" for e in journal(run_dir)), phase
            result = _finish(_solve_subprocess(server.url, run_dir))
            keys = [e["key"] for e in journal(run_dir) if "key" in e]
            assert len(keys) == len(set(keys)), f"{phase}: a finished step was done twice"
            for field in FIELDS:
                assert result[field] == reference[field], (phase, field)


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "solver.cli.main", "solve", str(APLUSB), *args], capture_output=True,
                          cwd=ROOT, timeout=600)


def test_resuming_with_another_model_or_strategy_is_refused_in_one_line(tmp_path, docker_image):
    (tmp_path / "agent.yaml").write_text(CONFIG)
    (tmp_path / "other.yaml").write_text(CONFIG.replace("drafts_per_target: 2", "drafts_per_target: 3"))
    run_dir = tmp_path / "run"
    script = Script({"full": INT32, "small": INT32, "big": INT32}, repair=INT32)
    with ScriptedServer(script) as server:
        first = _cli("--endpoint", server.url, "--out", str(run_dir), "--config", str(tmp_path / "agent.yaml"),
                     "--json", "-j", "1")
        assert first.returncode == 0, first.stderr.decode()[-2000:]
        before = (run_dir / "journal.jsonl").read_bytes()
        other_config = _cli("--endpoint", server.url, "--out", str(run_dir), "--config", str(tmp_path / "other.yaml"))
        # a budget is not part of the strategy: a resume may extend it (the clock policy drafts until it ends)
        longer = _cli("--endpoint", server.url, "--out", str(run_dir), "--config", str(tmp_path / "agent.yaml"),
                      "--task-time", "12", "-j", "1")
    with ScriptedServer(script, model="another-model") as server:
        other_model = _cli("--endpoint", server.url, "--out", str(run_dir), "--config", str(tmp_path / "agent.yaml"))
    for refused, field in ((other_config, "config.drafts_per_target"), (other_model, "model")):
        assert refused.returncode == 2
        # before it at most the start-up line naming the model the server serves (and its warning), no traceback
        *told, error = refused.stderr.decode().strip().splitlines()
        assert error.startswith("error: ") and f"run.json: {field}:" in error, told + [error]
        assert all(line.startswith(("model ", "warning: ")) for line in told), told
    assert "'scripted-model'" in other_model.stderr.decode() and "'another-model'" in other_model.stderr.decode()
    assert longer.returncode == 0, longer.stderr.decode()[-2000:]
    assert (run_dir / "journal.jsonl").read_bytes().startswith(before)


def test_a_resume_that_finds_the_clock_spent_keeps_the_earlier_submissions(tmp_path, docker_image):
    """A resume whose task time is already used up by the earlier session drafts nothing; the submissions that
    session made are still the run's (their candidates come back from the journal, not from lineages that no
    longer run). It lost them before: score 0, no submission."""
    (tmp_path / "agent.yaml").write_text(CONFIG)
    run_dir = tmp_path / "run"
    script = Script({"full": INT32, "small": INT32, "big": INT32}, repair=INT32)
    with ScriptedServer(script) as server:
        first = _cli("--endpoint", server.url, "--out", str(run_dir), "--config", str(tmp_path / "agent.yaml"),
                     "--json", "-j", "1")
        assert first.returncode == 0, first.stderr.decode()[-2000:]
        earlier = json.loads((run_dir / "result.json").read_text())
        resumed = _cli("--endpoint", server.url, "--out", str(run_dir), "--config", str(tmp_path / "agent.yaml"),
                       "--task-time", "1", "--json", "-j", "1")
    assert resumed.returncode == 0, resumed.stderr.decode()[-2000:]
    again = json.loads((run_dir / "result.json").read_text())
    assert earlier["submissions_used"] >= 1 and earlier["score"] > 0
    assert {k: again[k] for k in ("score", "submissions_used", "subtasks")} == \
        {k: earlier[k] for k in ("score", "submissions_used", "subtasks")}
