"""Kattis problem packages (kattis.github.io/problem-package-format), read the way problemtools reads them.

Versions: `legacy` (also `legacy-icpc`, or no problem_format_version at all) and `2025-09`; `2023-07-draft` has a
2025-09-style problem.yaml and legacy testdata.yaml files, and is read so, as problemtools reads it.

Kattis grades a tree of test data groups; this judge scores flat CMS subtasks. The mapping:
- The samples are a 0-point subtask `sample` (so they are judged and shown, and never add points).
- A pass-fail problem is one subtask `secret` (every test under data/secret), GroupMin, worth PASS_FAIL_POINTS =
  100: accepted reads as a full IOI score, so reports and the agent treat Kattis and CMS problems alike.
- A scoring problem is one subtask per test data group that holds test cases, named by its path under data/
  (`secret/group1`, or `secret` when the tests sit there), worth the group's maximum score and scored by
  solver.scoring.KattisGrading: legacy groups by the default grader's score mode (sum/min/max/avg of score.txt or
  accept_score / reject_score, on_reject), 2025-09 groups by score_aggregation (pass-fail/sum/min of max_score).
  The groups above those must add their children up (sum), as IOI-style Kattis packages do; a package that
  aggregates groups otherwise (min, require_pass, custom graders) is refused rather than scored differently.
Not modelled, on purpose: legacy `on_reject: break` above the leaf groups (Kattis then skips later sibling groups
after a failure), and Kattis's rule that a submission whose final verdict is not accepted scores nothing; the
usual IOI-style configuration (secret: `on_reject: continue`, `accept_if_any_accepted`, sum) scores the same.

Time limit: limits.time_limit (2025-09), else `.timelimit` (the file DOMjudge and BAPCtools write), else
DEFAULT_TIME_LIMIT_S = 1 s. Kattis derives a missing limit from the accepted submissions' run times (at least 1 s,
rounded up to whole seconds), which a loader cannot do; 1 s is what that rule gives whenever the slowest accepted
submission is quick (under 0.2 s with legacy's time_multiplier 5, under 0.5 s with 2025-09's ac_to_time_limit 2).
Memory and output default to problemtools' system defaults, 1024 MiB and 8 MiB.

The default output validator maps onto the built-in checkers: no flags -> tokens, space_change_sensitive ->
exact, float tolerances -> float. One difference: Kattis compares tokens case-insensitively unless
`case_sensitive`; the built-in checkers always compare case-sensitively. The judge gives every check one set of
validator flags, so the secret tests must agree on theirs (the samples are checked with them too).
Refused with a one-line error: multi-pass and submit-answer problems, several output validators, build/run
scripts, custom graders, submission args and .files. Out of the loader's hands: the sandbox reads score.txt from
output validators only (not from interactors, and not 2025-09's score_multiplier.txt).
"""
from __future__ import annotations

import datetime
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal, Union

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from sandbox.executor import Limits, TestCase

from ..scoring import KattisGrading
from .errors import ProblemFormatError, pydantic_error
from .model import CheckerSpec, Problem, ProgramSource, Subtask, TaskTypeSpec, TimeRule
from .native import _UniqueKeyLoader

DEFAULT_TIME_LIMIT_S = 1.0
DEFAULT_MEMORY_MIB = 1024
DEFAULT_OUTPUT_MIB = 8
PASS_FAIL_POINTS = 100.0
#: Kattis runs the format's `python3` submissions under PyPy (NWERC 2021's system page, a Kattis-run contest: "For
#: Python 3: the main source file will be executed by the PyPy3 interpreter"), so `.py` submissions run so here.
KATTIS_PYTHON = "pypy3"

LEGACY_VERSIONS = ("legacy", "legacy-icpc")
MODERN_VERSIONS = ("2025-09", "2023-07-draft", "2023-07")
PROBLEM_TYPES = ("pass-fail", "scoring", "interactive", "multi-pass", "submit-answer")

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
#: Validator sources compile_package_program can build (.py as Python, the rest as C++; C is compiled as C++).
CPP_SUFFIXES = (".cpp", ".cc", ".cxx", ".c++", ".c")

#: The default grader's flags (problemtools support/default_grader): score modes, then verdict modes and flags.
SCORE_MODES = ("sum", "avg", "min", "max")
VERDICT_FLAGS = ("worst_error", "no_errors", "first_error", "always_accept", "ignore_sample", "accept_if_any_accepted")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")  # the spec: unknown keys are errors (a typo must not pass silently)


MiB = Annotated[int, Field(gt=0)]


class LegacyLimits(_Strict):
    time_multiplier: float = Field(5.0, gt=0)
    time_safety_margin: float = Field(2.0, gt=0)
    memory: MiB | None = None
    output: MiB | None = None
    code: MiB | None = None
    compilation_time: MiB | None = None
    compilation_memory: MiB | None = None
    validation_time: MiB | None = None
    validation_memory: MiB | None = None
    validation_output: MiB | None = None


class LegacyGrading(_Strict):
    objective: Literal["max", "min"] = "max"
    show_test_data_groups: bool = False
    # keys older than `legacy` that problemtools still reads: defaults for data/'s testdata.yaml
    accept_score: float | None = None
    reject_score: float | None = None
    range: str | None = None
    on_reject: str | None = None


class LegacyProblemYaml(_Strict):
    problem_format_version: str = "legacy"
    type: Literal["pass-fail", "scoring"] = "pass-fail"
    name: str | None = None
    uuid: str | None = None
    author: str | None = None
    source: str | None = None
    source_url: str | None = None
    license: str = "unknown"
    rights_owner: str | None = None
    limits: LegacyLimits = LegacyLimits()
    validation: str = "default"
    validator_flags: str = ""
    grading: LegacyGrading = LegacyGrading()
    keywords: Union[str, list[str]] = ""


class TimeMultipliers(_Strict):
    ac_to_time_limit: float = Field(2.0, ge=1)
    time_limit_to_tle: float = Field(1.5, ge=1)


class ModernLimits(_Strict):
    time_multipliers: TimeMultipliers = TimeMultipliers()
    time_limit: float | None = Field(None, gt=0, description="seconds")
    time_resolution: float = Field(1.0, gt=0)
    memory: MiB | None = None
    output: MiB | None = None
    code: MiB | None = None
    compilation_time: MiB | None = None
    compilation_memory: MiB | None = None
    validation_time: MiB | None = None
    validation_memory: MiB | None = None
    validation_output: MiB | None = None
    validation_passes: int | None = Field(None, ge=2)


class ModernProblemYaml(_Strict):
    problem_format_version: str
    type: Union[str, list[str]] = "pass-fail"
    name: Union[str, dict[str, str]]
    uuid: str | None = None
    version: str | None = None
    credits: Union[str, dict, None] = None
    source: Union[str, dict, list, None] = None
    license: str = "unknown"
    rights_owner: str | None = None
    embargo_until: Union[datetime.datetime, datetime.date, str, None] = None
    limits: ModernLimits = ModernLimits()
    keywords: Union[list[str], str] = []
    languages: Union[str, list[str]] = "all"
    allow_file_writing: bool = False
    constants: dict = {}


class LegacyTestdataYaml(_Strict):
    """testdata.yaml (legacy, 2023-07-draft): every key is inherited by the groups below unless they set it."""

    on_reject: Literal["break", "continue"] | None = None
    grading: Literal["default", "custom"] | None = None
    grader_flags: str | None = None
    input_validator_flags: Union[str, dict, None] = None
    output_validator_flags: Union[str, dict, None] = None
    accept_score: float | None = None
    reject_score: float | None = None
    range: str | None = None


class TestGroupYaml(_Strict):
    """test_group.yaml (2025-09), in data/sample, data/secret and each test data group."""

    max_score: Union[Annotated[int, Field(ge=0)], Literal["unbounded"], None] = None
    score_aggregation: Literal["pass-fail", "sum", "min"] | None = None
    static_validation_score: Union[int, str, None] = None
    require_pass: Union[str, list[str], None] = None
    args: list[str] | None = None
    input_validator_args: Union[list[str], dict, None] = None
    static_validator_args: list[str] | None = None
    output_validator_args: list[str] | None = None
    input_visualizer_args: list[str] | None = None
    output_visualizer_args: list[str] | None = None
    full_feedback: bool | None = None


class TestCaseYaml(_Strict):
    """<test>.yaml beside a 2025-09 test case."""

    args: list[str] | None = None
    input_validator_args: Union[list[str], dict, None] = None
    output_validator_args: list[str] | None = None
    input_visualizer_args: list[str] | None = None
    output_visualizer_args: list[str] | None = None
    full_feedback: bool | None = None
    hint: str | None = None
    description: str | None = None


@dataclass
class _Meta:
    """What problem.yaml says, whichever version wrote it."""

    title: str
    limits: Limits
    time_rule: TimeRule
    scoring: bool
    interactive: bool
    custom: bool
    """A custom output validator judges (or, interactive, talks to) the submission."""
    custom_score: bool
    """Legacy `custom score`: the validator writes score.txt for every accepted test, so accept_score says nothing
    about a group's maximum (2023-07-draft validators may write one; their groups are bounded like default ones)."""
    flags: list[str]
    """Validator flags for every test (legacy validator_flags)."""
    validator_dir: str
    legacy_data: bool
    """Test data configured by testdata.yaml (legacy rules) rather than test_group.yaml."""
    data_defaults: dict


@dataclass
class _Group:
    """One folder of test data: its own test cases (not its subfolders'), its settings, and where they came from."""

    path: str
    folder: Path
    tests: list[TestCase]
    config: dict
    where: dict[str, Path]
    flags: dict[str, tuple[list[str], Path, str]]
    """Per test: validator flags, and the file and field that set them (for a one-line error)."""


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
    raw = _read_yaml(file)
    version = str(raw.get("problem_format_version", "legacy"))
    if version in LEGACY_VERSIONS:
        meta = _legacy_meta(raw, file, root)
    elif version in MODERN_VERSIONS:
        meta = _modern_meta(raw, file, root, version)
    else:
        raise ProblemFormatError(file, "problem_format_version", f"unsupported version {version!r}; supported: "
                                 f"{', '.join(LEGACY_VERSIONS + MODERN_VERSIONS)}")
    data = root / "data"
    if not (data / "secret").is_dir():
        raise ProblemFormatError(data, "secret", "missing: a Kattis package keeps its judged tests in data/secret/")
    if meta.legacy_data:
        samples, secret, subtasks = _legacy_data(meta, data, file)
    else:
        samples, secret, subtasks = _modern_data(meta, data)
    if not any(g.tests for g in secret):
        raise ProblemFormatError(data / "secret", "", "no test cases (*.in with *.ans) in it or below it")
    sample_names = [t.name for g in samples for t in g.tests]
    if sample_names:
        subtasks.insert(0, Subtask(name="sample", points=0.0, tests=sample_names, score_type="GroupMin"))
    checker, task_type = _judging(meta, secret, root, file)
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
        statement=_statement(root),
        samples=sample_names,
        solutions=_solutions(root),
        format="kattis",
        python=KATTIS_PYTHON,
    )


# ---------------------------------------------------------------- problem.yaml


def _read_yaml(file: Path) -> dict:
    try:
        raw = yaml.load(file.read_text(), Loader=_UniqueKeyLoader)  # a key given twice is an error, as in native
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        what = getattr(e, "problem", None) or str(e).splitlines()[0]
        raise ProblemFormatError(file, "", f"not valid YAML{where}: {what}") from None
    if raw is None:
        return {}  # an empty file sets nothing
    if not isinstance(raw, dict):
        raise ProblemFormatError(file, "", "expected a mapping at the top level")
    return raw


def _validate(model: type[BaseModel], raw: dict, file: Path):
    try:
        return model.model_validate(raw)
    except ValidationError as e:
        raise pydantic_error(file, e) from None


def _legacy_meta(raw: dict, file: Path, root: Path) -> _Meta:
    spec: LegacyProblemYaml = _validate(LegacyProblemYaml, raw, file)
    words = spec.validation.split()
    extra = words[1:]
    if not words or words[0] not in ("default", "custom") or (words[0] == "default" and extra) \
            or any(w not in ("score", "interactive") for w in extra):
        raise ProblemFormatError(file, "validation", f"expected `default`, or `custom` optionally followed by "
                                 f"`score` and/or `interactive`; got {spec.validation!r}")
    if "score" in extra and spec.type != "scoring":
        raise ProblemFormatError(file, "validation", "`custom score` is only for scoring problems (type: scoring)")
    if spec.grading.objective == "min":
        raise ProblemFormatError(file, "grading.objective", "min (lower is better) cannot be scored as points; "
                                 "only max is supported")
    defaults = {k: getattr(spec.grading, k) for k in ("accept_score", "reject_score", "range")
                if getattr(spec.grading, k) is not None}
    return _Meta(
        title=spec.name or _tex_name(root) or root.resolve().name,
        limits=_limits(root, spec.limits.memory, spec.limits.output, None),
        # problemtools (legacy verifyproblem.py): limit = max(1, int(0.5 + slowest AC x time_multiplier)), and
        # time_limit_exceeded submissions must time out at max(limit + 1, int(0.5 + that x time_safety_margin))
        time_rule=TimeRule(origin=_time_origin(root, None), derivable=True,
                           ac_to_time_limit=spec.limits.time_multiplier,
                           time_limit_to_tle=spec.limits.time_safety_margin),
        scoring=spec.type == "scoring", interactive="interactive" in extra, custom=words[0] == "custom",
        custom_score="score" in extra, flags=spec.validator_flags.split(), validator_dir="output_validators",
        legacy_data=True, data_defaults=defaults)


def _modern_meta(raw: dict, file: Path, root: Path, version: str) -> _Meta:
    spec: ModernProblemYaml = _validate(ModernProblemYaml, raw, file)
    types = [spec.type] if isinstance(spec.type, str) else list(spec.type)
    if not types:
        raise ProblemFormatError(file, "type", "an empty list; give at least one problem type")
    for t in types:
        if t not in PROBLEM_TYPES:
            raise ProblemFormatError(file, "type", f"unknown problem type {t!r}; expected {', '.join(PROBLEM_TYPES)}")
    if "pass-fail" in types and "scoring" in types:
        raise ProblemFormatError(file, "type", "pass-fail and scoring exclude each other")
    for t in ("multi-pass", "submit-answer"):
        if t in types:
            raise ProblemFormatError(file, "type", f"{t} problems are not supported")
    name = spec.name if isinstance(spec.name, str) else spec.name.get("en") or next(iter(spec.name.values()), "")
    scoring, interactive = "scoring" in types, "interactive" in types
    custom = _has_files(root / "output_validator")
    if interactive and not custom:
        raise ProblemFormatError(file, "type", "an interactive problem needs its interactor in output_validator/")
    return _Meta(
        title=name or root.resolve().name,
        limits=_limits(root, spec.limits.memory, spec.limits.output, spec.limits.time_limit),
        # the 2025-09 spec, "Problem timing": the smallest multiple of time_resolution with slowest AC x
        # ac_to_time_limit <= limit and limit x time_limit_to_tle <= fastest TLE; a given time_limit is used as is
        time_rule=TimeRule(origin=_time_origin(root, spec.limits.time_limit),
                           derivable=spec.limits.time_limit is None,
                           ac_to_time_limit=spec.limits.time_multipliers.ac_to_time_limit,
                           time_limit_to_tle=spec.limits.time_multipliers.time_limit_to_tle,
                           resolution=spec.limits.time_resolution),
        scoring=scoring, interactive=interactive, custom=custom, custom_score=False, flags=[],
        validator_dir="output_validator", legacy_data=version != "2025-09", data_defaults={})


def _time_origin(root: Path, time_limit: float | None) -> str:
    """Where _limits takes the time limit from, in words (the result JSON says it)."""
    if time_limit is not None:
        return "problem.yaml limits.time_limit"
    if (root / ".timelimit").is_file():
        return ".timelimit (a fixed export of a limit derived on another machine)"
    return f"default {DEFAULT_TIME_LIMIT_S:g} s (the package gives none)"


def _limits(root: Path, memory: int | None, output: int | None, time_limit: float | None) -> Limits:
    time_s = time_limit
    marker = root / ".timelimit"
    if time_s is None and marker.is_file():
        text = marker.read_text().strip()
        try:
            time_s = float(text)
        except ValueError:
            time_s = -1.0
        if not (math.isfinite(time_s) and time_s > 0):
            raise ProblemFormatError(marker, "", f"expected a positive number of seconds, got {text!r}")
    return Limits(time_s=time_s or DEFAULT_TIME_LIMIT_S, memory_mib=memory or DEFAULT_MEMORY_MIB,
                  output_mib=output or DEFAULT_OUTPUT_MIB)


# ---------------------------------------------------------------- test data


def _visible(path: Path, base: Path) -> bool:
    """The spec: names starting with a dot are not part of the package."""
    return not any(part.startswith(".") for part in path.relative_to(base).parts)


def _cases(data: Path, folder: Path, recursive: bool) -> list[TestCase]:
    """The test cases of a folder in Kattis's order (by name), each named by its path under data/ (`secret/g1/03`).
    Interactive samples given only as .interaction files have no .in and are not tests."""
    found = folder.rglob("*.in") if recursive else folder.glob("*.in")
    cases = []
    for inp in sorted((p for p in found if p.is_file() and _visible(p, folder)), key=lambda p: p.as_posix()):
        ans = inp.with_suffix(".ans")
        if not ans.is_file():
            raise ProblemFormatError(inp.parent, inp.name, f"has no {ans.name} beside it")
        cases.append(TestCase(inp.relative_to(data).with_suffix("").as_posix(), inp, ans))
    return cases


def _subfolders(folder: Path) -> list[Path]:
    return sorted(d for d in folder.iterdir() if d.is_dir() and not d.name.startswith("."))


def _legacy_data(meta: _Meta, data: Path, file: Path) -> tuple[list[_Group], list[_Group], list[Subtask]]:
    config, where = dict(meta.data_defaults), {k: file for k in meta.data_defaults}
    config, where = _inherit(data / "testdata.yaml", config, where)
    samples = _legacy_groups(meta, data, "sample", config, where, file) if (data / "sample").is_dir() else []
    secret = _legacy_groups(meta, data, "secret", config, where, file)
    if not meta.scoring:
        return samples, secret, _pass_fail(secret)
    subtasks = []
    for g in secret:
        mode = _score_mode(g)
        if g.config.get("grading") == "custom":
            raise ProblemFormatError(g.where["grading"], "grading", "custom graders are not supported; use the "
                                     "default grader's grader_flags")
        holds_groups = any(h.tests and h.path.startswith(g.path + "/") for h in secret)
        if holds_groups and mode != "sum":
            raise ProblemFormatError(g.where.get("grader_flags", g.folder / "testdata.yaml"), "grader_flags",
                                     f"{g.path} aggregates its subgroups by {mode}; only sum is supported (each "
                                     f"group is scored as one subtask and the subtasks add up)")
        if g.tests:
            subtasks.append(_legacy_subtask(meta, g, mode))
    return samples, secret, subtasks


def _inherit(yaml_file: Path, config: dict, where: dict) -> tuple[dict, dict]:
    if not yaml_file.is_file():
        return config, where
    spec = _validate(LegacyTestdataYaml, _read_yaml(yaml_file), yaml_file)
    own = spec.model_dump(exclude_none=True)
    return {**config, **own}, {**where, **{k: yaml_file for k in own}}


def _legacy_groups(meta: _Meta, data: Path, top: str, config: dict, where: dict, file: Path) -> list[_Group]:
    """`top` (sample or secret) and every folder below it, each a group, parents first, in Kattis's order."""
    groups: list[_Group] = []

    def walk(folder: Path, path: str, config: dict, where: dict) -> None:
        config, where = _inherit(folder / "testdata.yaml", config, where)
        raw = config.get("output_validator_flags", "")
        if not isinstance(raw, str):
            raise ProblemFormatError(where["output_validator_flags"], "output_validator_flags",
                                     "a mapping (several validators) is not supported; give the flags as a string")
        own = raw.split()
        flag_file, flag_field = (where["output_validator_flags"], "output_validator_flags") if own \
            else (file, "validator_flags")
        tests = _cases(data, folder, recursive=False)
        flags = {t.name: (meta.flags + own, flag_file, flag_field) for t in tests}
        groups.append(_Group(path, folder, tests, config, where, flags))
        for sub in _subfolders(folder):
            walk(sub, f"{path}/{sub.name}", config, where)

    walk(data / top, top, config, where)
    return groups


def _score_mode(g: _Group) -> str:
    """The default grader's score mode: the last of sum/avg/min/max in grader_flags, sum when none."""
    mode = "sum"
    for flag in str(g.config.get("grader_flags", "")).split():
        if flag in SCORE_MODES:
            mode = flag
        elif flag not in VERDICT_FLAGS:
            raise ProblemFormatError(g.where["grader_flags"], "grader_flags", f"unknown flag {flag!r}; the default "
                                     f"grader knows {', '.join(SCORE_MODES + VERDICT_FLAGS)}")
    return mode


def _legacy_subtask(meta: _Meta, g: _Group, mode: str) -> Subtask:
    """A leaf group. Its points: what accept_score adds up to (sum: one per test), capped by the top of its range;
    with a legacy `custom score` validator, the top of its range alone (score.txt replaces accept_score)."""
    accept = float(g.config.get("accept_score", 1.0))
    reject = float(g.config.get("reject_score", 0.0))
    text = g.config.get("range")
    lo, hi = -math.inf, math.inf
    if text is not None:
        try:
            lo, hi = (float(x) for x in str(text).split())
        except ValueError:
            raise ProblemFormatError(g.where["range"], "range", f"expected two numbers such as `0 100` (inf "
                                     f"allowed), got {text!r}") from None
    derived = accept * len(g.tests) if mode == "sum" else accept
    if meta.custom_score:
        if not math.isfinite(hi):
            raise ProblemFormatError(g.folder / "testdata.yaml", "range", f"{g.path} is scored by a custom-score "
                                     f"validator, so its maximum must be given as the top of its range (`0 100`)")
        points = hi
    else:
        points = min(hi, derived)
    grading = KattisGrading(mode, accept, reject, g.config.get("on_reject", "break"))
    return Subtask(name=g.path, points=max(0.0, points), tests=[t.name for t in g.tests],
                   score_type=grading.score_type)


def _pass_fail(secret: list[_Group]) -> list[Subtask]:
    return [Subtask(name="secret", points=PASS_FAIL_POINTS, tests=[t.name for g in secret for t in g.tests],
                    score_type="GroupMin")]


def _modern_data(meta: _Meta, data: Path) -> tuple[list[_Group], list[_Group], list[Subtask]]:
    samples = [_modern_group(data, data / "sample", "sample", {})[0]] if (data / "sample").is_dir() else []
    secret_dir = data / "secret"
    top, top_args = _modern_group(data, secret_dir, "secret", {}, recursive=False)
    folders = [d for d in _subfolders(secret_dir) if (d / "test_group.yaml").is_file()]
    if not folders:  # no test data groups: every test under secret/, subfolders included, is secret's own
        top, _ = _modern_group(data, secret_dir, "secret", {})
        secret = [top]
    else:
        if top.tests:
            raise ProblemFormatError(secret_dir, top.tests[0].input_path.name, "a test case beside test data "
                                     "groups; data/secret holds either test cases or groups, not both")
        for d in _subfolders(secret_dir):
            if not (d / "test_group.yaml").is_file():
                raise ProblemFormatError(d, "test_group.yaml", "missing: once data/secret has test data groups, "
                                         "each of its folders must be one")
        secret = [top] + [_modern_group(data, d, f"secret/{d.name}", top_args)[0] for d in folders]
        for g in secret[1:]:
            nested = next((p for p in g.folder.rglob("test_group.yaml") if p.parent != g.folder), None)
            if nested is not None:
                raise ProblemFormatError(nested, "", "test data groups cannot nest (only data/secret's folders "
                                         "are groups)")
    for g in secret:
        if g.config.get("require_pass"):
            raise ProblemFormatError(g.where["require_pass"], "require_pass", "group dependencies are not supported")
    if not meta.scoring:
        return samples, secret, _pass_fail(secret)
    return samples, secret, _modern_scoring(secret)


def _modern_group(data: Path, folder: Path, path: str, inherited_args: dict,
                  recursive: bool = True) -> tuple[_Group, dict]:
    """A folder with its test_group.yaml; the *_args keys pass down to the groups of secret."""
    yaml_file = folder / "test_group.yaml"
    spec = _validate(TestGroupYaml, _read_yaml(yaml_file), yaml_file) if yaml_file.is_file() else TestGroupYaml()
    own = spec.model_dump(exclude_none=True)
    config = {**inherited_args, **own}
    where = {k: yaml_file for k in own}
    args = {k: v for k, v in config.items() if k.endswith("args")}
    if path == "sample" and ("max_score" in own or "score_aggregation" in own):
        key = "max_score" if "max_score" in own else "score_aggregation"
        raise ProblemFormatError(yaml_file, key, "not allowed for the samples (they never score)")
    tests = _cases(data, folder, recursive)
    flags = {}
    for t in tests:
        test_yaml = t.input_path.with_suffix(".yaml")
        test_spec = _validate(TestCaseYaml, _read_yaml(test_yaml), test_yaml) if test_yaml.is_file() else None
        run_args = test_spec.args if test_spec and test_spec.args is not None else config.get("args")
        if run_args:
            raise ProblemFormatError(test_yaml if test_spec and test_spec.args else yaml_file, "args",
                                     "command-line arguments for submissions are not supported")
        if t.input_path.with_suffix(".files").is_dir():
            raise ProblemFormatError(t.input_path.with_suffix(".files"), "", "input files for submissions "
                                     "(.files) are not supported")
        if test_spec and test_spec.output_validator_args is not None:
            flags[t.name] = (list(test_spec.output_validator_args), test_yaml, "output_validator_args")
        else:
            flags[t.name] = (list(config.get("output_validator_args", [])),
                             where.get("output_validator_args", yaml_file), "output_validator_args")
    return _Group(path, folder, tests, config, where, flags), args


def _modern_scoring(secret: list[_Group]) -> list[Subtask]:
    top, groups = secret[0], secret[1:]
    top_file = top.folder / "test_group.yaml"
    max_score = top.config.get("max_score", 100)
    aggregation = top.config.get("score_aggregation", "sum")
    if max_score == "unbounded":
        raise ProblemFormatError(top_file, "max_score", "unbounded scores cannot be points; give a number")
    if not groups:
        return [_modern_subtask(top, float(max_score), aggregation)]
    if aggregation == "pass-fail":  # then every group is pass-fail too: all of secret or nothing
        for g in groups:
            if g.config.get("score_aggregation", "pass-fail") != "pass-fail":
                raise ProblemFormatError(g.where["score_aggregation"], "score_aggregation", "must be pass-fail: "
                                         "data/secret aggregates pass-fail")
        return [Subtask(name="secret", points=float(max_score), tests=[t.name for g in groups for t in g.tests],
                        score_type="GroupMin")]
    if aggregation == "min":
        raise ProblemFormatError(top_file, "score_aggregation", "min over test data groups is not supported (each "
                                 "group is scored as one subtask and the subtasks add up); use sum")
    subtasks = []
    for g in groups:
        points = g.config.get("max_score")
        if points is None or points == "unbounded":
            raise ProblemFormatError(g.folder / "test_group.yaml", "max_score", "required: data/secret's "
                                     "max_score is bounded, so each test data group needs its own")
        subtasks.append(_modern_subtask(g, float(points), g.config.get("score_aggregation", "pass-fail")))
    total = sum(s.points for s in subtasks)
    if total > max_score + 1e-9:
        raise ProblemFormatError(top_file, "max_score", f"the groups' max_score add up to {total:g}, more than "
                                 f"data/secret's {max_score:g}")
    return subtasks


def _modern_subtask(g: _Group, points: float, aggregation: str) -> Subtask:
    """2025-09: a failed test scores 0; an accepted one score.txt, else its maximum (sum: an equal share)."""
    names = [t.name for t in g.tests]
    if not names:
        raise ProblemFormatError(g.folder, "", "a test data group without test cases")
    if aggregation == "pass-fail":
        score_type = "GroupMin"
    elif aggregation == "sum":
        score_type = KattisGrading("sum", points / len(names), 0.0, "continue").score_type
    else:
        score_type = KattisGrading("min", points, 0.0, "break").score_type
    return Subtask(name=g.path, points=points, tests=names, score_type=score_type)


# ---------------------------------------------------------------- validator, statement, submissions


def _judging(meta: _Meta, secret: list[_Group], root: Path, file: Path) -> tuple[CheckerSpec, TaskTypeSpec]:
    """The checker (and the interactor of an interactive problem). The judge passes one set of flags to every
    check, so the secret tests must agree on theirs; the samples (worth nothing here) are checked with them too,
    whatever their own (2025-09 has no problem-wide flags, and packages often set them for secret/ only)."""
    flags: tuple[list[str], Path, str] | None = None
    for g in secret:
        for name, got in g.flags.items():
            if flags is None:
                flags = got
            elif got[0] != flags[0]:
                raise ProblemFormatError(got[1], got[2], f"{name} gets validator flags {got[0]} but other tests "
                                         f"get {flags[0]}; one set of flags per problem is supported")
    flag_list, flag_file, flag_field = flags or ([], file, "validator_flags")
    if not meta.custom:
        return _default_validator(flag_list, flag_file, flag_field), TaskTypeSpec()
    program = _validator_program(root, meta, file)
    checker = CheckerSpec(kind="kattis", files=program.files, sources=program.sources, flags=tuple(flag_list))
    if meta.interactive:
        return checker, TaskTypeSpec(kind="interactive", manager=program, interactor_protocol="kattis")
    return checker, TaskTypeSpec()


def _default_validator(flags: list[str], file: Path, field: str) -> CheckerSpec:
    space, abs_tol, rel_tol = False, None, None
    it = iter(flags)
    for flag in it:
        if flag == "case_sensitive":
            continue  # the built-in checkers are case-sensitive anyway
        if flag == "space_change_sensitive":
            space = True
        elif flag in ("float_tolerance", "float_absolute_tolerance", "float_relative_tolerance"):
            value = next(it, "")
            try:
                eps = float(value)
            except ValueError:
                raise ProblemFormatError(file, field, f"{flag} needs a number after it, got {value!r}") from None
            if flag != "float_relative_tolerance":
                abs_tol = eps
            if flag != "float_absolute_tolerance":
                rel_tol = eps
        else:
            raise ProblemFormatError(file, field, f"unknown flag {flag!r} for the default output validator; it "
                                     "knows case_sensitive, space_change_sensitive, float_tolerance E, "
                                     "float_absolute_tolerance E, float_relative_tolerance E")
    if abs_tol is not None or rel_tol is not None:
        if space:
            raise ProblemFormatError(file, field, "space_change_sensitive with a float tolerance is not supported")
        return CheckerSpec(kind="float", abs_tol=abs_tol or 0.0, rel_tol=rel_tol or 0.0)
    return CheckerSpec(kind="exact" if space else "tokens")


def _has_files(folder: Path) -> bool:
    return folder.is_dir() and any(_visible(p, folder) for p in folder.rglob("*") if p.is_file())


def _validator_program(root: Path, meta: _Meta, file: Path) -> ProgramSource:
    """Legacy: the one program in output_validators/ (a file, or a folder of files). 2025-09: output_validator/ is
    the program (2023-07-draft packages put it one folder down, as problemtools' examples do)."""
    folder = root / meta.validator_dir
    if meta.validator_dir == "output_validators":
        entries = [p for p in sorted(folder.iterdir()) if not p.name.startswith(".")] if folder.is_dir() else []
        if not entries:
            raise ProblemFormatError(file, "validation", "custom validation needs its program in "
                                     "output_validators/")
        if len(entries) > 1:
            raise ProblemFormatError(folder, "", f"{len(entries)} output validators "
                                     f"({', '.join(p.name for p in entries)}); only one is supported")
        return _program(entries[0])
    direct = [p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")]
    subs = _subfolders(folder)
    return _program(subs[0] if not direct and len(subs) == 1 else folder)


def _program(path: Path) -> ProgramSource:
    """A program as the spec has it: one source file, or a folder of files compiled together."""
    if path.is_file():
        files = {path.name: path}
    else:
        files = {p.name: p for p in sorted(path.iterdir()) if p.is_file() and not p.name.startswith(".")}
    if "build" in files or "run" in files:
        raise ProblemFormatError(path, "build", "programs made by build/run scripts are not supported; give C++ "
                                 "or Python sources")
    cpp = sorted(n for n in files if Path(n).suffix in CPP_SUFFIXES)
    py = sorted(n for n in files if n.endswith(".py"))
    if cpp:
        return ProgramSource(files=files, sources=cpp)
    if len(py) == 1 or "main.py" in py:
        return ProgramSource(files=files, sources=["main.py" if len(py) > 1 else py[0]])
    problem = "several Python files and no main.py" if py else "no C++ or Python source"
    raise ProblemFormatError(path, "", f"{problem}; cannot tell how to build this program")


def _statement(root: Path) -> str:
    """statement/ (2025-09) or problem_statement/ (legacy): English first, Markdown before LaTeX; raw text."""
    for folder in (root / "statement", root / "problem_statement"):
        if not folder.is_dir():
            continue
        for name in ("problem.en.md", "problem.en.tex", "problem.md", "problem.tex"):
            if (folder / name).is_file():
                return (folder / name).read_text(errors="replace")
        others = sorted(folder.glob("problem.*.md")) + sorted(folder.glob("problem.*.tex"))
        if others:
            return others[0].read_text(errors="replace")
    return ""


def _tex_name(root: Path) -> str:
    """A legacy package without `name`: the statement's \\problemname{...}."""
    m = re.search(r"\\problemname\{([^{}]*)\}", _statement(root))
    return m.group(1).strip() if m else ""


def _solutions(root: Path) -> dict[str, list[Path]]:
    """Single-file submissions we can judge; multi-file ones (folders) and other languages are left out."""
    found: dict[str, list[Path]] = {}
    folder = root / "submissions"
    for sub, cls in SUBMISSION_CLASSES.items():
        if (folder / sub).is_dir():
            files = sorted(p for p in (folder / sub).iterdir() if p.is_file() and p.suffix in SUBMISSION_SUFFIXES)
            found.setdefault(cls, []).extend(files)
    return {cls: files for cls, files in found.items() if files}
