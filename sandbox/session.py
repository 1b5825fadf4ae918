"""Tool sessions: the sandbox's persistent mode, one container per conversation for the model's tool calls.

A session holds one live Python interpreter (sandbox/python_driver.py, state kept between calls, no call ever run
twice) and compiles and runs C++ the way the judge does (compiler.py and the runner's confinement). Each session
is a container of its own made like a judge worker's (container.py: no network, read-only root, no capabilities,
a pids limit, a memory cgroup), into which only the statement's samples are put: no test, answer, checker or
other conversation's file exists in it to be read. The container is removed when the session ends (the
conversation's end, its idle timeout, or the owner's death: `remove_stale_containers`), so nothing is left.

What survives between calls: the interpreter's globals, modules and threads, and files under /work/python.
What does not: child processes (killed when their call ends) and run_cpp's box (emptied around every run).
"""
from __future__ import annotations

import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import docker

from .compiler import compile_program
from .container import ContainerLimits
from .executor import Limits, TestCase, classify_run, program_spec
from .interpreter import DRIVER_PATH, DRIVER_SOURCE, PYTHON_DIR, InterpreterLost, PythonInterpreter
from .languages import Language
from .protocol import RunnerError
from .worker import Worker

SAMPLES_DIR = "/work/samples"


@dataclass
class SessionLimits:
    """Limits of one tool session. Per call: CPU, wall, what comes back; per session: the rest."""

    call_cpu_s: float = 10.0
    """CPU seconds one python call may use (SIGXCPU ends the call, the interpreter lives on)."""
    call_wall_s: float = 20.0
    """Wall seconds one python call may take (an alarm ends the call; past it plus `grace_s` the container is
    replaced and the next call gets a fresh interpreter)."""
    grace_s: float = 10.0
    """How long past `call_wall_s` the host waits for an answer before it replaces the container (a fork bomb
    starves the interpreter of CPU: its alarm may come seconds late)."""
    output_bytes: int = 16_000
    """Of a call's output, this much comes back to the model (head and tail)."""
    session_cpu_s: int = 600
    """CPU seconds of the interpreter over the whole session (a hard RLIMIT_CPU)."""
    python_memory_mib: int = 1024
    """The interpreter's address space (RLIMIT_AS): past it the call gets a MemoryError."""
    file_mib: int = 64
    """Largest file the interpreter may write (RLIMIT_FSIZE), its captured output included."""
    memory_mib: int = 2560
    """The container's memory cgroup: interpreter, C++ runs and both tmpfs together (ContainerLimits.memory_mib)."""
    work_mib: int = 256
    """Each tmpfs (/work, /box) of the session's container."""
    pids: int = 64
    """Processes and threads in the container at once: a fork bomb stops here."""
    cpus: float = 1.0
    """CPU cores the container may use at once (Docker's --cpus)."""
    idle_s: float = 900.0
    """A session with no call for this long is ended (its container removed); a later call starts afresh."""


@dataclass
class CppSetup:
    """How run_cpp builds a program: the task's language (flags) and its public grader, if it has one."""

    language: Language
    limits: Limits
    """The task's time, memory and output limits, applied to every run."""
    graders: dict[str, bytes] = field(default_factory=dict)
    compile_with: list[str] = field(default_factory=list)
    submission_name: str = "sol.cpp"


@dataclass
class ToolOutcome:
    """One tool call's result: what the model is shown, and what it cost."""

    output: str
    status: str
    """ok | error (an exception, a failed run) | timeout | compile_error | malformed (the call could not run)"""
    cpu_s: float = 0.0
    wall_s: float = 0.0


class ToolSession:
    """`with ToolSession(client, image, samples=...) as s: s.python("x = 1")`; the container goes on any exit."""

    def __init__(self, client: docker.DockerClient, image: str, limits: SessionLimits | None = None,
                 samples: dict[str, bytes] | None = None, cpp: CppSetup | None = None):
        self.client = client
        self.image = image
        self.limits = limits or SessionLimits()
        self.samples = samples or {}
        self.cpp = cpp
        self.worker: Worker | None = None
        self._interpreter: PythonInterpreter | None = None
        self._lock = threading.RLock()
        self._idle: threading.Timer | None = None
        self.interpreters = 0
        """Interpreters started so far (more than one: an earlier one died or the session idled out)."""
        self.sandbox_s = 0.0
        """Wall seconds the session has cost: container starts and tool calls, as the host sees them."""

    def __enter__(self) -> "ToolSession":
        self._start()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- life cycle --
    def _start(self) -> None:
        started = time.monotonic()
        lim = self.limits
        worker = Worker(self.client, self.image, 0, ContainerLimits(memory_mib=lim.memory_mib, work_mib=lim.work_mib,
                                                                    pids=lim.pids, cpus=lim.cpus))
        worker.__enter__()
        self.worker = worker
        try:
            judge = worker.judge
            judge.mkdir(PYTHON_DIR, 0o777)
            judge.mkdir(SAMPLES_DIR, 0o755)
            judge.put(DRIVER_PATH, DRIVER_SOURCE.read_bytes(), 0o644)
            for name, data in self.samples.items():
                judge.put(f"{SAMPLES_DIR}/{name}", data, 0o644)
        except BaseException:
            self.close()
            raise
        self.sandbox_s += time.monotonic() - started

    def close(self) -> None:
        """End the session: the interpreter, every process and file go with the container."""
        with self._lock:
            if self._idle is not None:
                self._idle.cancel()
                self._idle = None
            self._drop_interpreter()
            if self.worker is not None:
                self.worker.close()
                self.worker = None

    def _touch(self) -> None:
        if self._idle is not None:
            self._idle.cancel()
        self._idle = threading.Timer(self.limits.idle_s, self.close)
        self._idle.daemon = True
        self._idle.start()

    @property
    def alive(self) -> bool:
        return self.worker is not None

    def _replace_container(self) -> None:
        """The interpreter stopped answering (stuck in C code past its alarm, or starved by its own processes):
        the container goes with everything in it, and the next call starts in a fresh one."""
        self._drop_interpreter()
        if self.worker is not None:
            self.worker.close()
            self.worker = None

    def _drop_interpreter(self) -> None:
        if self._interpreter is not None:
            self._interpreter.close()
            self._interpreter = None

    # -- the python tool --
    def python(self, code: str) -> ToolOutcome:
        """Run CODE in the session's interpreter; its output (stdout and stderr, head and tail) comes back."""
        lim = self.limits
        with self._lock:
            restarted = ""
            if self.worker is None:
                self._start()  # counted in sandbox_s by itself
            started = time.monotonic()  # the host's view: a fresh interpreter's start is the call's cost too
            if self._interpreter is None:
                if self.interpreters:
                    restarted = ("[the interpreter had ended (a timeout, a crash or the idle timeout); a fresh one "
                                 "was started: earlier variables are gone]\n")
                self._interpreter = PythonInterpreter(self.client, self.worker.container.container.id,
                                                      lim.session_cpu_s, lim.python_memory_mib, lim.file_mib)
                self.interpreters += 1
            self._touch()
            try:
                status, output, cpu, _ = self._interpreter.call(code, lim.call_cpu_s, lim.call_wall_s,
                                                                   lim.output_bytes, lim.call_wall_s + lim.grace_s)
                outcome = ToolOutcome(restarted + output, status, cpu_s=cpu, wall_s=time.monotonic() - started)
            except InterpreterLost as lost:
                self._replace_container()
                outcome = ToolOutcome(
                    f"{restarted}the interpreter {lost} ({lim.call_wall_s:g} s wall per call, {lim.session_cpu_s} s "
                    "CPU per session); the next call starts a fresh one (earlier variables are gone)",
                    "timeout" if lost.timed_out else "error", wall_s=time.monotonic() - started)
            self.sandbox_s += outcome.wall_s
            return outcome

    # -- the run_cpp tool --
    def run_cpp(self, source: str, stdin: str) -> ToolOutcome:
        """Compile SOURCE as the task does (its flags, its public grader) and run it on STDIN with its limits."""
        if self.cpp is None:
            raise ValueError("this session has no C++ setup")
        with self._lock:
            if self.worker is None:
                self._start()
            self._touch()
            started = time.monotonic()
            try:
                outcome = self._compile_and_run(source, stdin)
            except RunnerError as e:
                self.worker.reset_contestant()
                self.worker.reset_judge()
                outcome = ToolOutcome(f"sandbox error (not your program's fault): {e}", "error")
            outcome.wall_s = time.monotonic() - started
            self.sandbox_s += outcome.wall_s
            return outcome

    def _compile_and_run(self, source: str, stdin: str) -> ToolOutcome:
        cpp, worker = self.cpp, self.worker
        files = dict(cpp.graders)
        files[cpp.submission_name] = source.encode()
        compiled = compile_program(worker, cpp.language, files, self.image,
                                   sources=list(cpp.compile_with) + [cpp.submission_name])
        if not compiled.ok:
            return ToolOutcome(f"compilation failed:\n{compiled.log}", "compile_error")
        input_path = _host_temp(stdin.encode())
        try:
            spec = program_spec(worker, compiled.program, TestCase("tool", input_path), cpp.limits)
        finally:
            input_path.unlink()
        result = worker.contestant.run([spec], box=worker.contestant.box("tool"))[0]
        verdict, detail = classify_run(result, cpp.limits)
        out = result.stdout[: self.limits.output_bytes].decode(errors="replace")
        err = result.stderr[-2000:].decode(errors="replace")
        head = f"[{verdict.value}: {detail}]\n" if verdict else ""
        text = (f"{head}time {result.cpu_s:.3f} s CPU, memory {result.rss_kib / 1024:.1f} MiB\n"
                f"stdout:\n{out}" + (f"\n[{len(result.stdout)} bytes in all]" if len(result.stdout) > len(out)
                                     else "") + (f"\nstderr:\n{err}" if err.strip() else ""))
        return ToolOutcome(text, "ok" if verdict is None else "error", cpu_s=result.cpu_s)


def _host_temp(data: bytes) -> Path:
    fd, name = tempfile.mkstemp(prefix="cpsolve-tool-")
    with open(fd, "wb") as f:
        f.write(data)
    return Path(name)
