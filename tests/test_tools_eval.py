"""`cpsolve eval --tools` end to end: the paper's tool line in the system prompt and the python tool offered, the
final answer's code judged, calls, tokens and sandbox seconds per problem reported, and a run killed with SIGKILL
mid-conversation resumed: finished conversations are not asked again, and the killed run's container goes."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from sandbox.container import LABEL
from solver.evaluation.tools import TOOL_LINE
from solver.tools.schemas import PYTHON

from .scripted_server import ScriptedServer, Turn, tool_results

pytestmark = pytest.mark.docker

ROOT = Path(__file__).resolve().parent.parent
ACCEPTED = (ROOT / "problems" / "aplusb" / "solutions" / "accepted" / "aplusb.cpp").read_text()


class HeldSecondConversation:
    """Each conversation reads the first sample, checks it, then answers with the accepted solution; the second
    conversation to start waits at its first turn until released (so a run can be killed inside it)."""

    def __init__(self):
        self.release = threading.Event()
        self.starts = 0
        self.lock = threading.Lock()

    def __call__(self, messages: list[dict]) -> Turn:
        results = tool_results(messages)
        if not results:
            with self.lock:
                self.starts += 1
                held = self.starts == 2
            if held:
                self.release.wait(60)
            return Turn(thought="Look at the sample.",
                        calls=[("python", {"code": "data = open('/work/samples/sample-1.in').read().split()"})])
        if len(results) == 1:
            return Turn(calls=[("python", {"code": "print(len(data))"})])
        return Turn(thought=f"The sample has {results[-1].strip()} numbers.", answer=f"```cpp\n{ACCEPTED}\n```")


def journal_keys(run_dir: Path) -> list[str]:
    path = run_dir / "journal.jsonl"
    if not path.exists():
        return []
    keys = []
    for line in path.read_text().splitlines():
        try:
            keys.append(json.loads(line).get("key") or "")
        except ValueError:
            pass  # a line cut by the kill
    return keys


def test_eval_tools_reports_and_resumes_after_sigkill(tmp_path, docker_image):
    client, _ = docker_image
    script = HeldSecondConversation()
    out = tmp_path / "out"
    args = [sys.executable, "-m", "solver.cli.main", "eval", str(ROOT / "problems"), "--only", "aplusb", "--samples", "2",
            "--k", "1,2", "--tools", "--out", str(out), "-j", "1"]
    with ScriptedServer(script) as server:
        first = subprocess.Popen(args + ["--endpoint", server.url], cwd=ROOT, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.PIPE)
        deadline = time.time() + 120
        while "judge:0" not in journal_keys(out / "aplusb") and "judge:1" not in journal_keys(out / "aplusb"):
            assert first.poll() is None and time.time() < deadline, first.stderr.read().decode()[-2000:]
            time.sleep(0.2)
        while script.starts < 2:  # the second conversation is under way (held at its first turn)
            time.sleep(0.1)
        first.send_signal(signal.SIGKILL)
        first.wait()
        requests_before = len(server.requests)
        script.release.set()
        again = subprocess.run(args + ["--endpoint", server.url, "--resume"], cwd=ROOT, capture_output=True,
                               text=True, timeout=300)
    assert again.returncode == 0, again.stderr[-3000:]
    # only the killed conversation was redone: three turns, from its start
    assert len(server.requests) - requests_before == 3
    assert script.starts == 3
    first_request = server.requests[0]
    assert first_request["messages"][0]["role"] == "system"
    assert first_request["messages"][0]["content"].endswith(TOOL_LINE.format(max_calls=100))
    assert first_request["tools"] == [PYTHON]
    result = json.loads((out / "aplusb" / "result.json").read_text())
    assert result["eval"]["solved"] == 2 and result["score"] == 100
    assert result["tools"]["calls"] == 4 and result["tools"]["turns"] == 6 and result["tools"]["sandbox_s"] > 0
    assert result["tokens"]["prompt"] > result["tokens"]["completion"] > 0
    assert "| aplusb | 2 | 4 | 6 |" in again.stdout
    samples = [json.loads(line) for line in (out / "aplusb" / "journal.jsonl").read_text().splitlines()
               if json.loads(line).get("type") == "sample"]
    assert sorted(s["key"] for s in samples) == ["sample:0", "sample:1"]
    # the killed run's session container is removed (stale-container cleanup at the resumed run's start)
    mine = [c for c in client.containers.list(all=True, filters={"label": LABEL}, ignore_removed=True)
            if c.labels.get(f"{LABEL}.owner", "").endswith(f":{first.pid}")]
    assert mine == []
