"""Problem packages: loaders for each format, all producing solver.problems.model.Problem."""
from pathlib import Path

from .errors import ProblemFormatError
from .italian import is_italian, load_italian
from .jsonl import is_jsonl, load_jsonl, load_jsonl_problem, split_problem_ref
from .kattis import is_kattis, load_kattis
from .markdown import is_markdown, load_markdown
from .model import CheckerSpec, Problem, Subtask
from .native import is_native, load_native
from .tps import is_tps, load_tps


def load_problem(path: str | Path) -> Problem:
    """Load a problem package of any supported format (detected from its files)."""
    return _with_costs(_load(path))


def _with_costs(problem: Problem) -> Problem:
    """CMS GroupThreshold takes the checker's outcomes as costs (a test passes when 0 < cost <= threshold), every
    other score type as fractions (the native loader refuses a mix: one checker cannot mean both)."""
    problem.checker.costs = any(s.score_type == "GroupThreshold" for s in problem.subtasks)
    return problem


def _load(path: str | Path) -> Problem:
    ref = split_problem_ref(path)
    if ref is not None:  # one problem of a dataset file: FILE.jsonl#ID
        return load_jsonl_problem(*ref)
    root = Path(path)
    if is_jsonl(root):
        problems = load_jsonl(root)
        if len(problems) != 1:
            raise ProblemFormatError(root, "", f"holds {len(problems)} problems: name one as {root}#ID "
                                     f"(e.g. {root}#{problems[0].id}), or run the whole file with batch or eval")
        return problems[0]
    if not root.exists():
        raise ProblemFormatError(root, "", "no such file or folder")
    if root.is_file() and is_markdown(root):
        return load_markdown(root)
    if root.is_dir() and is_kattis(root):  # before native: both have problem.yaml (is_kattis tells them apart)
        return load_kattis(root)
    if root.is_dir() and is_native(root):
        return load_native(root)
    if root.is_dir() and is_tps(root):
        return load_tps(root)
    if root.is_dir() and is_italian(root):
        return load_italian(root)
    raise ProblemFormatError(root, "", "not a problem package (no problem.yaml, problem.json or task.yaml)")


def load_archive(path: str | Path) -> list[Problem] | None:
    """The problems of a dataset file (JSON lines), or None when PATH is not one (a folder of packages)."""
    root = Path(path)
    return load_jsonl(root) if is_jsonl(root) else None


__all__ = ["CheckerSpec", "Problem", "ProblemFormatError", "Subtask", "load_archive", "load_problem"]
