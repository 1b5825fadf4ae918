"""The test data of a Kattis package (data/sample, data/secret and their groups) as tests and CMS subtasks: legacy
groups configured by testdata.yaml, 2025-09 groups by test_group.yaml (the mapping is in the package docstring)."""
from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from sandbox.executor import TestCase

from ..grading import KattisGrading
from ..errors import ProblemFormatError
from ..model import Subtask
from .metadata import Meta
from .spec import LegacyTestdataYaml, TestCaseYaml, TestGroupYaml, read_yaml, subfolders, validate, visible

PASS_FAIL_POINTS = 100.0

#: The default grader's flags (problemtools support/default_grader): score modes, then verdict modes and flags.
SCORE_MODES = ("sum", "avg", "min", "max")
VERDICT_FLAGS = ("worst_error", "no_errors", "first_error", "always_accept", "ignore_sample", "accept_if_any_accepted")


@dataclass
class Group:
    """One folder of test data: its own test cases (not its subfolders'), its settings, and where they came from."""

    path: str
    folder: Path
    tests: list[TestCase]
    config: dict
    where: dict[str, Path]
    flags: dict[str, tuple[list[str], Path, str]]
    """Per test: validator flags, and the file and field that set them (for a one-line error)."""


def _cases(data: Path, folder: Path, recursive: bool) -> list[TestCase]:
    """The test cases of a folder in Kattis's order (by name), each named by its path under data/ (`secret/g1/03`).
    Interactive samples given only as .interaction files have no .in and are not tests."""
    found = folder.rglob("*.in") if recursive else folder.glob("*.in")
    cases = []
    for inp in sorted((p for p in found if p.is_file() and visible(p, folder)), key=lambda p: p.as_posix()):
        ans = inp.with_suffix(".ans")
        if not ans.is_file():
            raise ProblemFormatError(inp.parent, inp.name, f"has no {ans.name} beside it")
        cases.append(TestCase(inp.relative_to(data).with_suffix("").as_posix(), inp, ans))
    return cases


def legacy_data(meta: Meta, data: Path, file: Path) -> tuple[list[Group], list[Group], list[Subtask]]:
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
    spec = validate(LegacyTestdataYaml, read_yaml(yaml_file), yaml_file)
    own = spec.model_dump(exclude_none=True)
    return {**config, **own}, {**where, **{k: yaml_file for k in own}}


def _legacy_groups(meta: Meta, data: Path, top: str, config: dict, where: dict, file: Path) -> list[Group]:
    """`top` (sample or secret) and every folder below it, each a group, parents first, in Kattis's order."""
    groups: list[Group] = []

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
        groups.append(Group(path, folder, tests, config, where, flags))
        for sub in subfolders(folder):
            walk(sub, f"{path}/{sub.name}", config, where)

    walk(data / top, top, config, where)
    return groups


def _score_mode(g: Group) -> str:
    """The default grader's score mode: the last of sum/avg/min/max in grader_flags, sum when none."""
    mode = "sum"
    for flag in str(g.config.get("grader_flags", "")).split():
        if flag in SCORE_MODES:
            mode = flag
        elif flag not in VERDICT_FLAGS:
            raise ProblemFormatError(g.where["grader_flags"], "grader_flags", f"unknown flag {flag!r}; the default "
                                     f"grader knows {', '.join(SCORE_MODES + VERDICT_FLAGS)}")
    return mode


def _legacy_subtask(meta: Meta, g: Group, mode: str) -> Subtask:
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


def _pass_fail(secret: list[Group]) -> list[Subtask]:
    return [Subtask(name="secret", points=PASS_FAIL_POINTS, tests=[t.name for g in secret for t in g.tests],
                    score_type="GroupMin")]


def modern_data(meta: Meta, data: Path) -> tuple[list[Group], list[Group], list[Subtask]]:
    samples = [_modern_group(data, data / "sample", "sample", {})[0]] if (data / "sample").is_dir() else []
    secret_dir = data / "secret"
    top, top_args = _modern_group(data, secret_dir, "secret", {}, recursive=False)
    folders = [d for d in subfolders(secret_dir) if (d / "test_group.yaml").is_file()]
    if not folders:  # no test data groups: every test under secret/, subfolders included, is secret's own
        top, _ = _modern_group(data, secret_dir, "secret", {})
        secret = [top]
    else:
        if top.tests:
            raise ProblemFormatError(secret_dir, top.tests[0].input_path.name, "a test case beside test data "
                                     "groups; data/secret holds either test cases or groups, not both")
        for d in subfolders(secret_dir):
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
                  recursive: bool = True) -> tuple[Group, dict]:
    """A folder with its test_group.yaml; the *_args keys pass down to the groups of secret."""
    yaml_file = folder / "test_group.yaml"
    spec = validate(TestGroupYaml, read_yaml(yaml_file), yaml_file) if yaml_file.is_file() else TestGroupYaml()
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
        test_spec = validate(TestCaseYaml, read_yaml(test_yaml), test_yaml) if test_yaml.is_file() else None
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
    return Group(path, folder, tests, config, where, flags), args


def _modern_scoring(secret: list[Group]) -> list[Subtask]:
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


def _modern_subtask(g: Group, points: float, aggregation: str) -> Subtask:
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
