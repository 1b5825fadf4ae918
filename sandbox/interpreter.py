"""The host's end of a tool session's Python interpreter (sandbox/python_driver.py runs inside the container):
one `docker exec` kept open, calls written to its stdin, answers read from its stdout."""
from __future__ import annotations

import socket
from pathlib import Path

import docker

from .protocol import ExecStream, RunnerError

PYTHON_UID = "1502:1502"
"""The interpreter's uid: neither the judge's nor the contestant's, so the runner's kill(-1) after a run_cpp
leaves the interpreter alone and the interpreter's own kill(-1) after a call reaches only what it started."""
PYTHON_DIR = "/work/python"
"""Its working folder, the one place it may write (files there survive between calls)."""
DRIVER_PATH = "/work/tool/python_driver.py"
DRIVER_SOURCE = Path(__file__).with_name("python_driver.py")


class InterpreterLost(RuntimeError):
    """The interpreter did not answer in time or died; its state is gone."""

    def __init__(self, timed_out: bool):
        super().__init__("timed out" if timed_out else "died")
        self.timed_out = timed_out


class PythonInterpreter:
    """A live interpreter in a container; `call` runs code in it, `close` drops the connection."""

    def __init__(self, client: docker.DockerClient, container_id: str, session_cpu_s: int, memory_mib: int,
                 file_mib: int):
        exec_id = client.api.exec_create(
            container_id, ["/usr/bin/python3", "-I", DRIVER_PATH, str(session_cpu_s), str(memory_mib),
                           str(file_mib)],
            stdin=True, stdout=True, stderr=True, user=PYTHON_UID, workdir=PYTHON_DIR,
            # the root is read-only: temporary files and anything that wants a home go where it may write
            environment={"TMPDIR": PYTHON_DIR, "HOME": PYTHON_DIR})["Id"]
        self._wrapper = client.api.exec_start(exec_id, socket=True)
        self._sock = getattr(self._wrapper, "_sock", self._wrapper)
        self._sock.settimeout(30)
        self._stream = ExecStream(self._sock)
        hello = self._stream.readline()
        if hello != "READY":
            self.close()
            raise RunnerError(f"the python tool did not start: {hello!r}")

    def call(self, code: str, cpu_s: float, wall_s: float, output_bytes: int, wait_s: float
             ) -> tuple[str, str, float, float]:
        """(status, output, cpu_s, wall_s) of running CODE; raises InterpreterLost when no answer comes within
        WAIT_S or the interpreter is gone."""
        data = code.encode()
        self._sock.settimeout(wait_s)
        try:
            self._sock.sendall(f"CALL {int(cpu_s * 1000)} {int(wall_s * 1000)} {output_bytes} {len(data)}\n"
                               .encode() + data)
            fields = self._stream.readline().split()
            if len(fields) != 6 or fields[0] != "DONE":
                raise RunnerError(f"unexpected answer {' '.join(fields)[:100]!r}")
            output = self._stream.read(int(fields[5])).decode(errors="replace")
        except socket.timeout:
            raise InterpreterLost(timed_out=True) from None
        except (OSError, RunnerError, ValueError):
            # it died (the session's CPU limit, the memory cgroup) or broke the protocol
            raise InterpreterLost(timed_out=False) from None
        total = int(fields[4])
        if total > len(output.encode()):
            output += f"\n[{total} bytes of output in all; head and tail shown]"
        return fields[1], output, int(fields[2]) / 1e6, int(fields[3]) / 1e6

    def close(self) -> None:
        try:
            self._wrapper.close()
        except Exception:  # noqa: BLE001 - closing a dead socket must not hide why it is closed
            pass
