"""DeepMind CodeContests (github.com/google-deepmind/code_contests, the `deepmind/code_contests` dataset) as JSON
lines: `name`, `description`, `public_tests` / `private_tests` / `generated_tests` (each `{"input": [...],
"output": [...]}`), `time_limit` (`{"seconds", "nanos"}`, may be null), `memory_limit_bytes`, `source`,
`difficulty`, `solutions` (`{"language": [...], "solution": [...]}`, languages by the dataset's enum: 2 C++,
3 Python 3), `input_file` / `output_file`.

A problem has a 0-point `samples` subtask (the public tests) and a 100-point `tests` subtask of all tests, public,
private and generated, compared token by token. Its C++ and Python 3 solutions become `accepted` reference
solutions, so `cpsolve verify` and `batch --solutions` can check the loaded tests.
"""
from __future__ import annotations

from pathlib import Path

from sandbox.executor import Limits

from .errors import ProblemFormatError
from .records import field, slug, write_tests
from .model import Problem, Subtask, TaskTypeSpec

DEFAULT_TIME_S = 2.0
DEFAULT_MEMORY_MIB = 256
LANGUAGE_SUFFIX = {2: ".cpp", 3: ".py"}  # the dataset's Language enum: CPP = 2, PYTHON3 = 3


def is_codecontests(record: dict) -> bool:
    return "description" in record and "name" in record and "public_tests" in record


def _group(record: dict, key: str, file: Path, where: str) -> list[tuple[str, str]]:
    group = record.get(key) or {"input": [], "output": []}
    if not isinstance(group, dict):
        raise ProblemFormatError(file, f"{where}: {key}", 'expected {"input": [...], "output": [...]}')
    inputs, outputs = group.get("input", []), group.get("output", [])
    if not (isinstance(inputs, list) and isinstance(outputs, list) and len(inputs) == len(outputs)
            and all(isinstance(x, str) for x in inputs + outputs)):
        raise ProblemFormatError(file, f"{where}: {key}", "expected lists of strings of equal length in "
                                 "input and output")
    return list(zip(inputs, outputs))


def _time_limit(record: dict, file: Path, where: str) -> float:
    limit = record.get("time_limit")
    if limit is None:
        return DEFAULT_TIME_S
    if not isinstance(limit, dict):
        raise ProblemFormatError(file, f"{where}: time_limit", 'expected {"seconds": int, "nanos": int}')
    seconds = (limit.get("seconds") or 0) + (limit.get("nanos") or 0) / 1e9
    return seconds if seconds > 0 else DEFAULT_TIME_S


def load_codecontests(record: dict, file: Path, where: str, folder: Path) -> Problem:
    name = field(record, "name", str, file, where)
    description = field(record, "description", str, file, where)
    groups = [("public", _group(record, "public_tests", file, where)),
              ("private", _group(record, "private_tests", file, where)),
              ("generated", _group(record, "generated_tests", file, where))]
    named = [(f"{kind}-{i}", data, answer) for kind, tests in groups for i, (data, answer) in enumerate(tests, 1)]
    if not named:
        raise ProblemFormatError(file, where, "no tests (public_tests, private_tests and generated_tests are empty)")
    tests = write_tests(folder, [(n, d.encode(), a.encode()) for n, d, a in named])
    memory = record.get("memory_limit_bytes") or 0
    if not isinstance(memory, int) or memory < 0:
        raise ProblemFormatError(file, f"{where}: memory_limit_bytes", "expected a whole number of bytes")
    public = [n for n, _, _ in named if n.startswith("public-")]
    return Problem(
        id=slug(name.split(".")[0] if "." in name[:12] else name), title=name, root=folder,
        limits=Limits(time_s=_time_limit(record, file, where),
                      memory_mib=memory // (1024 * 1024) if memory else DEFAULT_MEMORY_MIB),
        subtasks=[Subtask("samples", 0.0, public), Subtask("tests", 100.0, [n for n, _, _ in named])],
        tests=tests, task_type=TaskTypeSpec(input_file=str(record.get("input_file") or ""),
                                            output_file=str(record.get("output_file") or "")),
        statement=description, samples=public, solutions=_solutions(record, folder, file, where),
        format="codecontests")


def _solutions(record: dict, folder: Path, file: Path, where: str) -> dict[str, list[Path]]:
    sols = record.get("solutions") or {}
    languages, sources = sols.get("language", []), sols.get("solution", [])
    if not (isinstance(languages, list) and isinstance(sources, list) and len(languages) == len(sources)):
        raise ProblemFormatError(file, f"{where}: solutions", 'expected {"language": [...], "solution": [...]}')
    out = []
    for i, (language, source) in enumerate(zip(languages, sources), 1):
        suffix = LANGUAGE_SUFFIX.get(language)
        if suffix is None or not isinstance(source, str):
            continue
        path = folder / "solutions" / "accepted" / f"solution-{i}{suffix}"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(source)
        out.append(path)
    return {"accepted": out} if out else {}
