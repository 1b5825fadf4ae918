"""Long-lived sandbox containers: one per worker, locked down, removed by a context manager.

Inside a container two unprivileged users split the work: `judge` (1500) owns the staged files (`/work/stage`,
mode 0711: what a submission is handed), the judge side's files (`/work/secret`, mode 0700: answers, checkers,
managers, interactors and the inputs only they read) and runs checkers; `contestant` (1501) runs submissions in a fresh
box on its own tmpfs `/box`, which the runner empties around every run. A submission therefore cannot read an
answer or change a staged file, and everything it left behind is killed and deleted before the next test.
"""
from __future__ import annotations

import os
import socket
import threading
import uuid
from dataclasses import dataclass

import docker

from .protocol import RunnerSession

JUDGE_USER = "1500:1500"
CONTESTANT_USER = "1501:1501"
STAGE_DIR = "/work/stage"
SECRET_DIR = "/work/secret"
RUN_DIR = "/work/run"
BOX_ROOT = "/box"
"""The contestant's own tmpfs: boxes live here and the runner empties it around every run."""
LABEL = "cpsolve.sandbox"


@dataclass
class ContainerLimits:
    """Resources of one worker container; per-test limits are enforced by the runner inside it."""

    memory_mib: int = 3072
    """Hard cgroup limit for everything in the container, tmpfs included: a backstop behind the runner's own."""
    work_mib: int = 1024
    """Size of each tmpfs: /work (staged files, judge boxes, captured output) and /box (contestant boxes)."""
    pids: int = 256
    """Processes and threads in the container at once: stops fork bombs."""
    cpus: float = 0.0
    """CPU cores the container may use at once (Docker's --cpus); 0: no cap (a judge worker's runs are timed)."""


class SandboxContainer:
    """A running sandbox container; `with SandboxContainer(client, image) as box:` removes it on any exit."""

    def __init__(self, client: docker.DockerClient, image: str, limits: ContainerLimits | None = None):
        self.client = client
        self.image = image
        self.limits = limits or ContainerLimits()
        self.container = None
        self.memory_mib = self.limits.memory_mib
        self._lock = threading.Lock()

    def __enter__(self) -> "SandboxContainer":
        lim = self.limits
        self.container = self.client.containers.run(
            self.image,
            ["/usr/local/bin/cpsolve-runner", "--init"],
            name=f"cpsolve-{uuid.uuid4().hex[:12]}",
            detach=True,
            network_mode="none",
            read_only=True,
            ipc_mode="none",
            tmpfs={"/work": f"rw,exec,nosuid,nodev,size={lim.work_mib}m,mode=0755,uid=1500,gid=1500",
                   BOX_ROOT: f"rw,exec,nosuid,nodev,size={lim.work_mib}m,mode=0700,uid=1501,gid=1501"},
            cap_drop=["ALL"],
            security_opt=["no-new-privileges"],
            pids_limit=lim.pids,
            mem_limit=f"{lim.memory_mib}m",
            memswap_limit=f"{lim.memory_mib}m",
            user=JUDGE_USER,
            labels={LABEL: "1", **owner_labels()},
            **({"nano_cpus": int(lim.cpus * 1e9)} if lim.cpus else {}),
        )
        with self.session(JUDGE_USER) as s:
            # the contestant may open a staged file it is handed, never list them (their names are digests)
            s.mkdir(STAGE_DIR, 0o711)
            s.mkdir(SECRET_DIR, 0o700)
            # the judge's boxes (checkers, managers) and the FIFOs; the contestant may only open those FIFOs
            s.mkdir(RUN_DIR, 0o755)
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self.container is not None:
            try:
                self.container.remove(force=True)
            except docker.errors.NotFound:
                pass
            self.container = None

    def session(self, user: str) -> RunnerSession:
        """A new exec of the runner as `user` (JUDGE_USER or CONTESTANT_USER)."""
        if user == CONTESTANT_USER:
            return RunnerSession(self.client.api, self.container.id, user, BOX_ROOT, scratch=True)
        return RunnerSession(self.client.api, self.container.id, user, RUN_DIR)

    def ensure_memory(self, programs_mib: int) -> None:
        """Raise the container's cgroup limit to hold PROGRAMS_MIB of processes next to both tmpfs mounts (their
        pages are charged to the same cgroup) and a little slack for the runners."""
        needed_mib = programs_mib + 2 * self.limits.work_mib + 128
        if needed_mib <= self.memory_mib:
            return
        self.container.update(mem_limit=f"{needed_mib}m", memswap_limit=f"{needed_mib}m")
        self.memory_mib = needed_mib


def owner_labels(pid: int | None = None) -> dict[str, str]:
    """Who made a container: host and pid, the pid namespace those pids belong to, and the process's start time.

    Several cpsolve processes may share one Docker daemon from different containers (each its own hostname and
    pid namespace); only the namespace and start time prove that a pid seen later is the same process."""
    pid = pid or os.getpid()
    return {f"{LABEL}.owner": f"{socket.gethostname()}:{pid}", f"{LABEL}.pidns": _pid_namespace(),
            f"{LABEL}.started": _start_time(pid)}


def remove_stale_containers(client: docker.DockerClient) -> int:
    """Remove sandbox containers provably ours and dead: made on this host, in this pid namespace, by a process
    that is gone (a crash or SIGKILL skips __exit__). Another host's or namespace's containers are left alone:
    their owner may be alive where we cannot see it.

    Other processes make and remove sandbox containers all the time (parallel runs, a test suite's workers), so
    the labels come from the listing itself: `containers.list` inspects each listed container afterwards, and one
    its live owner removed in between made this raise NotFound (a 404) and end the run that was starting."""
    removed = 0
    for c in client.api.containers(all=True, filters={"label": LABEL}):
        if not _owner_is_gone(c.get("Labels") or {}):
            continue
        try:
            client.api.remove_container(c["Id"], force=True)
            removed += 1
        except docker.errors.APIError:
            pass  # gone already (another run's cleanup got there first) or being removed: either way not ours now
    return removed


def _owner_is_gone(labels: dict[str, str]) -> bool:
    owner_host, _, pid = labels.get(f"{LABEL}.owner", "").partition(":")
    if owner_host != socket.gethostname() or not pid.isdigit():
        return False  # not provably ours
    if labels.get(f"{LABEL}.pidns", _pid_namespace()) != _pid_namespace():
        return False  # same host name, other pid namespace (two containers may share a name): not ours to judge
    started = _start_time(int(pid))
    if not started:
        return True  # no such process here
    recorded = labels.get(f"{LABEL}.started")
    return recorded is not None and recorded != started  # the pid was reused by a later process


def _pid_namespace() -> str:
    try:
        return os.readlink("/proc/self/ns/pid")
    except OSError:
        return ""


def _start_time(pid: int) -> str:
    """The process's start time in clock ticks since boot (/proc/PID/stat field 22); "" when there is none."""
    try:
        stat = open(f"/proc/{pid}/stat").read()
    except OSError:
        return ""
    return stat.rsplit(")", 1)[1].split()[19]  # the name may hold spaces or ")": count from its closing paren
