"""Sandbox containers never outlive the run that made them: Ctrl-C and SIGTERM remove them on the way out, and
what a SIGKILLed run left behind is removed by the next run."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid

import docker
import pytest

from sandbox.container import LABEL, owner_labels, remove_stale_containers

pytestmark = pytest.mark.docker

SLOW = b"int main(){ volatile unsigned long x = 0; for (;;) x++; }\n"


def _problem(tmp_path):
    root = tmp_path / "slow"
    (root / "tests").mkdir(parents=True)
    for i in range(40):
        (root / "tests" / f"t{i:02d}.in").write_text("1\n")
        (root / "tests" / f"t{i:02d}.ans").write_text("1\n")
    (root / "problem.yaml").write_text("id: slow\ntime_limit: 0.25\nmemory_limit: 64\n"
                                       "subtasks:\n  - {name: all, points: 100, tests: ['t*'], score_type: Sum}\n")
    src = tmp_path / "loop.cpp"
    src.write_bytes(SLOW)
    return root, src


def _owned_by(client, pid: int) -> list[str]:
    """Ids of the sandbox containers PID made (from the listing itself: other tests' containers come and go)."""
    return [c["Id"] for c in client.api.containers(all=True, filters={"label": LABEL})
            if (c.get("Labels") or {}).get(f"{LABEL}.owner", "").endswith(f":{pid}")]


def _start_judging(tmp_path, docker_image):
    client, _ = docker_image
    root, src = _problem(tmp_path)
    proc = subprocess.Popen([sys.executable, "-m", "solver.cli.main", "judge", str(root), str(src), "--jobs", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=dict(os.environ))
    deadline = time.time() + 60
    while time.time() < deadline and len(_owned_by(client, proc.pid)) < 2:
        time.sleep(0.2)
    assert len(_owned_by(client, proc.pid)) == 2, "the run never started its two workers"
    while time.time() < deadline and proc.poll() is None and not all(_judging(client, c)
                                                                     for c in _owned_by(client, proc.pid)):
        time.sleep(0.2)
    assert proc.poll() is None, "the run ended before both workers were judging"
    return client, proc


def _judging(client, container_id: str) -> bool:
    """The submission (a staged program) is running in the container: the run is well into the tests."""
    try:
        processes = client.api.top(container_id)["Processes"]
    except docker.errors.APIError:
        return False  # made but not started yet (409)
    return any(p[-1].startswith("/work/stage/") for p in processes)


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_interrupt_removes_containers(tmp_path, docker_image, sig):
    client, proc = _start_judging(tmp_path, docker_image)
    proc.send_signal(sig)
    proc.wait(timeout=60)
    assert _owned_by(client, proc.pid) == []


def test_sigkill_leftovers_are_removed_by_the_next_run(tmp_path, docker_image):
    client, proc = _start_judging(tmp_path, docker_image)
    proc.kill()
    # dead but not yet reaped: a zombie keeps its pid and start time, so no cleanup (another test's run starting
    # in parallel included) may take its containers while we count them
    os.waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOWAIT)
    assert len(_owned_by(client, proc.pid)) == 2  # nothing could clean up after SIGKILL
    proc.wait(timeout=30)  # reaped: now provably gone
    remove_stale_containers(client)
    for left in _owned_by(client, proc.pid):
        # another run starting in parallel may be removing it at this moment (Docker refuses our removal then
        # with "already in progress"): wait for that removal to end (Docker says when: no sleep)
        try:
            client.api.wait(left, timeout=120, condition="removed")
        except docker.errors.NotFound:
            pass
    assert _owned_by(client, proc.pid) == []


def _labelled(client, image, labels: dict[str, str]):
    """A stopped container labelled as a sandbox of some owner (nothing needs to run in it)."""
    return client.containers.create(image, ["true"], labels={LABEL: "1", **labels}, network_mode="none")


def _exists(client, container) -> bool:
    try:
        client.containers.get(container.id)
        return True
    except docker.errors.NotFound:
        return False


def test_cleanup_removes_only_what_is_provably_ours_and_dead(docker_image):
    # two cpsolve processes in two containers share one Docker daemon: neither may remove the other's sandboxes
    client, image = docker_image
    me = owner_labels()
    mine_pidns, mine_host = me[f"{LABEL}.pidns"], socket.gethostname()
    other_host = _labelled(client, image, {f"{LABEL}.owner": f"other-{uuid.uuid4().hex[:8]}:1"})
    other_pidns = _labelled(client, image, {f"{LABEL}.owner": f"{mine_host}:999999",
                                            f"{LABEL}.pidns": "pid:[1]", f"{LABEL}.started": "1"})
    alive = _labelled(client, image, me)
    dead = _labelled(client, image, {f"{LABEL}.owner": f"{mine_host}:999999", f"{LABEL}.pidns": mine_pidns,
                                     f"{LABEL}.started": "1"})
    reused = _labelled(client, image, {**me, f"{LABEL}.started": "1"})  # our pid, but not our start time
    try:
        remove_stale_containers(client)
        assert _exists(client, other_host) and _exists(client, other_pidns) and _exists(client, alive)
        assert not _exists(client, dead) and not _exists(client, reused)
    finally:
        for c in (other_host, other_pidns, alive, dead, reused):
            if _exists(client, c):
                c.remove(force=True)


def test_cleanup_goes_on_when_a_container_vanishes_while_it_looks(docker_image):
    """Runs in parallel remove their own containers at any moment. One removed between the cleanup's listing and
    its look at the labels ended the run that was starting with Docker's 404 (No such container); now the labels
    come with the listing, and the dead owner's container is still removed."""
    client, image = docker_image
    vanishing = _labelled(client, image, owner_labels())  # a live owner's: it removes it just after our listing
    dead = _labelled(client, image, {f"{LABEL}.owner": f"{socket.gethostname()}:999999",
                                     f"{LABEL}.pidns": owner_labels()[f"{LABEL}.pidns"], f"{LABEL}.started": "1"})

    class RemovedJustAfterTheListing(docker.APIClient):
        def containers(self, *args, **kwargs):
            listed = super().containers(*args, **kwargs)
            if _exists(client, vanishing):
                client.api.remove_container(vanishing.id, force=True)
            return listed

    racing = docker.DockerClient(**docker.utils.kwargs_from_env())
    racing.api = RemovedJustAfterTheListing(**docker.utils.kwargs_from_env())
    try:
        assert remove_stale_containers(racing) >= 1  # no NotFound
        assert not _exists(client, vanishing) and not _exists(client, dead)
    finally:
        for c in (vanishing, dead):
            if _exists(client, c):
                c.remove(force=True)
