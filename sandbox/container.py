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
            labels={LABEL: "1", f"{LABEL}.owner": f"{socket.gethostname()}:{os.getpid()}"},
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


def remove_stale_containers(client: docker.DockerClient) -> int:
    """Remove sandbox containers whose owning process on this host is gone (a crash or SIGKILL skips __exit__)."""
    removed = 0
    host = socket.gethostname()
    for c in client.containers.list(all=True, filters={"label": LABEL}):
        owner = c.labels.get(f"{LABEL}.owner", "")
        owner_host, _, pid = owner.partition(":")
        if owner_host == host and pid.isdigit() and _pid_alive(int(pid)):
            continue
        try:
            c.remove(force=True)
            removed += 1
        except docker.errors.APIError:
            pass
    return removed


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
