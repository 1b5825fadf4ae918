"""Host side of the in-container runner protocol (see sandbox/image/runner.c for the wire format).

A `RunnerSession` is one `docker exec` of `cpsolve-runner`: files go in with `put`, programs run with `run`, and
every answer is read back in order, so one exec serves a whole batch of tests.
"""
from __future__ import annotations

import socket
import struct
from typing import Sequence

from .process import ProcResult, ProcSpec


class RunnerError(RuntimeError):
    """The runner broke the protocol or died: a judge error, never the program's fault."""


#: How long a new runner exec may take to say READY, and how many execs are tried. On a loaded machine Docker
#: can lose what an exec writes before its attach is wired: the runner then waits for a command while we wait for
#: its READY, for ever (a suite worker hung so until its 600 s timeout). Such an exec is dropped and made again.
HELLO_TIMEOUT_S = 60.0
HELLO_TRIES = 3


class ExecStream:
    """Docker multiplexes an exec's stdout and stderr into frames with an 8-byte header."""

    def __init__(self, sock: socket.socket):
        self.sock = sock
        self.buf = bytearray()
        self.pos = 0
        self.stderr = bytearray()
        self.eof = False

    def _fill(self) -> None:
        header = self._recv_exact(8)
        if header is None:
            self.eof = True
            return
        stream, size = header[0], struct.unpack(">I", header[4:8])[0]
        payload = self._recv_exact(size) or b""
        if stream == 2:
            self.stderr += payload
            del self.stderr[:-8192]
        else:
            if self.pos > 1 << 20:
                del self.buf[: self.pos]
                self.pos = 0
            self.buf += payload

    def _recv_exact(self, n: int) -> bytes | None:
        chunks, got = [], 0
        while got < n:
            chunk = self.sock.recv(max(n - got, 65536) if n - got > 65536 else n - got)
            if not chunk:
                return None if got == 0 else b"".join(chunks)
            chunks.append(chunk)
            got += len(chunk)
        return b"".join(chunks)

    def readline(self) -> str:
        while True:
            nl = self.buf.find(b"\n", self.pos)
            if nl >= 0:
                line = bytes(self.buf[self.pos : nl])
                self.pos = nl + 1
                return line.decode()
            if self.eof:
                raise RunnerError(f"runner closed the stream; its stderr: {bytes(self.stderr[-2000:])!r}")
            self._fill()

    def read(self, n: int) -> bytes:
        while len(self.buf) - self.pos < n:
            if self.eof:
                raise RunnerError("runner closed the stream mid-payload")
            self._fill()
        data = bytes(self.buf[self.pos : self.pos + n])
        self.pos += n
        return data


class RunnerSession:
    """One exec of the runner inside a container. Use as a context manager."""

    def __init__(self, api, container_id: str, user: str, box_root: str, scratch: bool = False):
        self.api = api
        self.container_id = container_id
        self.user = user
        self.box_root = box_root
        self.scratch = scratch
        """The runner empties box_root before and after every run (the contestant's own tmpfs)."""
        self._sock = None
        self._demux: ExecStream | None = None

    def __enter__(self) -> "RunnerSession":
        for _ in range(HELLO_TRIES):
            exec_id = self.api.exec_create(
                self.container_id,
                ["/usr/local/bin/cpsolve-runner"] + (["--scratch", self.box_root] if self.scratch else []),
                stdin=True,
                stdout=True,
                stderr=True,
                user=self.user,
                workdir="/work",
            )["Id"]
            wrapper = self.api.exec_start(exec_id, socket=True)
            self._wrapper = wrapper
            self._sock = getattr(wrapper, "_sock", wrapper)
            self._sock.settimeout(HELLO_TIMEOUT_S)
            self._demux = ExecStream(self._sock)
            try:
                hello = self._demux.readline()
            except TimeoutError:
                wrapper.close()  # its runner reads end-of-input and exits
                continue
            self._sock.settimeout(None)
            if not hello.startswith("READY"):
                raise RunnerError(f"runner did not start: {hello!r}")
            return self
        raise RunnerError(f"runner did not say READY within {HELLO_TIMEOUT_S:g} s, {HELLO_TRIES} times")

    def __exit__(self, *exc) -> None:
        try:
            if exc[0] is None:
                self._send(b"QUIT\n")
        except OSError:
            pass
        finally:
            try:
                self._wrapper.close()
            except Exception:  # noqa: BLE001 - closing a dead socket must not hide the real error
                pass

    def box(self, role: str) -> str:
        """Where a run of this role gets its fresh box (made by RUN, removed after it)."""
        return f"{self.box_root}/{role}"

    # -- low level --
    def _send(self, data: bytes) -> None:
        self._sock.sendall(data)

    def _expect_ok(self, what: str) -> None:
        line = self._demux.readline()
        if line != "OK":
            raise RunnerError(f"{what}: {line}")

    # -- commands --
    def put(self, path: str, data: bytes, mode: int = 0o644) -> None:
        self._send(f"PUT {path} {mode:o} {len(data)}\n".encode() + data)
        self._expect_ok(f"put {path}")

    def get(self, path: str, max_bytes: int = 1 << 30) -> bytes:
        self._send(f"GET {path} {max_bytes}\n".encode())
        line = self._demux.readline()
        if not line.startswith("DATA "):
            raise RunnerError(f"get {path}: {line}")
        size = int(line.split()[1])
        return self._demux.read(size)

    def mkdir(self, path: str, mode: int = 0o755) -> None:
        self._send(f"MKDIR {path} {mode:o}\n".encode())
        self._expect_ok(f"mkdir {path}")

    def rm(self, path: str) -> None:
        self._send(f"RM {path}\n".encode())
        self._expect_ok(f"rm {path}")

    def mkfifo(self, path: str, mode: int = 0o666) -> None:
        self._send(f"MKFIFO {path} {mode:o}\n".encode())
        self._expect_ok(f"mkfifo {path}")

    def run(self, procs: Sequence[ProcSpec], box: str, pipes: int = 0, keep_box: bool = False,
            group: str = "") -> list[ProcResult]:
        """Run processes together in a fresh box; return when all have ended and every leftover is killed.

        With keep_box the box survives for `get` (a checker's feedback files); the caller removes it with `rm`."""
        self.send_run(procs, box, pipes, keep_box, group)
        return self.read_results(len(procs))

    def send_run(self, procs: Sequence[ProcSpec], box: str, pipes: int = 0, keep_box: bool = False,
                 group: str = "") -> None:
        """Queue a run without waiting for it: the runner executes commands in order, so a caller may send
        several runs ahead and read their results later with `read_results` (hides the round trip).

        Runs of one `group` stop early: once one ends badly (killed, signal, non-zero exit), the group's runs
        still queued come back with killed == "skipped" without being started."""
        flags = (" keep" if keep_box else "") + (f" group={group}" if group else "")
        if " " in group:
            raise ValueError(f"space in run group {group!r}")
        message = f"RUN {len(procs)} {pipes} {box}{flags}\n" + "".join(p.header() for p in procs)
        self._send(message.encode())

    def read_results(self, n: int) -> list[ProcResult]:
        results = []
        for _ in range(n):
            line = self._demux.readline()
            if not line.startswith("RESULT "):
                raise RunnerError(f"expected RESULT, got {line!r}")
            try:
                fields = dict(tok.split("=", 1) for tok in line.split()[2:])
                out = self._demux.read(int(fields["out"]))
                err = self._demux.read(int(fields["err"]))
                result = ProcResult(exit_code=int(fields["exit"]), signal=int(fields["sig"]),
                                    cpu_s=int(fields["cpu_us"]) / 1e6, wall_s=int(fields["wall_us"]) / 1e6,
                                    rss_kib=int(fields["rss_kib"]), killed=fields["killed"], stdout=out, stderr=err)
            except (ValueError, KeyError) as e:
                # the stream is out of step: nothing after this point can be trusted, the session must go
                raise RunnerError(f"unreadable RESULT line {line!r}: {e}") from None
            results.append(result)
        done = self._demux.readline()
        if done != "DONE":
            raise RunnerError(f"expected DONE, got {done!r}")
        return results
