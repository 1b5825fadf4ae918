"""Compilation inside the sandbox, with a cache keyed by sources, flags, language and image.

Compilers run as the contestant user with their own limits (a template bomb must not hang the judge). The
artifact comes back to the host and is cached on disk, so the same candidate is never compiled twice, even
across runs.
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

from .languages import Language
from .process import ProcSpec
from .protocol import RunnerError
from .worker import Worker, digest as content_digest

COMPILE_CPU_S = 60.0
COMPILE_WALL_S = 120.0
COMPILE_MEM_KIB = 2 * 1024 * 1024
COMPILE_LOG_LIMIT = 8000


def cache_dir() -> Path:
    root = os.environ.get("CPSOLVE_CACHE") or os.path.join(os.path.expanduser("~"), ".cache", "cpsolve")
    return Path(root) / "compile"


@dataclass
class Program:
    """Something runnable: the artifact a compile produced, and how to run it."""

    language: Language
    binary_name: str
    artifact: bytes
    key: str

    def run_argv(self) -> list[str]:
        return self.language.run_argv(self.binary_name)

    @functools.cached_property
    def digest(self) -> str:
        """The artifact's content digest, computed once (Worker.stage_program)."""
        return content_digest(self.artifact)


@dataclass
class CompileResult:
    ok: bool
    log: str
    program: Program | None
    key: str
    cached: bool = False
    time: float = 0.0
    judge_error: bool = False
    """The compiler never finished within its time limits (twice): a judge-side failure, not a compile error."""


def compile_key(language: Language, files: dict[str, bytes], image: str) -> str:
    h = hashlib.sha256()
    h.update(image.encode() + b"\0" + language.name.encode() + b"\0")
    h.update("\0".join(language.compile).encode() + b"\0" + "\0".join(language.run).encode() + b"\0")
    for name in sorted(files):
        h.update(name.encode() + b"\0" + hashlib.sha256(files[name]).digest())
    return h.hexdigest()[:40]


def _trim_log(text: str) -> str:
    if len(text) <= COMPILE_LOG_LIMIT:
        return text
    half = COMPILE_LOG_LIMIT // 2
    return text[:half] + f"\n... [{len(text) - COMPILE_LOG_LIMIT} characters cut] ...\n" + text[-half:]


def compile_program(worker: Worker, language: Language, files: dict[str, bytes], image: str,
                    sources: list[str] | None = None) -> CompileResult:
    """Compile `files` (name -> bytes; `sources` are compiled, the rest such as headers only copied in)."""
    sources = sources or list(files)
    key = compile_key(language, files, image)
    cached = _load_cached(key, language, sources)
    if cached is not None:
        return cached
    out = _compile(worker, language, files, sources, key)
    if out.judge_error:
        # a compiler stopped by a time limit says more about the machine's load than about the source: it is
        # never cached, and gets one more try before it is reported as the judge's failure
        out = _compile(worker, language, files, sources, key)
    if not out.judge_error:
        _store(out)
    return out


def _compile(worker: Worker, language: Language, files: dict[str, bytes], sources: list[str],
             key: str) -> CompileResult:
    # sources are staged by the judge (read-only to the compiler) and copied into the fresh compile box
    copies = [(worker.stage(data, name=name), name) for name, data in files.items()]
    binary = language.binary_name(sources)
    spec = ProcSpec(
        argv=language.compile_argv(sources),
        cpu_s=COMPILE_CPU_S,
        wall_s=COMPILE_WALL_S,
        mem_kib=COMPILE_MEM_KIB,
        out_kib=512 * 1024,
        copies=copies,
        outfile=binary,
        err_tail=1 << 20,  # all of it: the first error matters most, _trim_log keeps head and tail
    )
    try:
        result = worker.contestant.run([spec], box=worker.contestant.box("compile"))[0]
    except RunnerError:
        worker.reset_contestant()  # the session is out of step; a fresh exec serves the next call
        raise
    log = _trim_log(result.stderr.decode(errors="replace"))
    timed_out = result.killed in ("cpu", "wall")
    if timed_out:
        ok, log = False, (f"judge error: the compiler did not finish within {COMPILE_CPU_S:g} s CPU / "
                          f"{COMPILE_WALL_S:g} s wall ({result.killed} limit; a loaded machine?)\n{log}")
    elif result.killed != "none":
        ok, log = False, f"compilation stopped: {result.killed} limit exceeded\n{log}"
    else:
        ok = result.exit_code == 0 and bool(result.stdout)
        if result.exit_code == 0 and not result.stdout:
            log += f"\ncompiler produced no {binary}"
    program = Program(language, binary, result.stdout, key) if ok else None
    return CompileResult(ok=ok, log=log, program=program, key=key, time=result.wall_s, judge_error=timed_out)


def _load_cached(key: str, language: Language, sources: list[str]) -> CompileResult | None:
    folder = cache_dir() / key
    meta_path = folder / "meta.json"
    if not meta_path.exists():
        return None
    try:
        meta = json.loads(meta_path.read_text())
        program = None
        if meta["ok"]:
            artifact = (folder / "artifact").read_bytes()
            program = Program(language, language.binary_name(sources), artifact, key)
        return CompileResult(ok=meta["ok"], log=meta["log"], program=program, key=key, cached=True,
                             time=meta.get("time", 0.0))
    except (OSError, ValueError, KeyError):
        return None  # a damaged entry is recompiled, never trusted


def _store(result: CompileResult) -> None:
    folder = cache_dir() / result.key
    folder.mkdir(parents=True, exist_ok=True)
    # unique temporary names: threads of one process (a batch) may store the same key at the same time
    unique = uuid.uuid4().hex
    if result.program is not None:
        tmp = folder / f"artifact.{unique}"
        tmp.write_bytes(result.program.artifact)
        tmp.replace(folder / "artifact")
    tmp = folder / f"meta.{unique}"
    tmp.write_text(json.dumps({"ok": result.ok, "log": result.log, "time": result.time}))
    tmp.replace(folder / "meta.json")
