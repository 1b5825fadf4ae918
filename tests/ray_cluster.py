"""A real Ray cluster on this machine for tests (test code only): a head and worker nodes as separate `ray start
--block` processes, every address on 127.0.0.1.

Ray turns a loopback address given to `ray start` into the machine's outward IP (so other machines could reach
it); `ray_node.py` keeps the address as given, and drivers get `RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER=0`, which makes
Ray pick the loopback address for them too. Every process is stopped by process group on exit, failure included.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE = Path(__file__).with_name("ray_node.py")

#: a lost node is declared dead after about period x threshold (Ray's default is tens of seconds); generous
#: enough that a busy 2-core machine does not lose a live node
HEALTH = {"RAY_health_check_period_ms": "1000", "RAY_health_check_timeout_ms": "3000",
          "RAY_health_check_failure_threshold": "5"}


def driver_env() -> dict:
    """The environment for a process that connects to the cluster (cpsolve itself)."""
    return {**os.environ, "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER": "0", "RAY_USAGE_STATS_ENABLED": "0",
            "PYTHONPATH": str(ROOT)}


class LocalRayCluster:
    def __init__(self, workers: int = 2, cpus: int = 1):
        self.tmp = Path(tempfile.mkdtemp(prefix="cpr", dir="/tmp"))  # short: Ray's socket paths must fit
        self.env = {**os.environ, **HEALTH, "RAY_USAGE_STATS_ENABLED": "0", "PYTHONPATH": str(ROOT),
                    "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER": "1"}  # nodes: multi-node on (drivers: see driver_env)
        self.head: subprocess.Popen | None = None
        self.workers: list[subprocess.Popen] = []
        self.n_workers, self.cpus = workers, cpus
        self.address = ""

    def _start(self, name: str, *args: str) -> subprocess.Popen:
        log = open(self.tmp / f"{name}.log", "w")
        # its own session: one signal to the group reaches the node's raylet and workers
        return subprocess.Popen([sys.executable, str(NODE), "start", "--block", "--node-ip-address", "127.0.0.1",
                                 "--object-store-memory", str(80 * 1024 * 1024), "--disable-usage-stats", *args],
                                env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)

    def _wait_started(self, name: str, proc: subprocess.Popen, timeout: float = 180) -> None:
        deadline = time.time() + timeout
        while time.time() < deadline:
            if "Ray runtime started" in (self.tmp / f"{name}.log").read_text():
                return
            if proc.poll() is not None:
                break
            time.sleep(0.2)
        raise RuntimeError(f"ray node {name} did not start:\n{(self.tmp / f'{name}.log').read_text()[-3000:]}")

    def __enter__(self) -> LocalRayCluster:
        try:
            # the head keeps no CPUs: the agent runs there, the sandboxes on the workers
            self.head = self._start("head", "--head", "--port", "0", "--num-cpus", "0", "--include-dashboard",
                                    "false", "--temp-dir", str(self.tmp))
            self._wait_started("head", self.head)
            self.address = (self.tmp / "ray_current_cluster").read_text().strip()
            for i in range(self.n_workers):  # one at a time: nodes starting together on one host time out
                self.add_worker()
        except BaseException:
            self.stop()
            raise
        return self

    def add_worker(self) -> subprocess.Popen:
        name = f"worker{len(self.workers)}"
        proc = self._start(name, "--address", self.address, "--num-cpus", str(self.cpus))
        self.workers.append(proc)
        self._wait_started(name, proc)
        return proc

    def kill_worker(self, i: int) -> None:
        """The node is lost: its whole process group killed at once, nothing cleaned up."""
        os.killpg(self.workers[i].pid, signal.SIGKILL)
        self.workers[i].wait()

    def __exit__(self, *exc) -> None:
        self.stop()

    def stop(self) -> None:
        procs = [p for p in [*self.workers, self.head] if p is not None]
        for sig in (signal.SIGTERM, signal.SIGKILL):
            for p in procs:
                try:
                    os.killpg(p.pid, sig)
                except ProcessLookupError:
                    pass
            deadline = time.time() + 15
            while time.time() < deadline and any(p.poll() is None for p in procs):
                time.sleep(0.2)
        # anything of this cluster that left its group (named by our temp dir on its command line)
        for pid in _pids_mentioning(str(self.tmp)):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        shutil.rmtree(self.tmp, ignore_errors=True)


def _pids_mentioning(text: str) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            try:
                if text.encode() in (entry / "cmdline").read_bytes():
                    pids.append(int(entry.name))
            except OSError:
                pass
    return pids
