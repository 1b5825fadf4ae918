"""What the files of a Kattis package may say: the YAML schemas (unknown keys are errors, as the spec asks), how
the YAML is read, and which files count (the spec: names starting with a dot are not part of the package)."""
from __future__ import annotations

import datetime
from pathlib import Path
from typing import Annotated, Literal, Union

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..errors import ProblemFormatError, pydantic_error
from ..native import _UniqueKeyLoader

LEGACY_VERSIONS = ("legacy", "legacy-icpc")
MODERN_VERSIONS = ("2025-09", "2023-07-draft", "2023-07")
PROBLEM_TYPES = ("pass-fail", "scoring", "interactive", "multi-pass", "submit-answer")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")  # the spec: unknown keys are errors (a typo must not pass silently)


MiB = Annotated[int, Field(gt=0)]


class _ResourceLimits(_Strict):
    """The limits both versions of the format share (they differ only in how the time limit is derived)."""

    memory: MiB | None = None
    output: MiB | None = None
    code: MiB | None = None
    compilation_time: MiB | None = None
    compilation_memory: MiB | None = None
    validation_time: MiB | None = None
    validation_memory: MiB | None = None
    validation_output: MiB | None = None


class LegacyLimits(_ResourceLimits):
    time_multiplier: float = Field(5.0, gt=0)
    time_safety_margin: float = Field(2.0, gt=0)


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


class ModernLimits(_ResourceLimits):
    time_multipliers: TimeMultipliers = TimeMultipliers()
    time_limit: float | None = Field(None, gt=0, description="seconds")
    time_resolution: float = Field(1.0, gt=0)
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


def read_yaml(file: Path) -> dict:
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


def validate(model: type[BaseModel], raw: dict, file: Path):
    try:
        return model.model_validate(raw)
    except ValidationError as e:
        raise pydantic_error(file, e) from None


def visible(path: Path, base: Path) -> bool:
    """The spec: names starting with a dot are not part of the package."""
    return not any(part.startswith(".") for part in path.relative_to(base).parts)


def subfolders(folder: Path) -> list[Path]:
    return sorted(d for d in folder.iterdir() if d.is_dir() and not d.name.startswith("."))


def has_files(folder: Path) -> bool:
    return folder.is_dir() and any(visible(p, folder) for p in folder.rglob("*") if p.is_file())
