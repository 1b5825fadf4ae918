"""Tool sessions in the real Docker sandbox: the interpreter keeps its state and never re-runs a call; hostile
calls (fork bomb, network, reading the package's tests or another session's files, a process left running,
memory exhaustion, a runaway loop) are contained, the session goes on, and nothing is left when it ends."""
from __future__ import annotations

from pathlib import Path

import pytest

from sandbox.container import LABEL
from sandbox.session import SessionLimits, ToolSession
from solver.problems import load_problem
from solver.tools.setup import problem_session

pytestmark = pytest.mark.docker

ROOT = Path(__file__).resolve().parent.parent
FAST = SessionLimits(call_cpu_s=1.0, call_wall_s=2.0, grace_s=15.0, idle_s=120.0)

#: Python run in the session: the pids of every process of the interpreter's uid but the interpreter.
OTHERS = ("import os\nme = os.getpid()\n"
          "print(sorted(int(p) for p in os.listdir('/proc') if p.isdigit() and int(p) != me "
          "and os.stat(f'/proc/{p}').st_uid == os.getuid()))")


def _sandbox_ids(client) -> list[str]:
    """Every sandbox container's id, from the listing itself (other tests' containers come and go meanwhile)."""
    return [c["Id"] for c in client.api.containers(all=True, filters={"label": LABEL})]


@pytest.fixture(scope="module")
def aplusb():
    return load_problem(ROOT / "problems" / "aplusb")


@pytest.fixture(scope="module")
def session(docker_image, aplusb):
    client, image = docker_image
    with problem_session(aplusb, client, image, FAST) as s:
        yield s


def test_state_lives_between_calls_and_no_call_runs_twice(session):
    first = session.python("import random\nx = random.random()\nprint('first call', x)")
    assert first.status == "ok" and first.output.startswith("first call ")
    value = first.output.split()[-1]
    again = session.python("print(x)")
    assert again.output == value + "\n"  # the same value, and nothing of the first call's output
    assert session.python("x * 0").output == "0.0\n"  # a last expression is echoed
    assert session.python("import tempfile\nwith tempfile.NamedTemporaryFile() as f: print(f.name[:12])"
                          ).output == "/work/python\n"
    error = session.python("1/0")
    assert error.status == "error" and "ZeroDivisionError" in error.output
    assert session.python("print(x)").output == value + "\n"


def test_fork_bomb_is_stopped_and_leaves_nothing(session):
    bomb = session.python("import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass")
    assert bomb.status == "timeout"
    assert session.python(OTHERS).output == "[]\n"
    assert session.python("print('alive')").output == "alive\n"


def test_no_network(session):
    out = session.python("import socket\n"
                         "for target in [('1.1.1.1', 53), ('172.17.0.1', 2375), ('127.0.0.1', 80)]:\n"
                         "    try:\n"
                         "        socket.create_connection(target, timeout=1); print('connected', target)\n"
                         "    except OSError as e:\n"
                         "        print('refused', type(e).__name__)\n"
                         "try:\n    socket.gethostbyname('example.com'); print('resolved')\n"
                         "except OSError:\n    print('no dns')").output
    assert "connected" not in out and "resolved" not in out and out.count("refused") == 3


def test_only_the_samples_of_the_package_are_readable(session, aplusb):
    hidden = [t.read_input() for name, t in aplusb.tests.items() if name not in aplusb.samples]
    out = session.python(
        "import os\nfound = []\nfor top in ('/work', '/box', '/tmp', '/'):\n"
        "    for root, dirs, files in os.walk(top):\n"
        "        if root.startswith(('/proc', '/sys', '/usr', '/dev')): dirs[:] = []; continue\n"
        "        for f in files:\n"
        "            try:\n                found.append(open(os.path.join(root, f), 'rb').read(1 << 20))\n"
        "            except OSError:\n                pass\n"
        "blobs = found\nprint(sorted(os.listdir('/work/samples')))").output
    assert out == "['sample-1.in', 'sample-1.out', 'sample-2.in', 'sample-2.out']\n"
    for data in hidden:
        probe = session.python(f"print(any({data!r} in b for b in blobs))")
        assert probe.output == "False\n"
    assert "PermissionError" in session.python("os.listdir('/work/secret')").output


def test_another_sessions_files_are_out_of_reach(session, docker_image):
    client, image = docker_image
    with ToolSession(client, image, FAST) as other:
        other.python("open('/work/python/mine.txt', 'w').write('private')")
        assert other.python("print(open('/work/python/mine.txt').read())").output == "private\n"
        assert session.python("import os\nprint(os.path.exists('/work/python/mine.txt'))").output == "False\n"


def test_a_process_left_running_is_killed_when_its_call_ends(session):
    session.python("import subprocess, os\np = subprocess.Popen(['sleep', '1000'])\n"
                   "if os.fork() == 0:\n    import time\n    while True: time.sleep(1)")
    assert session.python(OTHERS).output == "[]\n"


def test_memory_exhaustion_is_a_memory_error_and_the_session_goes_on(session):
    session.python("marker = 7")
    out = session.python("huge = bytearray(8 << 30)")
    assert out.status == "error" and "MemoryError" in out.output
    # address space taken piece by piece (untouched, so the test spends no time zeroing pages)
    out = session.python("import mmap\nkeep = []\nwhile True:\n    keep.append(mmap.mmap(-1, 128 << 20))")
    assert out.status == "error" and ("MemoryError" in out.output or "Cannot allocate memory" in out.output)
    assert session.python("del keep\nprint(marker)").output == "7\n"


def test_a_runaway_call_is_stopped_and_huge_output_is_cut(session):
    session.python("marker = 8")
    spin = session.python("while True:\n    pass")
    assert spin.status == "timeout" and "CallTimeout" in spin.output
    big = session.python("print('y' * 1_000_000)")
    assert len(big.output) < 20_000 and "bytes of output in all" in big.output
    assert session.python("print(marker)").output == "8\n"


def test_the_session_ends_with_nothing_left(docker_image):
    client, image = docker_image
    with ToolSession(client, image, FAST) as s:
        s.python("import subprocess\nsubprocess.Popen(['sleep', '1000'])\nopen('/work/python/f', 'w').write('x')")
        container_id = s.worker.container.container.id
    assert container_id not in _sandbox_ids(client)
    assert not s.alive


def test_an_idle_session_ends_and_a_later_call_starts_afresh(docker_image):
    import time

    client, image = docker_image
    with ToolSession(client, image, SessionLimits(idle_s=0.5)) as s:
        s.python("v = 1")
        first = s.worker.container.container.id
        deadline = time.monotonic() + 30
        while s.alive and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not s.alive
        assert first not in _sandbox_ids(client)
        later = s.python("print('v' in dir())")
        assert later.output.startswith("[the interpreter had ended") and later.output.endswith("False\n")


def test_an_interpreter_stuck_past_its_alarm_is_replaced(docker_image):
    client, image = docker_image
    with ToolSession(client, image, SessionLimits(call_cpu_s=30.0, call_wall_s=1.0, grace_s=1.0)) as s:
        s.python("v = 1")
        first = s.worker.container.container.id
        stuck = s.python("sum(range(10**13))")  # one C call: no Python-level signal handler runs until it returns
        assert stuck.status == "timeout" and "the interpreter timed out" in stuck.output
        assert first not in _sandbox_ids(client)
        later = s.python("print('v' in dir())")
        assert later.output.startswith("[the interpreter had ended") and later.output.endswith("False\n")
