"""What one process of a run is given (`ProcSpec`: its command, files, streams and limits) and what the runner
measured of it (`ProcResult`); the wire format that carries them is sandbox/protocol.py's."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

#: Signal numbers the judge cares about when it names a verdict.
SIGKILL, SIGSEGV, SIGXCPU, SIGXFSZ = 9, 11, 24, 25


@dataclass
class ProcSpec:
    """One process of a run, with its own limits. Times in seconds, sizes in KiB; 0 means no limit."""

    argv: Sequence[str]
    cpu_s: float = 0.0
    wall_s: float = 0.0
    mem_kib: int = 0
    out_kib: int = 0
    stack_kib: int = 0
    nofile: int = 0
    nproc: int = 0
    """Processes the program's tree may hold at once (threads are bounded by the container's pids limit)."""
    stdin: str = "-"
    """A path in the container, "-" for /dev/null, or "pipe:<k>:r"."""
    stdout: str = "@"
    """"@" captures the stream and returns it; else a path or "pipe:<k>:w"."""
    stderr: str = "@"
    outfile: str = ""
    """A file in the box returned instead of captured stdout (named output files, compiled binaries)."""
    copies: Sequence[tuple[str, str]] = ()
    """(container path, name in the box) pairs copied into the fresh box before the run."""
    untrusted: bool = True
    err_tail: int = 4096
    subdir: str = ""
    """Run in a folder of its own inside the box (Communication: processes must not share files)."""
    rw: Sequence[str] = ()
    """Extra paths an untrusted process may open for writing (the FIFO folder for fifo_io)."""
    out_first: bool = False
    """Open stdout before stdin. FIFO opens block until the other end opens, so of two processes that feed each
    other one must open in the other order."""

    def header(self) -> str:
        fields = {
            "argc": len(self.argv),
            "cpu_ms": int(round(self.cpu_s * 1000)),
            "wall_ms": int(round(self.wall_s * 1000)),
            "mem_kib": self.mem_kib,
            "out_kib": self.out_kib,
            "stack_kib": self.stack_kib,
            "nofile": self.nofile,
            "nproc": self.nproc,
            "stdin": self.stdin,
            "stdout": self.stdout,
            "stderr": self.stderr,
            "untrusted": int(self.untrusted),
            "err_tail": self.err_tail,
        }
        if self.outfile:
            fields["outfile"] = self.outfile
        if self.subdir:
            fields["subdir"] = self.subdir
        if self.out_first:
            fields["outfirst"] = 1
        parts = [f"{k}={v}" for k, v in fields.items()]
        parts += [f"copy={src}:{dst}" for src, dst in self.copies]
        parts += [f"rw={path}" for path in self.rw]
        for token in parts + list(self.argv):
            if "\n" in token:
                raise ValueError(f"newline in runner argument {token!r}")
        for token in parts:
            if " " in token:
                raise ValueError(f"space in runner field {token!r}")
        return "PROC " + " ".join(parts) + "\n" + "".join(a + "\n" for a in self.argv)


@dataclass
class ProcResult:
    """What the runner measured for one process."""

    exit_code: int
    """-1 when the process was killed by a signal."""
    signal: int
    cpu_s: float
    wall_s: float
    rss_kib: int
    killed: str
    """Why the runner killed it: none, cpu, wall, mem, nproc, or setup:<step> when it never started."""
    stdout: bytes = b""
    stderr: bytes = b""

    @property
    def setup_failed(self) -> bool:
        return self.killed.startswith("setup:")

    @property
    def skipped(self) -> bool:
        """Never started: an earlier run of its group already failed."""
        return self.killed == "skipped"
