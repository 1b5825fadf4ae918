"""IOI's TPS packages (github.com/ioi/task-archive): problem.json, subtasks/*.json, tests/, checker/, graders/.

Read the way CMS's TPS importer reads them, so scores match CMS: subtasks in file-name order with GroupMin, a
subtask's tests chosen by a regular expression of its escaped names matched at the start (CMS's rule), no
checker meaning white-diff, `graders/grader.*` renamed to the stub for Communication, `graders/manager.cpp`
compiled as the manager.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from sandbox.executor import Limits, TestCase

from .errors import ProblemFormatError
from .model import CheckerSpec, Problem, ProgramSource, Subtask, TaskTypeSpec, TimeRule
from .statements import statement_from_pdf

#: TPS solution folders and the class of result each promises.
SOLUTION_CLASSES = {
    "model_solution": "accepted",
    "correct": "accepted",
    "incorrect": "wrong_answer",
    "wrong_answer": "wrong_answer",
    "partially_correct": "partial",
    "time_limit": "time_limit_exceeded",
    "time_limit_and_runtime_error": "time_limit_exceeded",
    "runtime_error": "runtime_error",
    "protocol_violation": "wrong_answer",
    "failed": "wrong_answer",
}
SOURCE_SUFFIXES = (".cpp", ".cc", ".py")


def is_tps(path: Path) -> bool:
    return (path / "problem.json").is_file()


def load_tps(root: Path) -> Problem:
    file = root / "problem.json"
    try:
        data = json.loads(file.read_text())
    except (OSError, ValueError) as e:
        raise ProblemFormatError(file, "", f"not valid JSON ({e})") from None
    for key in ("code", "task_type"):
        if key not in data:
            raise ProblemFormatError(file, key, "missing")
    code = data["code"]
    task_type = data["task_type"][0].upper() + data["task_type"][1:]
    tests = _tests(root, file)
    limits = Limits(time_s=float(data.get("time_limit") or 1.0), memory_mib=_memory_mib(data))
    checker = _checker(root)
    subtasks = _subtasks(root, tests)
    return Problem(
        id=code,
        title=data.get("name", code),
        root=root,
        limits=limits,
        time_rule=TimeRule(origin="problem.json time_limit"),
        subtasks=subtasks,
        tests=tests,
        checker=checker,
        task_type=_task_type(root, file, data, task_type, code),
        score_precision=int(data.get("score_precision", 2)),
        **_statement(root),
        samples=next((s.tests for s in subtasks if s.points == 0), []),
        solutions=_solutions(root),
        format="tps",
        # IOI compiles with gnu++20 (the 2026 packages' own solutions use std::map::contains)
        cpp="cpp20",
    )


def _memory_mib(data: dict) -> int:
    """IOI's archive gives bytes (2147483648); older TPS packages give MB (256). No real limit is under 64 KiB."""
    value = int(data.get("memory_limit") or 256 * 2**20)
    return value if value < 65536 else max(1, value // 2**20)


def _tests(root: Path, file: Path) -> dict[str, TestCase]:
    folder = root / "tests"
    tests = {}
    for inp in sorted(folder.glob("*.in")):
        out = inp.with_suffix(".out")
        if not out.exists():
            raise ProblemFormatError(folder, inp.name, "has no .out file beside it")
        tests[inp.stem] = TestCase(inp.stem, inp, out)
    if not tests:
        raise ProblemFormatError(file, "tests", f"no tests in {folder}")
    return tests


def _subtasks(root: Path, tests: dict[str, TestCase]) -> list[Subtask]:
    folder = root / "subtasks"
    files = sorted(folder.glob("*.json")) if folder.is_dir() else []
    names = sorted(tests)
    if not files:  # CMS: no subtasks means Sum with 100 points spread over the tests
        return [Subtask(name="all", points=100.0, tests=names, score_type="Sum")]
    subtasks = []
    for f in files:
        try:
            data = json.loads(f.read_text())
            points = float(int(data["score"]))
            listed = data["testcases"]
        except (OSError, ValueError, KeyError, TypeError) as e:
            raise ProblemFormatError(f, "score/testcases", f"unreadable subtask ({e})") from None
        if not listed:
            raise ProblemFormatError(f, "testcases", "empty")
        pattern = re.compile("|".join(re.escape(t) for t in listed))
        chosen = [t for t in names if pattern.match(t)]
        missing = [t for t in listed if t not in tests]
        if missing:
            raise ProblemFormatError(f, "testcases", f"no such test {missing[0]!r} in tests/")
        subtasks.append(Subtask(name=f.stem, points=points, tests=chosen, score_type="GroupMin"))
    return subtasks


def _checker(root: Path) -> CheckerSpec:
    folder = root / "checker"
    if not (folder / "checker.cpp").is_file():
        return CheckerSpec(kind="whitediff")
    files = {p.name: p for p in sorted(folder.iterdir()) if p.is_file() and p.suffix in (".cpp", ".h", ".hpp")}
    return CheckerSpec(kind="cms", files=files, sources=["checker.cpp"])


def _params(file: Path, data: dict, task_type: str) -> list:
    """Task type parameters as CMS's positional list, from protocol v2 (a list) or v1 (a JSON dict)."""
    raw = data.get("task_type_params")
    if isinstance(raw, list):
        return raw
    if isinstance(raw, str):
        try:
            raw = json.loads(raw or "{}")
        except ValueError:
            raise ProblemFormatError(file, "task_type_params", "not valid JSON") from None
    raw = raw or {}
    if not isinstance(raw, dict):
        raise ProblemFormatError(file, "task_type_params", "expected a list or an object")
    prefix = f"task_type_parameters_{task_type}"
    if task_type in ("Batch", "BatchAndOutput"):
        return [raw.get(f"{prefix}_compilation", "grader"),
                [raw.get(f"{prefix}_io_0_inputfile", ""), raw.get(f"{prefix}_io_1_outputfile", "")], None]
    if task_type == "Communication":
        return [int(raw.get(f"{prefix}_num_processes", 1)), "stub", "std_io"]
    return []


def _task_type(root: Path, file: Path, data: dict, task_type: str, code: str) -> TaskTypeSpec:
    params = _params(file, data, task_type)
    graders_dir = root / "graders"
    graders = {p.name: p for p in sorted(graders_dir.iterdir())
               if p.is_file() and p.name != "manager.cpp" and not p.name.startswith(".")} \
        if graders_dir.is_dir() else {}
    if task_type in ("Batch", "BatchAndOutput"):
        compilation = params[0] if params else "grader"
        io = params[1] if len(params) > 1 else ["", ""]
        use_grader = compilation == "grader"
        if use_grader and "grader.cpp" not in graders:
            raise ProblemFormatError(file, "task_type_params", "compilation is 'grader' but graders/grader.cpp "
                                     "is missing")
        return TaskTypeSpec(kind="batch", graders=graders if use_grader else {},
                            compile_with=["grader.cpp"] if use_grader else [],
                            submission_name=f"{code}.cpp", input_file=io[0] or "", output_file=io[1] or "",
                            outputs_allowed=task_type == "BatchAndOutput")
    if task_type == "Communication":
        if len(params) < 3:
            raise ProblemFormatError(file, "task_type_params", "Communication needs [processes, compilation, io]")
        num, compilation, user_io = int(params[0]), params[1], params[2]
        # CMS's importer turns graders/grader.* into the stub for Communication tasks
        stub_files = {("stub" + Path(n).suffix if Path(n).stem == "grader" else n): p for n, p in graders.items()}
        manager_src = graders_dir / "manager.cpp"
        if not manager_src.is_file():
            raise ProblemFormatError(file, "task_type", "Communication needs graders/manager.cpp")
        manager_files = {n: p for n, p in graders.items() if Path(n).suffix in (".h", ".hpp")}
        manager_files["manager.cpp"] = manager_src
        uses_stub = compilation == "stub"
        if uses_stub and "stub.cpp" not in stub_files:
            raise ProblemFormatError(file, "task_type_params", "compilation is 'stub' but graders/stub.cpp "
                                     "(or grader.cpp) is missing")
        return TaskTypeSpec(kind="communication", graders=stub_files if uses_stub else {},
                            compile_with=["stub.cpp"] if uses_stub else [], submission_name=f"{code}.cpp",
                            num_processes=num, user_io=user_io,
                            manager=ProgramSource(files=manager_files, sources=["manager.cpp"]))
    if task_type == "OutputOnly":
        return TaskTypeSpec(kind="output_only", outputs_allowed=True)
    raise ProblemFormatError(file, "task_type", f"unsupported task type {data['task_type']!r}")


def _statement(root: Path) -> dict[str, str]:
    """Problem's `statement` (and `statement_error` for a PDF without text)."""
    for md in (root / "statement" / "en.md", root / "statement.md", root / "statements" / "en.md"):
        if md.is_file():
            return {"statement": md.read_text()}
    for pdf in (root / "en.pdf", root / "statements" / "en.pdf", root / "statement" / "en.pdf"):
        if pdf.is_file():
            text, error = statement_from_pdf(pdf)
            return {"statement": text, "statement_error": error}
    return {"statement": ""}


def _solutions(root: Path) -> dict[str, list[Path]]:
    folder = root / "solutions"
    found: dict[str, list[Path]] = {}
    if not folder.is_dir():
        return found
    for sub in sorted(p for p in folder.iterdir() if p.is_dir()):
        cls = SOLUTION_CLASSES.get(sub.name, "wrong_answer")
        for f in sorted(sub.iterdir()):
            if f.suffix in SOURCE_SUFFIXES:
                found.setdefault(cls, []).append(f)
    return found
