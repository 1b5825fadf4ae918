"""The tests of an Italian package and their subtasks, by CMS's rules: input/inputI.txt with output/outputI.txt,
subtasks from task.yaml's score_type_parameters or gen/GEN's `# ST:` lines, samples from a 0-point subtask."""
from __future__ import annotations

import re
from pathlib import Path

from sandbox.executor import TestCase

from ..errors import ProblemFormatError
from ..model import Subtask
from .config import integer, lookup, parse_number

GROUP_SCORE_TYPES = ("GroupMin", "GroupMul", "GroupThreshold")


def score_spec(root: Path, file: Path, conf: dict) -> tuple[int, tuple]:
    """(n_input, how to build subtasks): ("Sum", total points) or (score type, CMS group parameters)."""
    if all(k in conf for k in ("score_type", "score_type_parameters", "n_input")):
        # CMS overrides the GEN only when all three are given (otherwise it warns and ignores the first two)
        n_input = integer(conf, file, "n_input", 0, minimum=1)
        kind, params = conf["score_type"], conf["score_type_parameters"]
        if kind == "Sum":
            return n_input, ("Sum", parse_number(params, file, "score_type_parameters", positive=False) * n_input)
        if kind not in GROUP_SCORE_TYPES:
            raise ProblemFormatError(file, "score_type", f"unknown score type {kind!r}; expected Sum, "
                                     f"{', '.join(GROUP_SCORE_TYPES)}")
        return n_input, (kind, params)
    total = parse_number(conf.get("total_value", 100.0), file, "total_value", positive=False)
    gen = root / "gen" / "GEN"
    if not gen.is_file():
        if "n_input" not in conf:
            raise ProblemFormatError(file, "n_input", "missing (needed when there is no gen/GEN)")
        return integer(conf, file, "n_input", 0, minimum=1), ("Sum", total)
    groups, count = _parse_gen(gen)
    if "n_input" in conf and integer(conf, file, "n_input", 0) != count:
        raise ProblemFormatError(file, "n_input", f"is {conf['n_input']} but gen/GEN lists {count} tests")
    if count == 0:
        raise ProblemFormatError(gen, "", "lists no tests")
    if not groups:
        return count, ("Sum", total)
    return count, ("GroupMin", groups)


def _parse_gen(gen: Path) -> tuple[list[list[int]], int]:
    """CMS's GEN rules: a non-blank line that is not only a comment is a test, so is `# COPY: file`; `# ST: <int>`
    closes the open subtask and opens one worth that many points; other comments are ignored. Returns the
    subtasks as [points, number of tests] (empty when there is no ST line) and the number of tests."""
    try:
        lines = gen.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise ProblemFormatError(gen, "", f"unreadable ({e})") from None
    groups: list[list[int]] = []
    total = 0
    for number, line in enumerate(lines, 1):
        command, hash_, comment = line.strip().partition("#")
        command, comment = command.strip(), comment.strip()
        is_test = bool(command)
        is_copy = bool(hash_) and comment.startswith("COPY:")
        is_subtask = bool(hash_) and comment.startswith("ST:")
        if is_test + is_copy + is_subtask > 1:
            raise ProblemFormatError(gen, f"line {number}", "a test and a `# ST:` / `# COPY:` command on the same "
                                     "line (CMS refuses it)")
        if is_subtask:
            try:
                points = int(comment[3:].strip())
            except ValueError:
                raise ProblemFormatError(gen, f"line {number}", f"`# ST:` needs integer points, got "
                                         f"{comment[3:].strip()!r}") from None
            if not groups and total:
                raise ProblemFormatError(gen, f"line {number}", f"{total} test(s) come before the first `# ST:` "
                                         "line")
            if groups and groups[-1][1] == 0:
                raise ProblemFormatError(gen, f"line {number}", "the previous subtask has no tests")
            groups.append([points, 0])
        elif is_test or is_copy:
            total += 1
            if groups:
                groups[-1][1] += 1
    if groups:
        if groups[-1][1] == 0:
            raise ProblemFormatError(gen, "ST", "the last subtask has no tests")
        points = sum(p for p, _ in groups)
        if points != 100:
            raise ProblemFormatError(gen, "ST", f"subtask points add up to {points}; CMS requires 100")
    return groups, total


def build_subtasks(file: Path, spec: tuple, names: list[str]) -> list[Subtask]:
    """Subtasks over the codenames sorted as strings (CMS's order: 1000 sorts before 101)."""
    kind, params = spec
    if kind == "Sum":
        return [Subtask(name="all", points=float(params), tests=list(names), score_type="Sum")]
    field = "score_type_parameters"
    if not isinstance(params, list) or not params:
        raise ProblemFormatError(file, field, f"{kind} needs a non-empty list of [points, tests] entries")
    entries = []
    for i, p in enumerate(params):
        where = f"{field}.{i}"
        if isinstance(p, dict):
            points, target, threshold = p.get("max_score"), p.get("testcases"), p.get("threshold")
        elif isinstance(p, list) and len(p) >= 2:
            points, target, threshold = p[0], p[1], (p[2] if len(p) > 2 else None)
        else:
            raise ProblemFormatError(file, where, f"expected [points, tests] or a mapping, got {p!r}")
        points = parse_number(points, file, where, positive=False)
        if kind == "GroupThreshold":
            if threshold is None:
                raise ProblemFormatError(file, where, "GroupThreshold needs a threshold (third value)")
            threshold = parse_number(threshold, file, where, positive=False)
        entries.append((where, points, target, threshold if threshold is not None else 1.0))
    targets = [t for _, _, t, _ in entries]
    chosen: list[list[str]] = []
    if all(isinstance(t, int) and not isinstance(t, bool) for t in targets):
        if sum(targets) > len(names):
            raise ProblemFormatError(file, field, f"the subtasks take {sum(targets)} tests but there are "
                                     f"{len(names)}")
        start = 0
        for t in targets:
            chosen.append(names[start:start + t])
            start += t
    elif all(isinstance(t, str) for t in targets):
        for (where, _, t, _) in entries:
            try:
                pattern = re.compile(t)
            except re.error as e:
                raise ProblemFormatError(file, where, f"bad regular expression {t!r} ({e})") from None
            chosen.append([n for n in names if pattern.match(n)])  # CMS: match at the start, not fullmatch
    elif all(isinstance(t, list) and all(isinstance(x, str) for x in t) for t in targets):
        for (where, _, t, _) in entries:
            missing = [x for x in t if x not in names]
            if missing:
                raise ProblemFormatError(file, where, f"no test named {missing[0]!r}")
            chosen.append(list(t))
    else:
        raise ProblemFormatError(file, field, "the tests of every entry must be of one kind: all counts, all "
                                 "regular expressions or all lists of names")
    subtasks = []
    for (where, points, _, threshold), tests in zip(entries, chosen):
        if not tests:
            raise ProblemFormatError(file, where, "selects no test")
        subtasks.append(Subtask(name=f"subtask{len(subtasks)}", points=points, tests=tests, score_type=kind,
                                threshold=threshold))
    return subtasks


def read_tests(root: Path, file: Path, n_input: int) -> dict[str, TestCase]:
    """input/input<i>.txt and output/output<i>.txt for every i < n_input, named "%03d" % i; extra files are
    ignored (as CMS does)."""
    tests = {}
    for i in range(n_input):
        inp, out = root / "input" / f"input{i}.txt", root / "output" / f"output{i}.txt"
        for path in (inp, out):
            if not path.is_file():
                raise ProblemFormatError(file, "n_input", f"{n_input} tests, but {path.relative_to(root)} is "
                                         "missing")
        tests[f"{i:03d}"] = TestCase(f"{i:03d}", inp, out)
    return tests


def sample_names(conf: dict, file: Path, subtasks: list[Subtask], tests: dict[str, TestCase]) -> list[str]:
    """Italian packages put the statement's examples in a 0-point first subtask; else `public_testcases` when it
    lists tests ("all" only makes every test's feedback public, it does not make them examples)."""
    raw = lookup(conf, "public_testcases", "risultati")
    public = []
    if raw is not None and raw != "" and raw != "all":
        for part in str(raw).split(","):
            part = part.strip()
            if not part.isdigit() or f"{int(part):03d}" not in tests:
                raise ProblemFormatError(file, "public_testcases", f"{part!r} is not the index of a test "
                                         f"(0..{len(tests) - 1}) nor 'all'")
            public.append(f"{int(part):03d}")
    zero = next((s.tests for s in subtasks if s.points == 0), None)
    return list(zero) if zero else public
