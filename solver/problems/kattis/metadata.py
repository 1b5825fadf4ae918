"""problem.yaml of a Kattis package, whichever version wrote it: the title, the limits and where the time limit
came from, the problem type, how output is validated; and the statement the title may come from."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

from sandbox.executor import Limits

from ..errors import ProblemFormatError
from ..model import TimeRule
from .spec import LegacyProblemYaml, ModernProblemYaml, PROBLEM_TYPES, has_files, validate

DEFAULT_TIME_LIMIT_S = 1.0
DEFAULT_MEMORY_MIB = 1024
DEFAULT_OUTPUT_MIB = 8


@dataclass
class Meta:
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


def legacy_meta(raw: dict, file: Path, root: Path) -> Meta:
    spec: LegacyProblemYaml = validate(LegacyProblemYaml, raw, file)
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
    return Meta(
        title=spec.name or tex_name(root) or root.resolve().name,
        limits=_limits(root, spec.limits.memory, spec.limits.output, None),
        # problemtools (legacy verifyproblem.py): limit = max(1, int(0.5 + slowest AC x time_multiplier)), and
        # time_limit_exceeded submissions must time out at max(limit + 1, int(0.5 + that x time_safety_margin))
        time_rule=TimeRule(origin=_time_origin(root, None), derivable=True,
                           ac_to_time_limit=spec.limits.time_multiplier,
                           time_limit_to_tle=spec.limits.time_safety_margin),
        scoring=spec.type == "scoring", interactive="interactive" in extra, custom=words[0] == "custom",
        custom_score="score" in extra, flags=spec.validator_flags.split(), validator_dir="output_validators",
        legacy_data=True, data_defaults=defaults)


def modern_meta(raw: dict, file: Path, root: Path, version: str) -> Meta:
    spec: ModernProblemYaml = validate(ModernProblemYaml, raw, file)
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
    custom = has_files(root / "output_validator")
    if interactive and not custom:
        raise ProblemFormatError(file, "type", "an interactive problem needs its interactor in output_validator/")
    return Meta(
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


def statement_text(root: Path) -> str:
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


def tex_name(root: Path) -> str:
    """A legacy package without `name`: the statement's \\problemname{...}."""
    m = re.search(r"\\problemname\{([^{}]*)\}", statement_text(root))
    return m.group(1).strip() if m else ""
