"""The head's view of a Ray cluster: one `SandboxNode` per machine, calls spread by load, retried elsewhere when
a machine is lost.

A call that was running on a node that died is simply run again on another one: sandbox calls have no effect
the head keeps except their result, and finished steps are in the head's journal, so nothing finished is redone.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Callable

from . import import_ray
from .node import SandboxNode, pack_problem
from .shipping import Shipper

#: package formats whose root folder is the whole package (a node loads it from a copy of that folder); a
#: statement file or a dataset line is written into caches on the head and judged on one machine
SHIPPABLE_FORMATS = ("native", "tps", "kattis", "italian")


@dataclass
class Member:
    """A node's actor and what the head knows of it."""

    node_id: str
    actor: object
    jobs: int
    info: dict = field(default_factory=dict)
    in_flight: int = 0
    calls: int = 0
    """Calls it answered (the head logs them when the cluster closes)."""


class NoSandboxNodes(RuntimeError):
    """No node of the cluster can judge (none has CPUs, or every one failed or was lost)."""


def _check_reachable(address: str) -> None:
    """Fail at once when nothing listens at host:port (ray.init would retry for minutes)."""
    import socket

    host, _, port = address.rpartition(":")
    if address == "auto" or not port.isdigit():
        return
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=10).close()
    except OSError as e:
        raise ConnectionError(f"no Ray head answers at {address} ({e.strerror or e})") from None


class SandboxCluster:
    """Connect to the cluster at ADDRESS ("auto" for the one this machine belongs to) and start a sandbox actor
    on every live node that has CPUs (start the head with `--num-cpus 0` to keep it for the agent). `jobs` is
    workers per node (default: the node's CPUs); `max_nodes` caps how many nodes are used (for the benchmark)."""

    def __init__(self, address: str, jobs: int | None = None, max_nodes: int | None = None,
                 log: Callable[[str], None] = lambda m: None, wait_s: float = 120.0):
        self.ray = import_ray()
        self.address, self.jobs, self.max_nodes, self.log, self.wait_s = address, jobs, max_nodes, log, wait_s
        self._owns_connection = not self.ray.is_initialized()
        if self._owns_connection:
            _check_reachable(address)
            self.ray.init(address=address, logging_level="WARNING", log_to_driver=False,
                          configure_logging=False)
        self._members: dict[str, Member] = {}
        self._lost: set[str] = set()
        self._lock = threading.Lock()
        self._packages: dict[str, tuple[str, object]] = {}
        self._shipper = Shipper(self.ray)
        self._refs_lock = threading.Lock()
        self._refresh_lock = threading.Lock()
        self.refresh()
        if not self._members:
            raise NoSandboxNodes(f"no node of the Ray cluster at {address} has CPUs for a sandbox "
                                 "(start worker nodes with `ray start --address HEAD:PORT`)")

    # ------------------------------------------------------------------ membership
    @property
    def capacity(self) -> int:
        """Workers over all live nodes."""
        return sum(m.jobs for m in self._members.values())

    @property
    def nodes(self) -> list[dict]:
        """The live members' info (host, pid, jobs, image)."""
        return [m.info for m in self._members.values()]

    def refresh(self) -> None:
        """Start an actor on every live node with CPUs that has none yet (a node that joined since, included)."""
        with self._refresh_lock:
            self._start_members()

    def _start_members(self) -> None:
        from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy

        remote_node = self.ray.remote(SandboxNode)
        started = []
        for node in self.ray.nodes():
            node_id, cpus = node["NodeID"], int(node.get("Resources", {}).get("CPU", 0))
            if not node["Alive"] or cpus <= 0 or node_id in self._members or node_id in self._lost:
                continue
            if self.max_nodes is not None and len(self._members) + len(started) >= self.max_nodes:
                break
            jobs = self.jobs or cpus
            # num_cpus=0: the actor only manages containers, whose CPU use Ray does not schedule
            actor = remote_node.options(
                num_cpus=0, max_concurrency=max(16, 4 * jobs), max_restarts=0,
                scheduling_strategy=NodeAffinitySchedulingStrategy(node_id, soft=False)).remote(jobs)
            started.append(Member(node_id, actor, jobs))
        for m in started:
            try:
                # the first start on a node may build the sandbox image there
                m.info = self.ray.get(m.actor.info.remote(), timeout=3600)
            except Exception as e:  # noqa: BLE001 - one bad node must not stop the others
                self.log(f"node {m.node_id[:8]}: no sandbox ({type(e).__name__}: {e})")
                self._lost.add(m.node_id)
                continue
            self.log(f"node {m.info['host']} ({m.node_id[:8]}): {m.jobs} sandbox workers")
            with self._lock:
                self._members[m.node_id] = m

    def close(self) -> None:
        """Remove every node's containers and leave the cluster."""
        for m in list(self._members.values()):
            self.log(f"node {m.info['host']} ({m.node_id[:8]}): {m.calls} sandbox calls")
            try:
                self.ray.get(m.actor.close.remote(), timeout=60)
            except Exception:  # noqa: BLE001 - a node already gone has nothing left to clean
                pass
            self.ray.kill(m.actor)
        self._members.clear()
        if self._owns_connection:
            self.ray.shutdown()

    def __enter__(self) -> SandboxCluster:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------------ calls
    def call(self, problem, method: str, *args, **kwargs):
        """METHOD of PROBLEM's judge tools on the least busy node; on a node lost mid-call, again elsewhere."""
        # a node lost mid-call: the actor is gone, or it finished but its result lived in that node's object store
        from ray.exceptions import ObjectLostError, RayActorError

        key, package = self._package(problem)
        args, kwargs = self._shipper.ship(args, problem), self._shipper.ship(kwargs, problem)
        while True:
            member = self._pick()
            try:
                result = self.ray.get(member.actor.call.remote(key, [package], method, args, kwargs))
            except (RayActorError, ObjectLostError) as e:
                self._drop(member, e)
                continue
            finally:
                with self._lock:
                    member.in_flight -= 1
            with self._lock:
                member.calls += 1
            return result

    def _pick(self) -> Member:
        deadline = time.monotonic() + self.wait_s
        while True:
            with self._lock:
                if self._members:
                    member = min(self._members.values(), key=lambda m: m.in_flight / m.jobs)
                    member.in_flight += 1
                    return member
            if time.monotonic() > deadline:
                raise NoSandboxNodes(f"every sandbox node of the Ray cluster at {self.address} was lost")
            self.refresh()  # a node may have joined meanwhile
            time.sleep(1.0)

    def _drop(self, member: Member, error: Exception) -> None:
        with self._lock:
            if self._members.pop(member.node_id, None) is None:
                return  # another thread's call already found it lost
            self._lost.add(member.node_id)
        self.log(f"node {member.info.get('host', '?')} ({member.node_id[:8]}) lost: its calls run again elsewhere "
                 f"({type(error).__name__})")
        # merely unreachable is lost too: ended, so that it does not judge on for nobody
        try:
            self.ray.kill(member.actor)
        except Exception:  # noqa: BLE001 - already gone
            pass

    def _package(self, problem) -> tuple[str, object]:
        check_shippable(problem)
        with self._refs_lock:
            entry = self._packages.get(str(problem.root))
            if entry is None:
                import hashlib

                blob = pack_problem(problem.root)
                key = f"{problem.id}-{hashlib.sha256(blob).hexdigest()[:16]}"
                entry = self._packages[str(problem.root)] = (key, self.ray.put(blob))
            return entry


def check_shippable(problem) -> None:
    """A ValueError naming the problem when its package cannot be copied to a node (see SHIPPABLE_FORMATS)."""
    if problem.format not in SHIPPABLE_FORMATS:
        raise ValueError(f"{problem.root}: {problem.id} is a {problem.format} problem; --ray judges package folders "
                         f"({', '.join(SHIPPABLE_FORMATS)}): run it without --ray")
