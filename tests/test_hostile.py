"""Hostile programs against the real sandbox (tests/hostile/manifest.yaml lists them).

Each program is compiled and judged like a submission on a one-test problem whose answer is "contained", then the
test checks, whatever the verdict, that nothing escaped:

* the verdict is the manifest's (AC for escape attempts: the program prints "contained" only if all failed);
* no process of the contestant is left in the container, and the runner that served the test is the same
  process, with the same scheduling (nice, policy, CPUs);
* every staged file and answer is byte-for-byte unchanged, the judge's box folder holds nothing new, /work's usage
  is back, no SysV or POSIX IPC object was left behind;
* the next contestant run finds an empty box, nothing new next to it, and its file system's usage back;
* the judge can still set up its checker box;
* on the host: the TCP/UDP servers this module runs received nothing, and no file with the test's token appeared;
* a canary A+B program is still AC on a canary test in the same worker, and its staged input is intact.

A program may also be judged as another task type (`task` in the manifest; tests/hostile_tasks.py): Batch with a
package checker, interactive, or Communication. Their judge sides hold hidden data, which the hunting programs
must not find: what a checker, interactor or manager reads is invisible to the program.

The module has a worker (container) of its own, so a hostile program that did damage cannot spill into other test
modules; after each program a trusted cleanup undoes what a known hole let it leave. Set
CPSOLVE_HOSTILE_REPORT=<file> to get a JSON line per program (verdict, times, memory).
"""
from __future__ import annotations

import json
import os
import secrets
import socket
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

from sandbox.checkers import TokensChecker
from sandbox.checkers.external import OUTPUT_PATH as CHECKED_OUTPUT
from sandbox.compiler import compile_program
from sandbox.executor import Limits, TestCase, judge_test
from sandbox.languages import get_language
from sandbox.process import ProcSpec
from sandbox.verdicts import Verdict

from .hostile_tasks import (COMMUNICATION_OPTIONS, TASKS, JudgeSides, compile_benign, compile_judge_sides,
                            judge, write_test)

HOSTILE_DIR = Path(__file__).resolve().parent / "hostile"
MANIFEST = yaml.safe_load((HOSTILE_DIR / "manifest.yaml").read_text())
ANSWER = b"contained\n"
CONTESTANT_UID = 1501
#: New staged files (the program, its input) may grow /work by this much; a leftover box or fill is far more.
USAGE_SLACK = 16 << 20

pytestmark = pytest.mark.docker


def _entries() -> list[dict]:
    entries = []
    for e in MANIFEST["programs"]:
        verdicts = e["verdict"] if isinstance(e["verdict"], list) else [e["verdict"]]
        entry = dict(e, verdicts=[Verdict(v) for v in verdicts])
        marks = []
        if e.get("known_bug"):
            marks.append(pytest.mark.xfail(strict=True, raises=AssertionError, reason=e["known_bug"]))
        task = e.get("task", "batch")
        test_id = Path(e["file"]).stem if task == "batch" else f"{task}-{Path(e['file']).stem}"
        entries.append(pytest.param(entry, id=test_id, marks=marks))
    return entries


def test_manifest_is_complete():
    """Every program in tests/hostile is in the manifest, once per task type, and only real files are named."""
    listed = [e["file"] for e in MANIFEST["programs"]]
    runs = [(e["file"], e.get("task", "batch")) for e in MANIFEST["programs"]]
    assert len(runs) == len(set(runs)), "a program is listed twice for one task type"
    on_disk = {p.name for p in HOSTILE_DIR.iterdir() if p.suffix in (".cpp", ".py")}
    assert set(listed) == on_disk
    assert len(listed) >= 20
    for e in MANIFEST["programs"]:
        assert e["lang"] in ("cpp17", "python3"), e
        assert e.get("description"), e
        assert e.get("task", "batch") in TASKS, e
        assert set(e.get("task_options", {})) <= set(COMMUNICATION_OPTIONS), e
        assert not e.get("task_options") or e.get("task") == "communication", e
        for v in e["verdict"] if isinstance(e["verdict"], list) else [e["verdict"]]:
            Verdict(v)
        Limits(**{**MANIFEST["defaults"], **e.get("limits", {})})  # only fields Limits knows


# ---------------------------------------------------------------------------------------------------- host side

class HostServers:
    """A TCP and a UDP server on all of the host's addresses, counting whatever reaches them."""

    def __init__(self):
        self.events: list[str] = []
        self.tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.tcp.bind(("0.0.0.0", 0))
        self.tcp.listen(16)
        self.udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.udp.bind(("0.0.0.0", 0))
        self.tcp_port = self.tcp.getsockname()[1]
        self.udp_port = self.udp.getsockname()[1]
        self._stop = False
        self._threads = [threading.Thread(target=self._accept, daemon=True),
                         threading.Thread(target=self._recv, daemon=True)]
        for t in self._threads:
            t.start()

    def _accept(self):
        while not self._stop:
            try:
                conn, addr = self.tcp.accept()
            except OSError:
                return
            if not self._stop:
                self.events.append(f"TCP connection from {addr}")
            conn.close()

    def _recv(self):
        while not self._stop:
            try:
                data, addr = self.udp.recvfrom(4096)
            except OSError:
                return
            if not self._stop:
                self.events.append(f"UDP datagram {data[:32]!r} from {addr}")

    def close(self):
        self._stop = True
        for s in (self.tcp, self.udp):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()


def _host_ips(client) -> list[str]:
    """The host's own addresses a container could try: its hostname's, its default route's, Docker's gateways."""
    ips: set[str] = set()
    try:
        ips.update(a[4][0] for a in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET))
    except OSError:
        pass
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        s.connect(("10.255.255.255", 1))  # no packet is sent: this only picks the outgoing address
        ips.add(s.getsockname()[0])
    except OSError:
        pass
    finally:
        s.close()
    try:
        for net in client.networks.list():
            for cfg in (net.attrs.get("IPAM") or {}).get("Config") or []:
                if cfg.get("Gateway") and ":" not in cfg["Gateway"]:
                    ips.add(cfg["Gateway"])
    except Exception:  # noqa: BLE001 - the list is a best effort
        pass
    return sorted(ip for ip in ips if not ip.startswith("127."))


# ------------------------------------------------------------------------------------------ container side probes

# Run as the judge (trusted): what a hostile program could have left behind, as JSON. Contestant processes (with
# their scheduling), staged files and answers, the judge's box folder, IPC objects, /work's usage.
PROBE = r"""
import hashlib, json, os
out = {"procs": [], "files": {}, "judge_boxes": {}, "ipc": {}}
for p in os.listdir("/proc"):
    if not p.isdigit():
        continue
    try:
        with open(f"/proc/{p}/status") as f:
            status = dict(l.split(":", 1) for l in f.read().splitlines() if ":" in l)
        if int(status["Uid"].split()[0]) != %(uid)d:
            continue
        with open(f"/proc/{p}/cmdline", "rb") as f:
            cmd = f.read().replace(b"\0", b" ").decode(errors="replace").strip()
        with open(f"/proc/{p}/stat") as f:
            st = f.read().rsplit(")", 1)[1].split()
        out["procs"].append({"pid": int(p), "cmd": cmd, "state": st[0], "nice": int(st[16]),
                             "policy": int(st[38]), "cpus": status["Cpus_allowed_list"].strip()})
    except (OSError, KeyError, IndexError, ValueError):
        pass
for root in ("/work/stage", "/work/secret"):
    for d, _, names in os.walk(root):
        for n in names:
            path = os.path.join(d, n)
            st = os.lstat(path)
            with open(path, "rb") as f:
                out["files"][path] = [hashlib.sha256(f.read()).hexdigest(), oct(st.st_mode), st.st_uid]
here = os.getcwd()
for n in os.listdir(os.path.dirname(here)):
    if n != os.path.basename(here):
        st = os.lstat(os.path.join(os.path.dirname(here), n))
        out["judge_boxes"][n] = [oct(st.st_mode), st.st_uid]
for kind in ("shm", "msg", "sem"):
    with open(f"/proc/sysvipc/{kind}") as f:
        out["ipc"][kind] = [l.split()[:2] for l in f.read().splitlines()[1:] if l.strip()]
out["ipc"]["mqueue"] = sorted(os.listdir("/dev/mqueue"))
vfs = os.statvfs("/work")
out["work_used"] = (vfs.f_blocks - vfs.f_bfree) * vfs.f_frsize
print(json.dumps(out))
""" % {"uid": CONTESTANT_UID}

# Run as the contestant (trusted) in a fresh box of its own: what the NEXT program would find. Its box must be
# empty, and nothing may sit next to it (earlier boxes, renamed boxes, planted files) that was not there before.
CONTESTANT_VIEW = r"""
import json, os
here = os.getcwd()
root = os.path.dirname(here)
out = {"box": sorted(os.listdir(here)), "beside": {}}
for n in os.listdir(root):
    if n != os.path.basename(here):
        st = os.lstat(os.path.join(root, n))
        out["beside"][n] = [oct(st.st_mode), st.st_uid]
vfs = os.statvfs(root)
out["used"] = (vfs.f_blocks - vfs.f_bfree) * vfs.f_frsize
print(json.dumps(out))
"""

# Run as the contestant (trusted, so unfiltered) after each program: undo what a known hole let it leave, so one
# program's damage never shows up as the next one's. Arguments: the folders holding the contestant's boxes.
# The RUN itself also kills every leftover process of the contestant.
CLEANUP = r"""
here=$(pwd)
for dir in "$@"; do
    for f in "$dir"/* "$dir"/.[!.]*; do
        [ -e "$f" ] || [ -L "$f" ] || continue
        [ "$f" = "$here" ] && continue
        if [ -L "$f" ]; then rm -f "$f"; continue; fi
        [ -O "$f" ] || continue
        chmod -R u+rwx "$f" 2>/dev/null
        rm -rf "$f"
    done
done
ipcrm --all 2>/dev/null
rm -f /dev/mqueue/* 2>/dev/null
exit 0
"""

CANARY_SRC = (b"#include <cstdio>\n"
              b"int main(){long long a,b;if(scanf(\"%lld %lld\",&a,&b)!=2)return 1;printf(\"%lld\\n\",a+b);}\n")
CANARY_INPUT = b"2 3\n"
CANARY_ANSWER = b"5\n"


def _is_contestant_runner(proc: dict) -> bool:
    return proc["cmd"].startswith("/usr/local/bin/cpsolve-runner") and "--init" not in proc["cmd"]


@dataclass
class Harness:
    worker: object
    image: str
    servers: HostServers
    host_ips: list[str]
    canary: object
    canary_test: TestCase
    canary_input_path: str
    answer_path: str
    probe_path: str
    view_path: str
    cleanup_path: str
    sides: JudgeSides
    report: list[dict] = field(default_factory=list)

    def contestant_box(self, role: str) -> str:
        """Where the contestant's runs get their boxes (the session knows in newer sandboxes)."""
        session_box = getattr(self.worker.contestant, "box", None)
        return session_box(role) if callable(session_box) else self.worker.box(role)

    def probe(self) -> dict:
        r = self.worker.judge.run([ProcSpec(["/usr/bin/python3", "-S", self.probe_path], untrusted=False, cpu_s=10,
                                            wall_s=30)], box=self.worker.box("probe"))[0]
        assert r.exit_code == 0, f"probe failed: {r}"
        return json.loads(r.stdout)

    def contestant_view(self) -> dict:
        r = self.worker.contestant.run([ProcSpec(["/usr/bin/python3", "-S", self.view_path], untrusted=False,
                                                 cpu_s=10, wall_s=30)], box=self.contestant_box("view"))[0]
        assert r.exit_code == 0, f"contestant view failed: {r}"
        return json.loads(r.stdout)

    def cleanup(self) -> None:
        box = self.contestant_box("cleanup")
        folders = sorted({box.rsplit("/", 1)[0], self.worker.box("x").rsplit("/", 1)[0]})
        self.worker.contestant.run([ProcSpec(["/bin/sh", self.cleanup_path, *folders], untrusted=False, cpu_s=30,
                                             wall_s=60)], box=box)

    def judge_canary(self):
        return judge_test(self.worker, self.canary, self.canary_test, Limits(time_s=1, memory_mib=64), TokensChecker())


@pytest.fixture(scope="module")
def hx(docker_image, tmp_path_factory):
    from sandbox.worker import WorkerPool

    client, image = docker_image
    servers = HostServers()
    root = tmp_path_factory.mktemp("hostile-canary")
    (root / "in").write_bytes(CANARY_INPUT)
    (root / "ans").write_bytes(CANARY_ANSWER)
    try:
        with WorkerPool(client, image, jobs=1) as pool:
            worker = pool.workers[0]
            canary = compile_program(worker, get_language("cpp17"), {"sol.cpp": CANARY_SRC}, image)
            assert canary.ok, canary.log
            h = Harness(
                worker=worker, image=image, servers=servers, host_ips=_host_ips(client), canary=canary.program,
                canary_test=TestCase("canary", root / "in", root / "ans"),
                canary_input_path=worker.stage(CANARY_INPUT),
                # staged before any program runs, so read_secret and compile_include_secret have a real target
                answer_path=worker.stage(ANSWER, secret=True),
                probe_path=worker.stage(PROBE.encode(), name="probe.py"),
                view_path=worker.stage(CONTESTANT_VIEW.encode(), name="view.py"),
                cleanup_path=worker.stage(CLEANUP.encode(), name="cleanup.sh"),
                sides=compile_judge_sides(worker, image),
            )
            assert h.judge_canary().verdict is Verdict.AC
            # every task type's judge side accepts a well-behaved program (this also makes the FIFOs, so that
            # they are there in every probe's "before")
            benign = compile_benign(worker, image)
            for task, options in (("checker", {}), ("interactive", {}), ("communication", {}),
                                  ("communication", {"num_processes": 2, "user_io": "fifo_io"})):
                folder = root / f"benign-{task}-{len(options)}"
                folder.mkdir()
                test = write_test(task, folder, "token benign\n", ANSWER, h.sides)
                result = judge(task, options, worker, benign, test, Limits(time_s=1, memory_mib=64), h.sides)
                assert result.verdict is Verdict.AC, (task, options, result)
            yield h
            path = os.environ.get("CPSOLVE_HOSTILE_REPORT")
            if path:
                with open(path, "w") as f:
                    for row in h.report:
                        f.write(json.dumps(row) + "\n")
    finally:
        servers.close()


def _compile(hx: Harness, entry: dict):
    """C++ programs are compiled as sol.cpp with the shared headers beside them; Python keeps its name."""
    lang = get_language(entry["lang"])
    src = (HOSTILE_DIR / entry["file"]).read_bytes()
    if lang.name.startswith("cpp"):
        files = {"sol.cpp": src, **{h.name: h.read_bytes() for h in HOSTILE_DIR.glob("*.h")}}
        return compile_program(hx.worker, lang, files, hx.image, sources=["sol.cpp"])
    return compile_program(hx.worker, lang, {entry["file"]: src}, hx.image, sources=[entry["file"]])


def _differences(before: dict, after: dict) -> list[str]:
    """What changed in the judge's view of the container (see PROBE)."""
    problems = []
    if before["procs"] != after["procs"]:
        problems.append(f"contestant processes changed: before {before['procs']}, after {after['procs']}")
    for path, meta in before["files"].items():
        if path == CHECKED_OUTPUT:
            continue  # the judge writes the output to be checked there, test after test
        if after["files"].get(path) != meta:
            problems.append(f"staged file {path} changed: {meta} -> {after['files'].get(path)}")
    if before["judge_boxes"] != after["judge_boxes"]:
        problems.append(f"the judge's box folder changed: {before['judge_boxes']} -> {after['judge_boxes']}")
    if before["ipc"] != after["ipc"]:
        problems.append(f"IPC objects left behind: {before['ipc']} -> {after['ipc']}")
    growth = after["work_used"] - before["work_used"]
    if growth > USAGE_SLACK:
        problems.append(f"/work grew by {growth / 2**20:.1f} MiB and did not come back")
    return problems


def _view_differences(before: dict, after: dict) -> list[str]:
    """What the next program would find that the previous one did not (see CONTESTANT_VIEW)."""
    problems = []
    if after["box"]:
        problems.append(f"a fresh box is not empty: {after['box'][:20]}")
    if before["beside"] != after["beside"]:
        problems.append(f"left next to the boxes: {before['beside']} -> {after['beside']}")
    growth = after["used"] - before["used"]
    if growth > USAGE_SLACK:
        problems.append(f"the boxes' file system grew by {growth / 2**20:.1f} MiB and did not come back")
    return problems


@pytest.mark.parametrize("entry", _entries())
def test_hostile(entry: dict, hx: Harness, tmp_path: Path, monkeypatch):
    token = secrets.token_hex(8)
    host_dir = tmp_path / "host"
    host_dir.mkdir()
    (host_dir / "untouched.txt").write_text("untouched\n")
    public = "".join(f"{k} {v}\n" for k, v in {
        "token": token,
        "port": hx.servers.tcp_port,
        "udp_port": hx.servers.udp_port,
        "host_ips": " ".join(hx.host_ips),
        "host_dir": str(host_dir),
        "answer_path": hx.answer_path,
        "victim_path": hx.canary_input_path,
    }.items())
    task = entry.get("task", "batch")
    test = write_test(task, tmp_path, public, ANSWER, hx.sides)
    limits = Limits(**{**MANIFEST["defaults"], **entry.get("limits", {})})
    events_before = len(hx.servers.events)

    if Verdict.CE in entry["verdicts"]:
        # a compile-time attack must really meet the sandbox, never a cached outcome
        monkeypatch.setenv("CPSOLVE_CACHE", str(tmp_path / "cache"))
    compiled = _compile(hx, entry)
    view_before = hx.contestant_view()  # also (re)opens the contestant's runner, so that "before" shows it
    before = hx.probe()
    runners = [p for p in before["procs"] if _is_contestant_runner(p)]
    problems: list[str] = []
    try:
        if not compiled.ok:
            verdict, result = Verdict.CE, None
            if entry.get("log_contains") and entry["log_contains"] not in compiled.log:
                problems.append(f"compile log lacks {entry['log_contains']!r}: {compiled.log[-500:]}")
        else:
            assert len(runners) == 1, f"expected one contestant runner before the test: {before['procs']}"
            started = time.monotonic()
            result = judge(task, entry.get("task_options", {}), hx.worker, compiled.program, test, limits, hx.sides)
            elapsed = time.monotonic() - started
            verdict = result.verdict
            hx.report.append({"program": entry["file"], "verdict": verdict.value, "cpu_s": result.time,
                              "wall_s": result.wall, "memory_mib": round(result.memory_kib / 1024, 1),
                              "judge_s": round(elapsed, 3), "signal": result.signal, "message": result.message[:200]})
        if verdict not in entry["verdicts"]:
            detail = f"{result.message} / stderr {result.stderr_tail[-300:]!r}" if result else compiled.log[-500:]
            problems.append(f"verdict {verdict.value}, expected {[v.value for v in entry['verdicts']]}: {detail}")

        # what is left in the container, looked at before anything else runs there
        problems += _differences(before, hx.probe())
        problems += _view_differences(view_before, hx.contestant_view())

        # the host
        if len(hx.servers.events) > events_before:
            problems.append(f"host servers were reached: {hx.servers.events[events_before:]}")
        leaked = [str(p) for d in (Path("/tmp"), host_dir, tmp_path) for p in d.glob(f"*{token}*")]
        if leaked:
            problems.append(f"files appeared on the host: {leaked}")
        if sorted(p.name for p in host_dir.iterdir()) != ["untouched.txt"] or \
                (host_dir / "untouched.txt").read_text() != "untouched\n":
            problems.append(f"the host folder {host_dir} changed")

        # the staged files this program ran from, and the canary's input
        if compiled.ok:
            binary = hx.worker.stage_program(compiled.program)
            if hx.worker.judge.get(binary) != compiled.program.artifact:
                problems.append("the staged program changed")
        if hx.worker.judge.get(hx.canary_input_path) != CANARY_INPUT:
            problems.append("the staged canary input changed")

        # the judge can still set up its own boxes (a program must not be able to plant the checker's box)
        try:
            r = hx.worker.judge.run([ProcSpec(["/bin/true"], untrusted=False, cpu_s=2, wall_s=5)],
                                    box=hx.worker.box("checker"))[0]
            if r.setup_failed or r.exit_code != 0:
                problems.append(f"the judge's checker box cannot be used: {r}")
        except Exception as e:  # noqa: BLE001 - a broken judge session is exactly what this looks for
            hx.worker.reset_judge()
            problems.append(f"the judge's checker box cannot be used: {type(e).__name__}: {e}")

        # the runner and the container still judge correctly
        canary = hx.judge_canary()
        if canary.verdict is not Verdict.AC:
            problems.append(f"canary after the program: {canary.verdict.value} {canary.message}")
    finally:
        try:
            hx.cleanup()
        except Exception:  # noqa: BLE001 - a broken session is replaced; the problems above say what happened
            hx.worker.reset_contestant()
            hx.cleanup()
        if [p for p in hx.probe()["procs"] if p not in runners]:
            hx.worker.reset_contestant()  # a runner that was tampered with (or replaced) serves no later test
    assert not problems, "\n".join(problems)
