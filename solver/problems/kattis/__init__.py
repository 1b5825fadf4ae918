"""Kattis problem packages (kattis.github.io/problem-package-format), read the way problemtools reads them.

Versions: `legacy` (also `legacy-icpc`, or no problem_format_version at all) and `2025-09`; `2023-07-draft` has a
2025-09-style problem.yaml and legacy testdata.yaml files, and is read so, as problemtools reads it.

Kattis grades a tree of test data groups; this judge scores flat CMS subtasks. The mapping:
- The samples are a 0-point subtask `sample` (so they are judged and shown, and never add points).
- A pass-fail problem is one subtask `secret` (every test under data/secret), GroupMin, worth PASS_FAIL_POINTS =
  100: accepted reads as a full IOI score, so reports and the agent treat Kattis and CMS problems alike.
- A scoring problem is one subtask per test data group that holds test cases, named by its path under data/
  (`secret/group1`, or `secret` when the tests sit there), worth the group's maximum score and scored by
  solver.judge.scoring.KattisGrading: legacy groups by the default grader's score mode (sum/min/max/avg of score.txt or
  accept_score / reject_score, on_reject), 2025-09 groups by score_aggregation (pass-fail/sum/min of max_score).
  The groups above those must add their children up (sum), as IOI-style Kattis packages do; a package that
  aggregates groups otherwise (min, require_pass, custom graders) is refused rather than scored differently.
Not modelled, on purpose: legacy `on_reject: break` above the leaf groups (Kattis then skips later sibling groups
after a failure), and Kattis's rule that a submission whose final verdict is not accepted scores nothing; the
usual IOI-style configuration (secret: `on_reject: continue`, `accept_if_any_accepted`, sum) scores the same.

Time limit: limits.time_limit (2025-09), else `.timelimit` (the file DOMjudge and BAPCtools write), else
DEFAULT_TIME_LIMIT_S = 1 s. Kattis derives a missing limit from the accepted submissions' run times on the judging
machine, which a loader cannot do: the loader records the rule (Problem.time_rule) and solver/judge/timelimits.py applies
it when asked (`--time-limit calibrated`). 1 s is what that rule gives whenever the slowest accepted submission is
quick (under 0.3 s with legacy's time_multiplier 5, under 0.5 s with 2025-09's ac_to_time_limit 2).
Memory and output default to problemtools' system defaults, 1024 MiB and 8 MiB.

Modules: spec (the YAML schemas, which files count), metadata (problem.yaml: limits, type, validation, title),
testdata (tests and groups -> subtasks), validators (checker and interactor); this one loads the whole package.

The default output validator maps onto the built-in checkers: no flags -> tokens, space_change_sensitive ->
exact, float tolerances -> float. One difference: Kattis compares tokens case-insensitively unless
`case_sensitive`; the built-in checkers always compare case-sensitively. The judge gives every check one set of
validator flags, so the secret tests must agree on theirs (the samples are checked with them too).
Refused with a one-line error: multi-pass and submit-answer problems, several output validators, build/run
scripts, custom graders, submission args and .files. Out of the loader's hands: the sandbox reads score.txt from
output validators only (not from interactors, and not 2025-09's score_multiplier.txt).
"""
from __future__ import annotations

from pathlib import Path

import yaml

from ..errors import ProblemFormatError
from ..model import Problem, Subtask
from .metadata import (DEFAULT_MEMORY_MIB, DEFAULT_OUTPUT_MIB, DEFAULT_TIME_LIMIT_S, legacy_meta, modern_meta,
                       statement_text)
from .spec import LEGACY_VERSIONS, MODERN_VERSIONS, read_yaml
from .testdata import PASS_FAIL_POINTS, legacy_data, modern_data
from .validators import checker_and_task_type

__all__ = ["DEFAULT_MEMORY_MIB", "DEFAULT_OUTPUT_MIB", "DEFAULT_TIME_LIMIT_S", "PASS_FAIL_POINTS", "is_kattis",
           "load_kattis"]

#: Kattis runs the format's `python3` submissions under PyPy (NWERC 2021's system page, a Kattis-run contest: "For
#: Python 3: the main source file will be executed by the PyPy3 interpreter"), so `.py` submissions run so here.
KATTIS_PYTHON = "pypy3"

#: Kattis submission folders -> the classes Problem.solutions uses (cpsolve verify checks them).
SUBMISSION_CLASSES = {
    "accepted": "accepted",
    "partially_accepted": "partial",
    "wrong_answer": "wrong_answer",
    "time_limit_exceeded": "time_limit_exceeded",
    "run_time_error": "runtime_error",
    "rejected": "wrong_answer",  # 2025-09: some test not accepted, any reason
    "brute_force": "runtime_error",  # 2025-09: never wrong, but crashes or times out somewhere
}
SUBMISSION_SUFFIXES = (".cpp", ".cc", ".cxx", ".c++", ".py")


def is_kattis(path: Path) -> bool:
    """problem.yaml without `id` (native-only) and either problem_format_version (Kattis-only) or the folders of a
    Kattis package: data/, or at least no tests/ (native's). Each format forbids the other's key, so a package
    cannot be both; an unreadable problem.yaml is told by the folders, and its loader reports the YAML error."""
    file = path / "problem.yaml"
    if not file.is_file():
        return False
    try:
        raw = yaml.safe_load(file.read_text())
    except (yaml.YAMLError, OSError, UnicodeDecodeError):
        raw = None
    if isinstance(raw, dict):
        if "id" in raw:
            return False
        if "problem_format_version" in raw:
            return True
    return (path / "data").is_dir() or not (path / "tests").is_dir()


def load_kattis(root: Path) -> Problem:
    file = root / "problem.yaml"
    raw = read_yaml(file)
    version = str(raw.get("problem_format_version", "legacy"))
    if version in LEGACY_VERSIONS:
        meta = legacy_meta(raw, file, root)
    elif version in MODERN_VERSIONS:
        meta = modern_meta(raw, file, root, version)
    else:
        raise ProblemFormatError(file, "problem_format_version", f"unsupported version {version!r}; supported: "
                                 f"{', '.join(LEGACY_VERSIONS + MODERN_VERSIONS)}")
    data = root / "data"
    if not (data / "secret").is_dir():
        raise ProblemFormatError(data, "secret", "missing: a Kattis package keeps its judged tests in data/secret/")
    if meta.legacy_data:
        samples, secret, subtasks = legacy_data(meta, data, file)
    else:
        samples, secret, subtasks = modern_data(meta, data)
    if not any(g.tests for g in secret):
        raise ProblemFormatError(data / "secret", "", "no test cases (*.in with *.ans) in it or below it")
    sample_names = [t.name for g in samples for t in g.tests]
    if sample_names:
        subtasks.insert(0, Subtask(name="sample", points=0.0, tests=sample_names, score_type="GroupMin"))
    checker, task_type = checker_and_task_type(meta, secret, root, file)
    return Problem(
        id=root.resolve().name,
        title=meta.title,
        root=root,
        limits=meta.limits,
        time_rule=meta.time_rule,
        subtasks=subtasks,
        tests={t.name: t for g in samples + secret for t in g.tests},
        checker=checker,
        task_type=task_type,
        statement=statement_text(root),
        samples=sample_names,
        solutions=reference_submissions(root),
        format="kattis",
        python=KATTIS_PYTHON,
    )


def reference_submissions(root: Path) -> dict[str, list[Path]]:
    """Single-file submissions we can judge; multi-file ones (folders) and other languages are left out."""
    found: dict[str, list[Path]] = {}
    folder = root / "submissions"
    for sub, cls in SUBMISSION_CLASSES.items():
        if (folder / sub).is_dir():
            files = sorted(p for p in (folder / sub).iterdir() if p.is_file() and p.suffix in SUBMISSION_SUFFIXES)
            found.setdefault(cls, []).extend(files)
    return {cls: files for cls, files in found.items() if files}
