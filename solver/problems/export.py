"""`cpsolve import SRC DEST`: write any loaded problem as a native package that loads back to the same Problem.

Everything the judge uses is carried over: limits, subtasks with their exact test lists and score types, the
checker and its files, graders, stubs, managers, named input/output files, samples, reference solutions and
the statement's text.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from .errors import ProblemFormatError
from .model import Problem


def export_native(problem: Problem, dest: Path) -> Path:
    if dest.exists() and not dest.is_dir():
        raise ProblemFormatError(dest, "", "destination exists and is not a folder")
    if dest.exists() and any(dest.iterdir()):
        raise ProblemFormatError(dest, "", "destination exists and is not empty")
    (dest / "tests").mkdir(parents=True, exist_ok=True)
    for name, test in problem.tests.items():
        shutil.copyfile(test.input_path, dest / "tests" / f"{flat(name)}.in")
        answer = dest / "tests" / f"{flat(name)}.ans"
        if test.answer_path is not None:
            shutil.copyfile(test.answer_path, answer)
        else:
            answer.write_bytes(b"")
    spec: dict = {
        "id": problem.id,
        "title": problem.title,
        "time_limit": problem.limits.time_s,
        "memory_limit": problem.limits.memory_mib,
        "output_limit": problem.limits.output_mib,
        "score_precision": problem.score_precision,
        **({"cpp": problem.cpp} if problem.cpp != "cpp17" else {}),
        **({"python": problem.python} if problem.python != "python3" else {}),
        "checker": _checker(problem, dest),
        "subtasks": [
            {"name": s.name, "points": s.points, "tests": [flat(t) for t in s.tests], "score_type": s.score_type,
             **({"threshold": s.threshold} if s.score_type == "GroupThreshold" else {}),
             **({"constraints": s.constraints} if s.constraints else {})}
            for s in problem.subtasks
        ],
    }
    task_type = _task_type(problem, dest)
    if task_type:
        spec["task_type"] = task_type
    if problem.samples:
        spec["samples"] = [flat(t) for t in problem.samples]
    expected = _solutions(problem, dest)
    if expected:
        spec["expected"] = expected
    if problem.statement:
        (dest / "statement.md").write_text(problem.statement)
    (dest / "problem.yaml").write_text(
        f"# imported by `cpsolve import` (source format: {problem.format})\n"
        + yaml.safe_dump(spec, sort_keys=False, allow_unicode=True, width=120, default_flow_style=None))
    return dest


def flat(test_name: str) -> str:
    """Native tests live in one folder: Kattis names like `secret/group1/03` become `secret__group1__03`."""
    return test_name.replace("/", "__")


def _copy_files(files: dict[str, Path], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, path in files.items():
        shutil.copyfile(path, folder / name)


def _checker(problem: Problem, dest: Path):
    c = problem.checker
    if c.kind == "float":
        return {"type": "float", "abs_tol": c.abs_tol, "rel_tol": c.rel_tol}
    if not c.files:
        return c.kind
    _copy_files(c.files, dest / "checker")
    return {"type": c.kind, "source": f"checker/{c.sources[0]}",
            "include": [f"checker/{n}" for n in c.files if n != c.sources[0]]}


def _task_type(problem: Problem, dest: Path) -> dict:
    tt = problem.task_type
    out: dict = {}
    if tt.kind != "batch":
        out["type"] = tt.kind
    if tt.graders:
        _copy_files(tt.graders, dest / "graders")
        compiled = [f"graders/{n}" for n in tt.compile_with]
        if tt.kind == "communication" and compiled:
            out["stub"] = compiled[0]
        elif compiled:
            out["grader"] = compiled
        headers = [f"graders/{n}" for n in tt.graders if n not in tt.compile_with]
        if headers:
            out["headers"] = headers
        if tt.submission_name:
            out["submission_name"] = tt.submission_name
    for key in ("input_file", "output_file"):
        if getattr(tt, key):
            out[key] = getattr(tt, key)
    if tt.manager is not None:
        _copy_files(tt.manager.files, dest / "manager")
        out["manager"] = f"manager/{tt.manager.sources[0]}"
        extra = [f"manager/{n}" for n in tt.manager.files if n != tt.manager.sources[0]]
        if extra:
            out["manager_include"] = extra
    if tt.kind == "communication":
        out["processes"] = tt.num_processes
        out["user_io"] = tt.user_io
    if tt.kind == "interactive":
        out["protocol"] = tt.interactor_protocol
    if tt.outputs_allowed and tt.kind != "output_only":
        out["outputs_allowed"] = True
    return out


def _solutions(problem: Problem, dest: Path) -> dict:
    expected = {}
    for cls, files in problem.solutions.items():
        folder = dest / "solutions" / cls
        folder.mkdir(parents=True, exist_ok=True)
        for f in files:
            target = folder / f.name
            if target.exists():  # two source folders map to one class (TPS correct/ and model_solution/)
                target = folder / f"{f.parent.name}__{f.name}"
            if f.is_dir():  # an output-only submission: a folder of output files
                shutil.copytree(f, target)
            else:
                shutil.copyfile(f, target)
            if str(f) in problem.expected_scores:
                expected[f"{cls}/{target.name}"] = problem.expected_scores[str(f)]
    return expected
