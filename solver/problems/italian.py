"""CMS's Italian task format (cmscontrib/loaders/italy_yaml.py, YamlLoader.get_task): task.yaml, input/inputI.txt,
output/outputI.txt, gen/GEN, check/ or cor/, sol/.

Read by CMS's rules so a submission scores here what it would score there:
- task.yaml inside the folder, else the deprecated contest-style `../<folder>.yaml`. Italian aliases are accepted
  (nome_breve, nome, timeout, memlimit, risultati); memory_limit is in MiB; unknown keys (tokens...) are ignored.
- Tests are `input/input<i>.txt` + `output/output<i>.txt` for i < n_input, named "%03d" (000, 001, ...).
- Scoring: `score_type` + `score_type_parameters` + `n_input` all in task.yaml override everything. Otherwise
  gen/GEN's `# ST: <points>` lines open subtasks (GroupMin, [points, number of tests that follow], points must
  add up to 100); a GEN without ST lines, or no GEN at all, means Sum with `total_value` (100) spread evenly.
  Group parameters given as counts take the tests in lexicographic codename order, as CMS does.
- Task type: `output_only: true` -> OutputOnly; a manager (check/manager, cor/manager) -> Communication with
  sol/stub.* when present (then fifo_io by default, std_io without a stub); otherwise Batch, compiled with
  sol/grader.* and the sol/*.h headers when a grader exists, reading `infile` / writing `outfile` (CMS's defaults
  are input.txt / output.txt; an empty value means stdin / stdout).
- check/checker or cor/correttore means a CMS-protocol checker; none means white-diff. CMS imports the compiled
  binary; we compile its source beside it (checker.cpp / correttore.cpp), same for the manager.
- score_precision defaults to 0 (CMS's Task default: this loader only sets it when task.yaml has it).
Not from CMS: `sol/soluzione.*` / `sol/solution.*` (the official solution of Italian packages) is the accepted
reference solution; samples are the tests of a 0-point subtask, else an explicit public_testcases list.
"""
from __future__ import annotations

import math
import re
from pathlib import Path

import yaml

from sandbox.executor import Limits, TestCase

from .errors import ProblemFormatError
from .model import CheckerSpec, Problem, ProgramSource, Subtask, TaskTypeSpec
from .statements import statement_from_pdf

#: Source extension of each CMS language (Language.source_extension): graders and stubs are looked up with these.
CMS_SOURCE_EXTS = (".c", ".cpp", ".cs", ".go", ".hs", ".java", ".js", ".ml", ".pas", ".php", ".py", ".rs")
#: Sources we can compile for a package program (compile_package_program: .py is Python, anything else C++).
PROGRAM_SOURCE_EXTS = (".cpp", ".cc", ".cxx", ".c", ".py")
#: Reference solutions we can judge.
SOLUTION_EXTS = (".cpp", ".cc", ".cxx", ".py")
GROUP_SCORE_TYPES = ("GroupMin", "GroupMul", "GroupThreshold")
#: Statement files tried in each statement folder, best first (text before PDF).
STATEMENT_NAMES = ("{d}.md", "english.md", "en.md", "{d}.tex", "english.tex", "{d}.pdf", "english.pdf")


def task_yaml(path: Path) -> Path | None:
    """The package's task.yaml; CMS falls back to `../<folder>.yaml` (a contest folder holding every task's yaml)."""
    if (path / "task.yaml").is_file():
        return path / "task.yaml"
    sibling = path.parent / f"{path.name}.yaml"
    return sibling if path.is_dir() and sibling.is_file() else None


def is_italian(path: Path) -> bool:
    return path.is_dir() and task_yaml(path) is not None


def load_italian(root: Path) -> Problem:
    file = task_yaml(root)
    if file is None:
        raise ProblemFormatError(root / "task.yaml", "", "missing (nor is there a ../<folder>.yaml)")
    conf = _read_yaml(file)
    name = str(_required(conf, file, "name", "nome_breve"))
    title = str(_required(conf, file, "title", "nome"))
    output_only = bool(conf.get("output_only", False))
    n_input, subtask_spec = _score_spec(root, file, conf)
    tests = _tests(root, file, n_input)
    subtasks = _subtasks(file, subtask_spec, sorted(tests))
    checker = _checker(root)
    return Problem(
        id=name,
        title=title,
        root=root,
        limits=_limits(conf, file, output_only),
        subtasks=subtasks,
        tests=tests,
        checker=checker,
        task_type=_task_type(root, file, conf, name, output_only),
        score_precision=_int(conf, file, "score_precision", 0, minimum=0),
        **_statement(root),
        samples=_samples(conf, file, subtasks, tests),
        solutions=_solutions(root),
        format="italian",
    )


# ---------------------------------------------------------------- task.yaml


def _read_yaml(file: Path) -> dict:
    try:
        conf = yaml.safe_load(file.read_text(encoding="utf-8"))
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        what = getattr(e, "problem", None) or str(e).splitlines()[0]
        raise ProblemFormatError(file, "", f"not valid YAML{where}: {what}") from None
    except (OSError, UnicodeDecodeError) as e:
        raise ProblemFormatError(file, "", f"unreadable ({e})") from None
    if not isinstance(conf, dict):
        raise ProblemFormatError(file, "", "expected a mapping at the top level")
    return conf


def _lookup(conf: dict, *keys: str):
    """CMS's `load` with a list of names: the first key present wins (English name, then the Italian alias)."""
    for key in keys:
        if key in conf:
            return conf[key]
    return None


def _required(conf: dict, file: Path, key: str, alias: str):
    value = _lookup(conf, key, alias)
    if value is None or value == "":
        raise ProblemFormatError(file, key, f"missing (nor is its Italian alias {alias} given)")
    return value


def _number(value, file: Path, field: str, positive: bool = True) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ProblemFormatError(file, field, f"expected a number, got {value!r}")
    try:
        number = float(value)
    except ValueError:
        raise ProblemFormatError(file, field, f"expected a number, got {value!r}") from None
    if not math.isfinite(number):
        raise ProblemFormatError(file, field, f"must be finite, got {value!r}")
    if positive and not number > 0:
        raise ProblemFormatError(file, field, f"must be positive, got {value!r}")
    return number


def _int(conf: dict, file: Path, key: str, default: int, minimum: int = 0) -> int:
    value = conf.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) and not (isinstance(value, str) and value.isdigit()):
        raise ProblemFormatError(file, key, f"expected an integer, got {value!r}")
    if int(value) < minimum:
        raise ProblemFormatError(file, key, f"must be at least {minimum}, got {value!r}")
    return int(value)


def _limits(conf: dict, file: Path, output_only: bool) -> Limits:
    """CMS drops the limits of OutputOnly tasks; for the others they are required here (CMS would run unlimited)."""
    time_raw, mem_raw = _lookup(conf, "time_limit", "timeout"), _lookup(conf, "memory_limit", "memlimit")
    if output_only:
        return Limits(time_s=1.0, memory_mib=256)
    if time_raw is None:
        raise ProblemFormatError(file, "time_limit", "missing (or its alias timeout); seconds")
    if mem_raw is None:
        raise ProblemFormatError(file, "memory_limit", "missing (or its alias memlimit); MiB")
    time_s = _number(time_raw, file, "time_limit")
    memory = _number(mem_raw, file, "memory_limit")
    if memory != int(memory):
        raise ProblemFormatError(file, "memory_limit", f"expected whole MiB, got {mem_raw!r}")
    return Limits(time_s=time_s, memory_mib=int(memory))


# ---------------------------------------------------------------- scoring


def _score_spec(root: Path, file: Path, conf: dict) -> tuple[int, tuple]:
    """(n_input, how to build subtasks): ("Sum", total points) or (score type, CMS group parameters)."""
    if all(k in conf for k in ("score_type", "score_type_parameters", "n_input")):
        # CMS overrides the GEN only when all three are given (otherwise it warns and ignores the first two)
        n_input = _int(conf, file, "n_input", 0, minimum=1)
        kind, params = conf["score_type"], conf["score_type_parameters"]
        if kind == "Sum":
            return n_input, ("Sum", _number(params, file, "score_type_parameters", positive=False) * n_input)
        if kind not in GROUP_SCORE_TYPES:
            raise ProblemFormatError(file, "score_type", f"unknown score type {kind!r}; expected Sum, "
                                     f"{', '.join(GROUP_SCORE_TYPES)}")
        return n_input, (kind, params)
    total = _number(conf.get("total_value", 100.0), file, "total_value", positive=False)
    gen = root / "gen" / "GEN"
    if not gen.is_file():
        if "n_input" not in conf:
            raise ProblemFormatError(file, "n_input", "missing (needed when there is no gen/GEN)")
        return _int(conf, file, "n_input", 0, minimum=1), ("Sum", total)
    groups, count = _parse_gen(gen)
    if "n_input" in conf and _int(conf, file, "n_input", 0) != count:
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


def _subtasks(file: Path, spec: tuple, names: list[str]) -> list[Subtask]:
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
        points = _number(points, file, where, positive=False)
        if kind == "GroupThreshold":
            if threshold is None:
                raise ProblemFormatError(file, where, "GroupThreshold needs a threshold (third value)")
            threshold = _number(threshold, file, where, positive=False)
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


# ---------------------------------------------------------------- tests


def _tests(root: Path, file: Path, n_input: int) -> dict[str, TestCase]:
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


def _samples(conf: dict, file: Path, subtasks: list[Subtask], tests: dict[str, TestCase]) -> list[str]:
    """Italian packages put the statement's examples in a 0-point first subtask; else `public_testcases` when it
    lists tests ("all" only makes every test's feedback public, it does not make them examples)."""
    raw = _lookup(conf, "public_testcases", "risultati")
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


# ---------------------------------------------------------------- checker, manager, graders


def _package_program(root: Path, places: tuple[tuple[str, str], ...], what: str
                     ) -> ProgramSource | None:
    """The first of folder/stem that exists as a compiled program or a source: CMS imports the compiled binary,
    which we cannot run in the sandbox, so we compile the source beside it (with the folder's headers)."""
    for folder, stem in places:
        d = root / folder
        source = next((d / f"{stem}{ext}" for ext in PROGRAM_SOURCE_EXTS if (d / f"{stem}{ext}").is_file()), None)
        binary = d / stem
        if source is None and binary.is_file():
            head = binary.read_bytes()[:200]
            if head.startswith(b"#!") and b"python" in head.split(b"\n", 1)[0]:
                source = binary  # a Python script without extension: compiled as <stem>.py
            else:
                raise ProblemFormatError(binary, what, f"a compiled program without its source {folder}/{stem}.cpp; "
                                         "the judge compiles the package's programs itself")
        if source is None:
            continue
        name = source.name if source.suffix else f"{stem}.py"
        files = {p.name: p for p in sorted(d.iterdir()) if p.is_file() and p.suffix in (".h", ".hpp")}
        files[name] = source
        return ProgramSource(files=files, sources=[name])
    return None


def _checker(root: Path) -> CheckerSpec:
    program = _package_program(root, (("check", "checker"), ("cor", "correttore")), "checker")
    if program is None:
        return CheckerSpec(kind="whitediff")  # CMS's "diff" evaluation
    return CheckerSpec(kind="cms", files=program.files, sources=program.sources)


def _sol_files(root: Path, stem: str) -> dict[str, Path]:
    """sol/<stem>.<ext> for every CMS language extension."""
    return {f"{stem}{ext}": root / "sol" / f"{stem}{ext}" for ext in CMS_SOURCE_EXTS
            if (root / "sol" / f"{stem}{ext}").is_file()}


def _sol_headers(root: Path) -> dict[str, Path]:
    folder = root / "sol"
    return {p.name: p for p in sorted(folder.iterdir()) if p.is_file() and p.name.endswith(".h")} \
        if folder.is_dir() else {}


def _with_cpp(found: dict[str, Path], root: Path, stem: str, why: str) -> dict[str, Path]:
    """The C++ grader or stub and sol/*.h: cpsolve's graders are C++ only (CMS keeps one per language)."""
    if f"{stem}.cpp" not in found:
        raise ProblemFormatError(root / "sol", f"{stem}.cpp", f"missing, though sol/ has {', '.join(sorted(found))}"
                                 f"; {why} and the judge compiles C++ submissions with the C++ one")
    return {f"{stem}.cpp": found[f"{stem}.cpp"], **_sol_headers(root)}


def _task_type(root: Path, file: Path, conf: dict, name: str, output_only: bool) -> TaskTypeSpec:
    if output_only:
        return TaskTypeSpec(kind="output_only", outputs_allowed=True)
    manager = _package_program(root, (("check", "manager"), ("cor", "manager")), "manager")
    if manager is not None:
        processes = 1 if conf.get("num_processes") is None else _int(conf, file, "num_processes", 1, minimum=1)
        stubs = _sol_files(root, "stub")
        user_io = conf.get("user_io")
        if user_io not in ("std_io", "fifo_io"):
            user_io = None  # CMS warns and ignores a bad value
        graders = _with_cpp(stubs, root, "stub", "Communication compiles the stub") if stubs else {}
        return TaskTypeSpec(kind="communication", graders=graders, compile_with=["stub.cpp"] if stubs else [],
                            submission_name=f"{name}.cpp", num_processes=processes,
                            user_io=user_io or ("fifo_io" if stubs else "std_io"), manager=manager)
    graders = _sol_files(root, "grader")
    if graders:
        graders = _with_cpp(graders, root, "grader", "Batch compiles the grader")
    infile, outfile = conf.get("infile", "input.txt"), conf.get("outfile", "output.txt")
    both_ways = bool(_lookup(conf, "output_only_testcases") or _lookup(conf, "output_optional_testcases"))
    return TaskTypeSpec(kind="batch", graders=graders, compile_with=["grader.cpp"] if graders else [],
                        submission_name=f"{name}.cpp", input_file=str(infile or ""), output_file=str(outfile or ""),
                        outputs_allowed=both_ways)


# ---------------------------------------------------------------- statement, solutions


def _statement(root: Path) -> dict[str, str]:
    """Problem's `statement`: Markdown or TeX as is, a PDF through pdftotext (`statement_error` when it yields no
    text), else empty."""
    for folder in ("statement", "testo"):
        d = root / folder
        if not d.is_dir():
            continue
        for pattern in STATEMENT_NAMES:
            path = d / pattern.format(d=folder)
            if not path.is_file():
                continue
            if path.suffix != ".pdf":
                return {"statement": path.read_text(errors="replace")}
            text, error = statement_from_pdf(path)
            return {"statement": text, "statement_error": error}
    return {"statement": ""}


def _solutions(root: Path) -> dict[str, list[Path]]:
    """sol/soluzione.* and sol/solution.* are the official solution: accepted. Other files of sol/ (graders,
    stubs, templates, partial attempts) have no declared class, so they are not listed."""
    folder = root / "sol"
    if not folder.is_dir():
        return {}
    accepted = sorted(p for p in folder.iterdir()
                      if p.is_file() and p.stem in ("soluzione", "solution") and p.suffix in SOLUTION_EXTS)
    return {"accepted": accepted} if accepted else {}
