"""`cpsolve judge` end to end, through typer's CliRunner, on the example problems in problems/.

Every solution under problems/<example>/solutions/<folder>/ is judged once (results are cached for the module) and
must earn what its folder promises; the solutions written with the examples also have their exact per-subtask
scores pinned. Errors in a package must be one clear line, never a traceback.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from solver.cli.main import app

ROOT = Path(__file__).resolve().parent.parent
PROBLEMS = ROOT / "problems"
EXAMPLES = ["aplusb", "distinct"]

SOLUTIONS = sorted(f for p in EXAMPLES for f in (PROBLEMS / p / "solutions").glob("*/*") if f.is_file())

#: Per-subtask scores each example solution earns (deterministic: the slow ones are far over the limit).
EXPECTED = {
    "aplusb/accepted/aplusb.cpp": [0, 30, 30, 40],
    "aplusb/accepted/aplusb.py": [0, 30, 30, 40],
    "aplusb/wrong_answer/aplusb_int32.cpp": [0, 30, 0, 0],
    "aplusb/time_limit_exceeded/aplusb_count.cpp": [0, 30, 0, 0],
    "distinct/accepted/distinct.cpp": [0, 20, 30, 50],
    "distinct/accepted/distinct.py": [0, 20, 30, 50],
    "distinct/partial/distinct_pow.py": [0, 20, 30, 0],
    "distinct/wrong_answer/distinct_intdiv.cpp": [0, 0, 0, 0],
    "distinct/time_limit_exceeded/distinct_simulate.cpp": [0, 20, 0, 0],
}

#: The verdict some test must get, per solutions/ folder.
FOLDER_VERDICT = {"wrong_answer": "WA", "time_limit_exceeded": "TLE", "memory_limit_exceeded": "MLE",
                  "runtime_error": "RE"}

TOP_KEYS = {"problem", "language", "compile", "score", "max_score", "score_precision", "subtasks", "time_limit"}
SUBTASK_KEYS = {"name", "max_score", "score", "verdict", "tests"}
TEST_KEYS = {"name", "verdict", "time", "wall", "memory_kib", "message"}
VERDICTS = {"AC", "WA", "PA", "TLE", "MLE", "RE", "OLE", "CE", "JE", "SKIP"}

runner = CliRunner()


def key(solution: Path) -> str:
    rel = solution.relative_to(PROBLEMS)
    return f"{rel.parts[0]}/{rel.parts[2]}/{rel.name}"


def invoke(*args: str):
    return runner.invoke(app, ["judge", *map(str, args)])


@pytest.fixture(scope="module")
def judged(docker_image):
    """judged(problem, solution, jobs=1) -> the parsed --json output; each combination is judged once."""
    cache: dict[tuple, dict] = {}

    def get(problem: Path, solution: Path, jobs: int = 1) -> dict:
        k = (str(problem), str(solution), jobs)
        if k not in cache:
            result = invoke(problem, solution, "--json", "--jobs", jobs)
            assert result.exit_code == 0, result.output
            cache[k] = json.loads(result.stdout)  # stdout holds exactly one JSON object; progress goes to stderr
        return cache[k]

    return get


def all_tests(report: dict) -> list[dict]:
    return [t for s in report["subtasks"] for t in s["tests"]]


def assert_schema(report: dict) -> None:
    assert set(report) == TOP_KEYS
    assert set(report["compile"]) == {"ok", "log"}
    assert isinstance(report["compile"]["ok"], bool) and isinstance(report["compile"]["log"], str)
    assert isinstance(report["score"], (int, float)) and isinstance(report["max_score"], (int, float))
    for st in report["subtasks"]:
        assert set(st) == SUBTASK_KEYS
        assert st["verdict"] in VERDICTS
        for t in st["tests"]:
            assert set(t) == TEST_KEYS
            assert t["verdict"] in VERDICTS
            assert isinstance(t["time"], (int, float)) and isinstance(t["wall"], (int, float))
            assert isinstance(t["memory_kib"], int) and isinstance(t["message"], str)
    assert report["score"] == pytest.approx(sum(s["score"] for s in report["subtasks"]))
    assert report["max_score"] == pytest.approx(sum(s["max_score"] for s in report["subtasks"]))


@pytest.mark.docker
@pytest.mark.parametrize("solution", SOLUTIONS, ids=key)
def test_solution_earns_what_its_folder_says(judged, solution):
    problem = solution.parents[2]
    folder = solution.parent.name
    report = judged(problem, solution)
    assert_schema(report)
    assert report["problem"] == problem.name
    assert report["compile"]["ok"], report["compile"]["log"]
    assert [s["name"] for s in report["subtasks"]] == _subtask_names(problem)
    verdicts = {t["verdict"] for t in all_tests(report)}
    summary = [(s["name"], s["score"], s["verdict"]) for s in report["subtasks"]]
    if folder == "accepted":
        assert report["score"] == report["max_score"] == 100, summary
        assert verdicts == {"AC"}, summary
    else:
        assert report["score"] < report["max_score"], summary
    if folder == "partial":
        assert report["score"] > 0, summary
    if folder in FOLDER_VERDICT:
        assert FOLDER_VERDICT[folder] in verdicts, summary
    if key(solution) in EXPECTED:
        assert [s["score"] for s in report["subtasks"]] == EXPECTED[key(solution)], summary
    for st in report["subtasks"]:
        ran = [t["verdict"] for t in st["tests"] if t["verdict"] != "SKIP"]
        if st["max_score"] > 0:
            assert (st["score"] == st["max_score"]) == (st["verdict"] == "AC"), summary
        assert st["verdict"] == "AC" or st["verdict"] in ran, st


def test_every_expected_solution_exists():
    assert set(EXPECTED) <= {key(s) for s in SOLUTIONS}


def _subtask_names(problem: Path) -> list[str]:
    from solver.problems import load_problem

    return [s.name for s in load_problem(problem).subtasks]


@pytest.mark.docker
@pytest.mark.parametrize("solution", ["aplusb/time_limit_exceeded/aplusb_count.cpp",
                                      "distinct/partial/distinct_pow.py"])
def test_jobs_2_scores_like_jobs_1(judged, solution):
    problem, folder, name = solution.split("/")
    path = PROBLEMS / problem / "solutions" / folder / name
    one, two = judged(PROBLEMS / problem, path, 1), judged(PROBLEMS / problem, path, 2)
    assert_schema(two)
    summary = lambda r: [(s["name"], s["score"], s["verdict"]) for s in r["subtasks"]]  # noqa: E731
    assert summary(two) == summary(one)
    assert two["score"] == one["score"]


@pytest.mark.docker
def test_table_output_lists_subtasks_and_total(docker_image):
    result = invoke(PROBLEMS / "aplusb", PROBLEMS / "aplusb/solutions/accepted/aplusb.cpp")
    assert result.exit_code == 0, result.output
    out = result.stdout
    for name in ("samples", "small", "big", "many", "total"):
        assert name in out, out
    assert "100/100" in out and "30/30" in out and "40/40" in out, out
    assert not out.lstrip().startswith("{")


@pytest.mark.docker
@pytest.mark.parametrize("name, source, words", [
    ("broken.cpp", "int main() { return undeclared_name; }\n", ["undeclared_name", "error"]),
    ("broken.py", "def f(:\n    pass\n", ["SyntaxError"]),
])
def test_compile_error(docker_image, tmp_path, name, source, words):
    src = tmp_path / name
    src.write_text(source)
    result = invoke(PROBLEMS / "aplusb", src, "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert_schema(report)
    assert report["compile"]["ok"] is False
    for w in words:
        assert w in report["compile"]["log"], report["compile"]["log"]
    assert report["score"] == 0 and report["max_score"] == 100
    assert [s["verdict"] for s in report["subtasks"]] == ["CE"] * 4
    assert all(s["score"] == 0 for s in report["subtasks"])
    # the table form shows the verdict and the compiler's message too
    table = invoke(PROBLEMS / "aplusb", src)
    assert "CE" in table.stdout and words[0] in table.stdout, table.output


def _bad_package(tmp_path: Path, old: str, new: str) -> Path:
    root = tmp_path / "bad"
    shutil.copytree(PROBLEMS / "aplusb", root, ignore=shutil.ignore_patterns("solutions", "generators"))
    text = (root / "problem.yaml").read_text()
    assert old in text
    (root / "problem.yaml").write_text(text.replace(old, new))
    return root


@pytest.mark.parametrize("old, new, field", [
    ("time_limit: 1.0", "time_limit: -1", "time_limit"),
    ("memory_limit: 256", "memory_limit: 256\nmemory_limt: 64", "memory_limt"),
    ("    points: 30\n    tests: [big-*]", "    points: -30\n    tests: [big-*]", "subtasks.2.points"),
    ("tests: [big-*]", "tests: [huge-*]", "subtasks.2.tests"),
])
def test_bad_problem_yaml_is_one_clear_error(tmp_path, old, new, field):
    root = _bad_package(tmp_path, old, new)
    result = invoke(root, PROBLEMS / "aplusb/solutions/accepted/aplusb.cpp", "--json")
    assert result.exit_code != 0
    assert isinstance(result.exception, SystemExit), result.exception  # a clean exit, not an exception
    assert "Traceback" not in result.output
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert f"{root / 'problem.yaml'}: {field}: " in result.stderr, result.stderr


def test_long_error_is_not_wrapped(tmp_path):
    """A message far wider than the 80 columns rich assumes off a terminal stays on one line."""
    root = _bad_package(tmp_path / ("long-folder-name-" * 4), "time_limit: 1.0", "time_limit: -1")
    result = invoke(root, PROBLEMS / "aplusb/solutions/accepted/aplusb.cpp")
    assert result.exit_code != 0
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


@pytest.mark.parametrize("name", ["a[red]b.cpp", "a[/]b.cpp"])
def test_error_message_is_not_rich_markup(tmp_path, name):
    """Brackets in a path are printed as they are (not taken as rich markup, not a MarkupError)."""
    result = invoke(PROBLEMS / "aplusb", tmp_path / name)
    assert isinstance(result.exception, SystemExit), result.exception
    assert f"{tmp_path / name}: no such file" in result.stderr, result.stderr


def test_missing_solution_and_unknown_language(tmp_path):
    result = invoke(PROBLEMS / "aplusb", tmp_path / "nope.cpp")
    assert result.exit_code != 0 and isinstance(result.exception, SystemExit)
    assert f"{tmp_path / 'nope.cpp'}: no such file" in result.stderr
    src = tmp_path / "sol.txt"
    src.write_text("print(1)\n")
    result = invoke(PROBLEMS / "aplusb", src)
    assert result.exit_code != 0 and isinstance(result.exception, SystemExit)
    assert "--lang" in result.stderr
    result = invoke(PROBLEMS / "aplusb", src, "--lang", "cobol")
    assert result.exit_code != 0 and isinstance(result.exception, SystemExit)
    assert "unknown language" in result.stderr
