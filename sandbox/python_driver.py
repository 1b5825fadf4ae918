"""The persistent Python interpreter of a tool session: runs INSIDE the sandbox container (copied in at session
start, run by the container's python3 as an unprivileged uid of its own), never imported on the host.

It reads calls from its stdin and answers on its stdout; the model's code sees /dev/null as stdin and a capture
file as stdout and stderr, so nothing it prints can be mistaken for the protocol.

  host -> CALL <cpu_ms> <wall_ms> <output_bytes> <code_bytes>\\n<code>
  here -> DONE <status> <cpu_us> <wall_us> <total_output_bytes> <returned_bytes>\\n<output>
status: ok | error (an exception, its traceback in the output) | timeout (the call's CPU or wall limit)

The code runs in one namespace kept for the whole session, so state lives from call to call and no call is ever
run twice. A last expression statement is echoed as its repr (as a notebook cell would). After every call each
other process of this uid is killed: a call's children never outlive it; threads of the interpreter do.
"""
import ast
import os
import resource
import signal
import sys
import time
import traceback

PROTOCOL_IN = os.fdopen(os.dup(0), "rb", buffering=0)
PROTOCOL_OUT = os.fdopen(os.dup(1), "wb", buffering=0)
DRIVER_PID = os.getpid()


class CallTimeout(BaseException):
    """The call's CPU or wall limit passed (BaseException: a bare `except Exception` in the code cannot eat it)."""


def _timeout(signum, frame):
    raise CallTimeout("CPU time limit of the call exceeded" if signum == signal.SIGXCPU
                      else "wall-clock limit of the call exceeded")


def _capture() -> int:
    """fd 1 and 2 go to an unlinked file (children's output included); fd 0 reads /dev/null."""
    null = os.open("/dev/null", os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    path = f"/work/python/.capture-{DRIVER_PID}"
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND, 0o600)
    os.unlink(path)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    sys.stdout = os.fdopen(1, "w", buffering=1, closefd=False)
    sys.stderr = os.fdopen(2, "w", buffering=1, closefd=False)
    return fd


def _run(source: str, namespace: dict) -> str:
    try:
        tree = ast.parse(source, "<python>", "exec")
    except SyntaxError:
        traceback.print_exc(limit=0)
        return "error"
    last = None
    if tree.body and isinstance(tree.body[-1], ast.Expr):
        last = ast.Expression(tree.body.pop().value)
    try:
        exec(compile(tree, "<python>", "exec"), namespace)
        if last is not None:
            value = eval(compile(last, "<python>", "eval"), namespace)
            if value is not None:
                print(repr(value))
        return "ok"
    except CallTimeout as e:
        print(f"CallTimeout: {e}", file=sys.stderr)
        return "timeout"
    except SystemExit as e:
        print(f"SystemExit: {e.code} (the session goes on)", file=sys.stderr)
        return "error"
    except BaseException:  # noqa: BLE001 - the model's exception is its result, never the session's end
        kind, value, tb = sys.exc_info()
        traceback.print_exception(kind, value, tb.tb_next)  # the driver's own frame says nothing
        return "error"


def _kill_others(deadline_s: float = 3.0) -> None:
    """SIGKILL every process of this uid but this one, until none is left (a fork bomb's children may still be
    forking while the first kill goes round, and killed orphans wait for init to reap them): nothing a call
    started runs on after it."""
    me, uid = os.getpid(), os.getuid()
    stop = time.monotonic() + deadline_s
    while True:
        try:
            os.kill(-1, signal.SIGKILL)
        except OSError:
            pass  # ESRCH: there was none
        while True:
            try:
                if os.waitpid(-1, os.WNOHANG) == (0, 0):
                    break
            except ChildProcessError:
                break
        if not _others(me, uid) or time.monotonic() > stop:
            return
        time.sleep(0.01)


def _others(me: int, uid: int) -> bool:
    for name in os.listdir("/proc"):
        if name.isdigit() and int(name) != me:
            try:
                if os.stat(f"/proc/{name}").st_uid == uid:
                    return True
            except OSError:
                pass  # gone meanwhile
    return False


def _read_line() -> bytes:
    line = b""
    while not line.endswith(b"\n"):
        c = PROTOCOL_IN.read(1)
        if not c:
            raise EOFError
        line += c
    return line


def _read_exact(n: int) -> bytes:
    data = b""
    while len(data) < n:
        chunk = PROTOCOL_IN.read(n - len(data))
        if not chunk:
            raise EOFError
        data += chunk
    return data


def _session_limits(cpu_s: int, memory_mib: int, file_mib: int) -> None:
    """Hard limits for the whole session (a call cannot raise them): CPU seconds, address space, file size."""
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_s, cpu_s))
    resource.setrlimit(resource.RLIMIT_AS, (memory_mib << 20, memory_mib << 20))
    resource.setrlimit(resource.RLIMIT_FSIZE, (file_mib << 20, file_mib << 20))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def main() -> None:
    _session_limits(*(int(x) for x in sys.argv[1:4]))
    capture = _capture()
    signal.signal(signal.SIGXCPU, _timeout)
    signal.signal(signal.SIGALRM, _timeout)
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # past the file limit a write fails (EFBIG) instead of killing us
    namespace = {"__name__": "__main__", "__builtins__": __builtins__}
    os.chdir("/work/python")
    PROTOCOL_OUT.write(b"READY\n")
    while True:
        try:
            header = _read_line().split()
        except EOFError:
            return
        cpu_ms, wall_ms, output_bytes, size = (int(x) for x in header[1:5])
        source = _read_exact(size).decode(errors="replace")
        os.ftruncate(capture, 0)
        used = resource.getrusage(resource.RUSAGE_SELF)
        cpu_before = used.ru_utime + used.ru_stime
        _, hard = resource.getrlimit(resource.RLIMIT_CPU)
        # RLIMIT_CPU counts whole seconds of the process's life: the call's share sits on top of what is used
        resource.setrlimit(resource.RLIMIT_CPU, (min(int(cpu_before + cpu_ms / 1000 + 1), hard), hard))
        start = time.monotonic()
        signal.setitimer(signal.ITIMER_REAL, wall_ms / 1000)
        try:
            status = _run(source, namespace)
        except CallTimeout:  # the limit passed in the echo or the exception printing: still the call's timeout
            status = "timeout"
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        if os.getpid() != DRIVER_PID:
            os._exit(0)  # a fork of the interpreter that came back here: only the interpreter answers
        wall = time.monotonic() - start
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
        _kill_others()
        used = resource.getrusage(resource.RUSAGE_SELF)
        cpu = used.ru_utime + used.ru_stime - cpu_before
        total = os.fstat(capture).st_size
        if total <= output_bytes:
            output = os.pread(capture, total, 0)
        else:  # head and tail: the first lines and the error at the end both matter
            half = output_bytes // 2
            cut = f"\n... [{total - 2 * half} bytes cut] ...\n".encode()
            output = os.pread(capture, half, 0) + cut + os.pread(capture, half, total - half)
        PROTOCOL_OUT.write(f"DONE {status} {int(cpu * 1e6)} {int(wall * 1e6)} {total} {len(output)}\n".encode()
                           + output)


if __name__ == "__main__":
    main()
