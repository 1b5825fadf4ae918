"""The native package format: problem.yaml + tests/NAME.in|.ans (+ checker/, solutions/<expected>/...)."""
from __future__ import annotations

import fnmatch
from pathlib import Path
from typing import Annotated, Literal, Union

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from sandbox.executor import Limits, TestCase

from .errors import ProblemFormatError, pydantic_error
from .grading import KattisGrading
from .model import CheckerSpec, Problem, ProgramSource, Subtask, TaskTypeSpec

ANSWER_SUFFIXES = (".ans", ".out")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FloatCheckerYaml(_Strict):
    type: Literal["float"]
    abs_tol: float = 1e-6
    rel_tol: float = 1e-6


class ProgramCheckerYaml(_Strict):
    type: Literal["testlib", "cms", "kattis"]
    source: str
    """Path of the checker source, relative to the package."""
    include: list[str] = []
    """Extra files copied next to it (testlib.h)."""


def _score_type(value: str) -> str:
    """A CMS score type, or a Kattis group grading as `cpsolve import` writes it (`KattisSum accept=1 ...`)."""
    if value in CMS_SCORE_TYPES:
        return value
    try:
        if KattisGrading.parse(value) is not None:
            return value
    except ValueError as e:
        raise ValueError(str(e)) from None
    raise ValueError(f"expected one of {', '.join(CMS_SCORE_TYPES)} (or a Kattis group grading), got {value!r}")


CMS_SCORE_TYPES = ("GroupMin", "GroupMul", "GroupThreshold", "Sum")
ScoreType = Annotated[str, AfterValidator(_score_type)]


class TaskTypeYaml(_Strict):
    """How submissions are compiled and run; paths are relative to the package."""

    type: Literal["batch", "communication", "interactive", "output_only"] = "batch"
    grader: list[str] = []
    """Batch: sources compiled before the submission (a function-signature task's grader.cpp)."""
    stub: str = ""
    """Communication: the stub compiled before the submission."""
    headers: list[str] = []
    """Files copied beside the submission when it is compiled (task.h)."""
    submission_name: str = ""
    """The name the submission is compiled under (task.cpp); default <id>.cpp when a grader or stub is used."""
    input_file: str = ""
    output_file: str = ""
    processes: int = Field(1, ge=1, le=64)
    user_io: Literal["std_io", "fifo_io"] = "std_io"
    manager: str = ""
    """Communication manager or interactor source."""
    manager_include: list[str] = []
    protocol: Literal["kattis", "testlib"] = "kattis"
    """Interactor protocol."""
    outputs_allowed: bool = False


class SubtaskYaml(_Strict):
    name: str
    points: float = Field(ge=0)
    tests: list[str]
    """Test names or shell globs over tests/ (`small-*`)."""
    score_type: ScoreType | None = None
    threshold: float = 1.0
    constraints: str = ""
    """The subtask's extra constraints in words (shown to the model when it targets this subtask)."""


class ProblemYaml(_Strict):
    id: str
    title: str = ""
    time_limit: float = Field(gt=0, description="seconds")
    memory_limit: int = Field(gt=0, description="MiB")
    output_limit: int = Field(256, gt=0, description="MiB")
    checker: Union[str, dict] = "tokens"
    """A built-in name, or a mapping with `type` (validated in _checker, so errors name the right key)."""
    score_type: ScoreType = "GroupMin"
    task_type: TaskTypeYaml = TaskTypeYaml()
    cpp: Literal["cpp17", "cpp20"] = "cpp17"
    """The C++ dialect `.cpp` submissions are compiled as."""
    python: Literal["python3", "pypy3"] = "python3"
    """The interpreter `.py` submissions run under: CPython (as CMS) or PyPy (as Kattis-run ICPC contests)."""
    score_precision: int = Field(2, ge=0, le=6)
    subtasks: list[SubtaskYaml] = Field(min_length=1)
    samples: list[str] = []
    expected: dict[str, dict[str, float]] = {}
    """Declared points per subtask of reference solutions, by path under solutions/ (`partial/greedy.cpp`)."""


#: Folders of solutions/ and the class of result each promises (Kattis/problemtools names).
SOLUTION_FOLDERS = ("accepted", "partial", "wrong_answer", "time_limit_exceeded", "runtime_error")


class _UniqueKeyLoader(yaml.SafeLoader):
    """A key given twice is a mistake (YAML would silently keep the last one)."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def is_native(path: Path) -> bool:
    return (path / "problem.yaml").is_file()


def load_native(root: Path) -> Problem:
    file = root / "problem.yaml"
    try:
        raw = yaml.load(file.read_text(), Loader=_UniqueKeyLoader)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        what = getattr(e, "problem", None) or str(e).splitlines()[0]
        raise ProblemFormatError(file, "", f"not valid YAML{where}: {what}") from None
    if not isinstance(raw, dict):
        raise ProblemFormatError(file, "", "expected a mapping at the top level")
    try:
        spec = ProblemYaml.model_validate(raw)
    except ValidationError as e:
        raise pydantic_error(file, e) from None

    tests = _find_tests(root / "tests", file)
    subtasks = []
    for i, st in enumerate(spec.subtasks):
        names = _expand(st.tests, tests, file, f"subtasks.{i}.tests")
        kind = st.score_type or spec.score_type
        if not names and kind in ("GroupMin", "GroupMul"):
            # CMS's min([]) / reduce() over no outcomes raise: such a subtask has no score, so refuse it here
            raise ProblemFormatError(file, f"subtasks.{i}.tests", f"empty: CMS cannot score a {kind} subtask "
                                     "without tests")
        subtasks.append(Subtask(name=st.name, points=st.points, tests=names,
                                score_type=st.score_type or spec.score_type, threshold=st.threshold,
                                constraints=st.constraints))
    if len({s.score_type == "GroupThreshold" for s in subtasks}) > 1:
        raise ProblemFormatError(file, "subtasks", "GroupThreshold cannot be mixed with other score types (its "
                                 "checker outcomes are costs, theirs fractions)")
    samples = _expand(spec.samples, tests, file, "samples") if spec.samples else []
    statement_file = root / "statement.md"
    return Problem(
        id=spec.id,
        title=spec.title or spec.id,
        root=root,
        limits=Limits(time_s=spec.time_limit, memory_mib=spec.memory_limit, output_mib=spec.output_limit),
        subtasks=subtasks,
        tests=tests,
        checker=_checker(spec.checker, root, file),
        task_type=_task_type(spec.task_type, spec.id, root, file),
        cpp=spec.cpp,
        python=spec.python,
        score_precision=spec.score_precision,
        statement=statement_file.read_text() if statement_file.exists() else "",
        samples=samples,
        solutions=_solutions(root),
        expected_scores=_expected(spec, root, file, [s.name for s in subtasks]),
    )


def _package_file(root: Path, rel: str, file: Path, field: str) -> Path:
    path = root / rel
    if not path.is_file():
        raise ProblemFormatError(file, field, f"{rel} does not exist")
    return path


def _task_type(tt: TaskTypeYaml, problem_id: str, root: Path, file: Path) -> TaskTypeSpec:
    graders = {}
    for i, rel in enumerate(tt.headers):
        graders[Path(rel).name] = _package_file(root, rel, file, f"task_type.headers.{i}")
    compile_with = []
    for i, rel in enumerate(tt.grader):
        graders[Path(rel).name] = _package_file(root, rel, file, f"task_type.grader.{i}")
        compile_with.append(Path(rel).name)
    if tt.stub:
        graders[Path(tt.stub).name] = _package_file(root, tt.stub, file, "task_type.stub")
        compile_with.append(Path(tt.stub).name)
    manager = None
    if tt.type in ("communication", "interactive"):
        if not tt.manager:
            raise ProblemFormatError(file, "task_type.manager", f"a {tt.type} task needs a manager/interactor")
        files = {Path(tt.manager).name: _package_file(root, tt.manager, file, "task_type.manager")}
        for i, rel in enumerate(tt.manager_include):
            files[Path(rel).name] = _package_file(root, rel, file, f"task_type.manager_include.{i}")
        manager = ProgramSource(files=files, sources=[Path(tt.manager).name])
    return TaskTypeSpec(
        kind=tt.type, graders=graders, compile_with=compile_with,
        submission_name=tt.submission_name or (f"{problem_id}.cpp" if compile_with else ""),
        input_file=tt.input_file, output_file=tt.output_file, num_processes=tt.processes, user_io=tt.user_io,
        manager=manager, interactor_protocol=tt.protocol,
        outputs_allowed=tt.outputs_allowed or tt.type == "output_only")


def _solutions(root: Path) -> dict[str, list[Path]]:
    found: dict[str, list[Path]] = {}
    for cls in SOLUTION_FOLDERS:
        folder = root / "solutions" / cls
        if folder.is_dir():
            # a folder stands for an output-only submission (one output file per test)
            files = sorted(p for p in folder.iterdir()
                           if (p.is_file() and p.suffix in (".cpp", ".cc", ".py")) or p.is_dir())
            if files:
                found[cls] = files
    return found


def _expected(spec: ProblemYaml, root: Path, file: Path, subtask_names: list[str]) -> dict[str, dict[str, float]]:
    for rel, points in spec.expected.items():
        if not (root / "solutions" / rel).exists():  # a source file, or a folder of outputs
            raise ProblemFormatError(file, f"expected.{rel}", "no such file or folder under solutions/")
        for name in points:
            if name not in subtask_names:
                raise ProblemFormatError(file, f"expected.{rel}.{name}", "no subtask of that name")
    return {str(root / "solutions" / rel): pts for rel, pts in spec.expected.items()}


def _find_tests(folder: Path, file: Path) -> dict[str, TestCase]:
    if not folder.is_dir():
        raise ProblemFormatError(file, "tests", f"folder {folder} is missing")
    tests = {}
    for inp in sorted(folder.glob("*.in")):
        answer = next((inp.with_suffix(s) for s in ANSWER_SUFFIXES if inp.with_suffix(s).exists()), None)
        if answer is None:
            raise ProblemFormatError(file, "tests", f"{inp.name} has no .ans or .out beside it")
        tests[inp.stem] = TestCase(inp.stem, inp, answer)
    if not tests:
        raise ProblemFormatError(file, "tests", f"no *.in files in {folder}")
    return tests


def _expand(patterns: list[str], tests: dict[str, TestCase], file: Path, field: str) -> list[str]:
    names: list[str] = []
    for pat in patterns:
        matched = [n for n in tests if fnmatch.fnmatchcase(n, pat)]
        if not matched:
            raise ProblemFormatError(file, field, f"{pat!r} matches no test in tests/")
        names += [n for n in matched if n not in names]
    return names


BUILTIN_CHECKERS = ("exact", "tokens", "whitediff", "float")
PROGRAM_CHECKERS = ("testlib", "cms", "kattis")


def _checker(raw, root: Path, file: Path) -> CheckerSpec:
    if isinstance(raw, str):
        if raw not in BUILTIN_CHECKERS:
            raise ProblemFormatError(file, "checker", f"unknown checker {raw!r}; built-in ones are "
                                     f"{', '.join(BUILTIN_CHECKERS)}, or a mapping with type: and source:")
        return CheckerSpec(kind=raw)
    kind = raw.get("type")
    model = FloatCheckerYaml if kind == "float" else ProgramCheckerYaml if kind in PROGRAM_CHECKERS else None
    if model is None:
        raise ProblemFormatError(file, "checker.type", f"expected float, {', '.join(PROGRAM_CHECKERS)}; "
                                 f"got {kind!r}")
    try:
        spec = model.model_validate(raw)
    except ValidationError as e:
        err = pydantic_error(file, e)
        raise ProblemFormatError(file, f"checker.{err.field}", err.problem) from None
    if isinstance(spec, FloatCheckerYaml):
        return CheckerSpec(kind="float", abs_tol=spec.abs_tol, rel_tol=spec.rel_tol)
    files = {}
    for rel in [spec.source, *spec.include]:
        path = root / rel
        if not path.is_file():
            raise ProblemFormatError(file, "checker", f"{rel} does not exist")
        files[path.name] = path
    return CheckerSpec(kind=spec.type, files=files, sources=[Path(spec.source).name])
