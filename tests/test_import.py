"""`cpsolve import SRC DEST`: any package, written as a native one that is the same problem to the judge.

The sources are the hand-made TPS packages of tps_packages.py (Batch with grader and CMS checker,
Communication with stub and manager, OutputOnly with a checker) and the native example problems/aplusb. Each is
imported once through the CLI into a temporary folder; the imported package must load with the same tests,
subtasks, limits, checker and task type, and judging the same solutions must give exactly the same per-subtask
scores and verdicts as judging the original.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sandbox.languages import detect_language
from solver.cli.main import app
from solver.judge.judging import Submission, judge_source
from solver.problems import load_problem
from solver.problems.model import Problem

try:  # tests/ as a package, or as a plain folder on sys.path
    from .tps_packages import (REACH_EXPECTED, RELAY_EXPECTED, STATS_EXPECTED, reach_outputs, reach_package,
                               relay_package, stats_package)
except ImportError:
    from tps_packages import (REACH_EXPECTED, RELAY_EXPECTED, STATS_EXPECTED, reach_outputs, reach_package,
                              relay_package, stats_package)

ROOT = Path(__file__).resolve().parent.parent
APLUSB = ROOT / "problems" / "aplusb"
APLUSB_SOLUTIONS = sorted(f.relative_to(APLUSB / "solutions").as_posix()
                          for f in (APLUSB / "solutions").glob("*/*") if f.is_file())

runner = CliRunner()

#: package -> (format of the source, number of tests, number of subtasks)
SUMMARY = {"stats": ("tps", 6, 4), "relay": ("tps", 3, 3), "reach": ("tps", 3, 3), "aplusb": ("native", 10, 4)}


def run_import(src: Path, dest: Path):
    return runner.invoke(app, ["import", str(src), str(dest)])


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> dict[str, tuple[Path, Path, object]]:
    """package -> (source folder, imported folder, the import command's result); each imported once."""
    base = tmp_path_factory.mktemp("import")
    sources = {"stats": stats_package(base / "src" / "stats"), "relay": relay_package(base / "src" / "relay"),
               "reach": reach_package(base / "src" / "reach"), "aplusb": APLUSB}
    out = {}
    for name, src in sources.items():
        dest = base / "out" / name
        out[name] = (src, dest, run_import(src, dest))
    return out


def _contents(files: dict[str, Path]) -> dict[str, bytes]:
    return {name: path.read_bytes() for name, path in files.items()}


def describe(p: Problem) -> dict:
    """Everything about a problem that the judge or the agent uses, with file contents instead of paths."""
    tt, c = p.task_type, p.checker
    return {
        "id": p.id,
        "title": p.title,
        "limits": (p.limits.time_s, p.limits.memory_mib, p.limits.output_mib, p.limits.processes, p.limits.wall),
        "score_precision": p.score_precision,
        "subtasks": [(s.name, s.points, s.tests, s.score_type, s.threshold, s.constraints) for s in p.subtasks],
        "tests": {n: (t.read_input(), t.read_answer()) for n, t in p.tests.items()},
        "samples": p.samples,
        "checker": (c.kind, c.sources, _contents(c.files), c.abs_tol, c.rel_tol, c.flags),
        "task_type": (tt.kind, tt.compile_with, tt.submission_name, tt.input_file, tt.output_file,
                      tt.num_processes, tt.user_io, tt.interactor_protocol, tt.outputs_allowed, _contents(tt.graders)),
        "manager": None if tt.manager is None else (tt.manager.sources, _contents(tt.manager.files)),
        "solutions": {cls: [(f.name, f.read_bytes()) for f in files] for cls, files in p.solutions.items()},
        "statement": p.statement,
        "max_score": p.max_score,
    }


def outcome(sub: Submission) -> list:
    """Per subtask: name, points, score, verdict and every test's verdict and score."""
    return [(s.name, s.max_score, s.score, s.verdict, [(t.name, t.verdict, t.score) for t in s.tests])
            for s in sub.subtasks]


@pytest.mark.parametrize("name", list(SUMMARY))
def test_import_succeeds_and_says_what_it_wrote(imported, name):
    src, dest, result = imported[name]
    assert result.exit_code == 0, result.output
    fmt, n_tests, n_subtasks = SUMMARY[name]
    words = result.stderr.split()  # the line may be wrapped: see the xfail test below
    assert words == f"{fmt} package {name} -> {dest} ({n_tests} tests, {n_subtasks} subtasks)".split(), words
    assert (dest / "problem.yaml").is_file()
    assert load_problem(dest).format == "native"


@pytest.mark.parametrize("name", list(SUMMARY))
def test_imported_package_is_the_same_problem(imported, name):
    src, dest, result = imported[name]
    assert result.exit_code == 0, result.output
    original, copy = load_problem(src), load_problem(dest)
    a, b = describe(original), describe(copy)
    for key in a:
        assert a[key] == b[key], key


def test_imported_task_types_in_detail(imported):
    """The few facts the comparison above could get right by accident, spelled out."""
    stats = load_problem(imported["stats"][1])
    assert stats.task_type.compile_with == ["grader.cpp"] and stats.task_type.submission_name == "stats.cpp"
    assert sorted(stats.task_type.graders) == ["grader.cpp", "stats.h"]
    assert stats.checker.kind == "cms" and stats.samples == ["0-01"]
    relay = load_problem(imported["relay"][1])
    assert (relay.task_type.kind, relay.task_type.num_processes, relay.task_type.user_io) == ("communication", 2,
                                                                                              "std_io")
    assert relay.task_type.compile_with == ["stub.cpp"] and relay.task_type.manager.sources == ["manager.cpp"]
    reach = load_problem(imported["reach"][1])
    assert reach.task_type.kind == "output_only" and reach.task_type.outputs_allowed


def _imported_solution(src: Path, dest: Path, original: Problem, rel: str) -> Path:
    """Where the import put solutions/<rel> of the source: solutions/<class>/<file name>."""
    path = src / "solutions" / rel
    cls = next(c for c, files in original.solutions.items() if path in files)
    return dest / "solutions" / cls / path.name


@pytest.fixture(scope="module")
def judge_both(imported, pool, image):
    def get(name: str, rel: str) -> tuple[Submission, Submission]:
        src, dest, result = imported[name]
        assert result.exit_code == 0, result.output
        original, copy = load_problem(src), load_problem(dest)
        a = src / "solutions" / rel
        b = _imported_solution(src, dest, original, rel)
        return (judge_source(original, a, detect_language(a), pool, image),
                judge_source(copy, b, detect_language(b), pool, image))

    return get


CASES = ([("stats", rel) for rel in STATS_EXPECTED] + [("relay", rel) for rel in RELAY_EXPECTED]
         + [("aplusb", rel) for rel in APLUSB_SOLUTIONS])


@pytest.mark.parametrize("name, rel", CASES, ids=[f"{n}:{r}" for n, r in CASES])
def test_imported_judges_exactly_like_the_original(judge_both, name, rel):
    original, copy = judge_both(name, rel)
    assert original.compile.ok and copy.compile.ok, (original.compile.log, copy.compile.log)
    assert outcome(copy) == outcome(original)
    assert copy.score == original.score
    expected = {"stats": STATS_EXPECTED, "relay": RELAY_EXPECTED}.get(name)
    if expected is not None:  # and both are what CMS gives (pinned in test_tps_judging.py)
        assert copy.subtask_scores == pytest.approx(expected[rel], abs=1e-6)


def test_imported_output_only_judges_the_same_outputs(imported, pool, image, tmp_path):
    src, dest, result = imported["reach"]
    assert result.exit_code == 0, result.output
    outputs = reach_outputs(tmp_path / "outputs")
    original = judge_source(load_problem(src), outputs, None, pool, image)
    copy = judge_source(load_problem(dest), outputs, None, pool, image)
    assert outcome(copy) == outcome(original)
    assert copy.subtask_scores == REACH_EXPECTED


def test_import_summary_is_one_line_whatever_the_path_length(tmp_path):
    dest = tmp_path / ("d" * 100) / ("e" * 100)
    result = run_import(reach_package(tmp_path / "reach"), dest)
    assert result.exit_code == 0, result.output
    assert result.stderr.strip() == f"tps package reach -> {dest} (3 tests, 3 subtasks)"


def test_import_into_an_empty_existing_folder(tmp_path):
    dest = tmp_path / "dest"
    dest.mkdir()
    result = run_import(stats_package(tmp_path / "stats"), dest)
    assert result.exit_code == 0, result.output
    assert load_problem(dest).id == "stats"


def test_import_into_a_non_empty_folder_is_a_one_line_error(tmp_path):
    dest = tmp_path / "dest"
    dest.mkdir()
    (dest / "notes.txt").write_text("mine\n")
    result = run_import(stats_package(tmp_path / "stats"), dest)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0] == f"error: {dest}: destination exists and is not empty", lines[0]
    assert sorted(p.name for p in dest.iterdir()) == ["notes.txt"]  # nothing written, nothing removed
    assert (dest / "notes.txt").read_text() == "mine\n"


def test_import_keeps_subtask_constraints(tmp_path):
    src = tmp_path / "src"
    (src / "tests").mkdir(parents=True)
    (src / "tests" / "1.in").write_text("1 2\n")
    (src / "tests" / "1.ans").write_text("3\n")
    (src / "problem.yaml").write_text("id: tiny\ntime_limit: 1\nmemory_limit: 64\nsubtasks:\n"
                                      "  - {name: small, points: 100, tests: ['*'], constraints: 'a, b <= 10'}\n")
    assert load_problem(src).subtasks[0].constraints == "a, b <= 10"
    dest = tmp_path / "dest"
    assert run_import(src, dest).exit_code == 0
    assert load_problem(dest).subtasks[0].constraints == "a, b <= 10"


def test_import_onto_an_existing_file_is_a_one_line_error(tmp_path):
    dest = tmp_path / "taken"
    dest.write_text("mine\n")
    result = run_import(reach_package(tmp_path / "reach"), dest)
    assert result.exit_code == 2, repr(result.exception)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {dest}: "), result.stderr
    assert dest.read_text() == "mine\n"


def test_import_of_a_bad_package_is_a_one_line_error(tmp_path):
    src = stats_package(tmp_path / "stats")
    (src / "subtasks" / "01-tiny.json").write_text(json.dumps({"score": 7, "testcases": ["9-99"]}))
    dest = tmp_path / "dest"
    result = run_import(src, dest)
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and f"{src / 'subtasks' / '01-tiny.json'}: testcases: " in lines[0], result.stderr
    assert not dest.exists() or not any(dest.iterdir())


def test_import_keeps_same_named_solutions_of_folders_with_the_same_class(tmp_path):
    src = stats_package(tmp_path / "stats")
    model = (src / "solutions" / "model_solution" / "stats_model.cpp").read_text()
    (src / "solutions" / "correct").mkdir()
    (src / "solutions" / "correct" / "stats_model.cpp").write_text("// another accepted one\n" + model)
    original = load_problem(src)
    assert len(original.solutions["accepted"]) == 2
    dest = tmp_path / "dest"
    assert run_import(src, dest).exit_code == 0
    copy = load_problem(dest)
    assert sorted(f.read_text() for f in copy.solutions["accepted"]) == \
        sorted(f.read_text() for f in original.solutions["accepted"])
