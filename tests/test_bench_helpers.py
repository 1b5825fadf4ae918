"""The helper programs committed with the example problems (problems/<id>/helpers/), which `cpsolve bench select`
gives our rule by default so that its figures need nothing outside the repository: generators print inputs that
both validators accept, brute forces earn the points of the small subtask in the real judge, the interactive
task's answer maker agrees with the answer files, and the table says where the helpers came from."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from sandbox.languages import get_language
from solver.bench.select import Row, problem_helpers, render_table
from solver.judge.judging import judge_source
from solver.pool import SUFFIXES
from solver.problems import load_problem

ROOT = Path(__file__).resolve().parent.parent
PROBLEMS = ROOT / "problems"
WITH_HELPERS = sorted(p.name for p in PROBLEMS.iterdir() if (p / "helpers").is_dir())
#: the stress lab's sizes: stress inputs, clustering inputs, large inputs (AgentConfig's defaults)
SIZES = (8, 32, 200000)


def test_every_package_that_select_accepts_has_helpers():
    # shelves is output-only: its pool is folders of outputs, which `select` refuses
    assert WITH_HELPERS == ["aplusb", "distinct", "leftovers", "pavings", "peak", "spread", "stamps", "whisper"]


def _run(script: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(script), *args], input=stdin, capture_output=True, text=True,
                          timeout=60)


@pytest.mark.parametrize("name", WITH_HELPERS)
def test_generated_inputs_pass_both_validators(name):
    """The helper validator (the package's own, linked: the general constraints) and the package's validator with
    its last subtask's constraints accept what the generator prints at every size the stress lab asks for."""
    root = PROBLEMS / name
    last = load_problem(root).subtasks[-1].name
    for seed, size in enumerate(SIZES):
        gen = _run(root / "helpers" / "generator.py", str(seed), str(size))
        assert gen.returncode == 0 and gen.stdout.strip(), gen.stderr
        mine = _run(root / "helpers" / "validator.py", stdin=gen.stdout)
        assert mine.returncode == 0, f"seed {seed} size {size}: {mine.stderr}"
        official = _run(root / "generators" / "validate.py", last, stdin=gen.stdout)
        assert official.returncode == 0, f"seed {seed} size {size}: {official.stderr}"
    # and the helper validator is no rubber stamp: an input past the constraints is refused
    assert _run(root / "helpers" / "validator.py", stdin="0\n").returncode != 0


@pytest.mark.docker
@pytest.mark.parametrize("name", [n for n in WITH_HELPERS if n not in ("peak", "whisper")])
def test_brute_forces_earn_the_small_subtask(name, pool, image):
    """Judged like a submission (with the grader where the task has one), each brute force gets all the
    points of the first scored subtask, the small inputs it is meant for."""
    problem = load_problem(PROBLEMS / name)
    [brute] = (PROBLEMS / name / "helpers").glob("brute.*")
    family = SUFFIXES[brute.suffix]
    sub = judge_source(problem, brute, get_language(problem.cpp if family == "cpp" else family), pool, image)
    assert sub.compile.ok, sub.compile
    first = next(i for i, s in enumerate(problem.subtasks) if s.points > 0)
    assert sub.subtask_scores[first] == pytest.approx(problem.subtasks[first].points), sub.subtask_scores


def test_peak_answer_maker_agrees_with_the_answer_files():
    tests = sorted((PROBLEMS / "peak" / "tests").glob("*.in"))
    assert tests
    for test in tests:
        made = _run(PROBLEMS / "peak" / "helpers" / "brute.py", stdin=test.read_text())
        assert made.stdout.split() == test.with_suffix(".ans").read_text().split(), test.name


def test_the_table_says_where_the_helpers_came_from(tmp_path):
    problem = load_problem(PROBLEMS / "aplusb")
    helpers, source = problem_helpers(problem, None)
    assert source == "package" and helpers.brute.name == "brute.py" and helpers.validator.name == "validator.py"
    assert problem_helpers(problem, None, package=False) == (None, "none")
    assert problem_helpers(problem, None, package=False, endpoint="http://x/v1") == (None, "model")
    given = tmp_path / "aplusb"
    given.mkdir()
    (given / "generator.py").write_text("print(1)\n")
    helpers, source = problem_helpers(problem, tmp_path, endpoint="http://x/v1")
    assert source == "--helpers + model" and helpers.generator == given / "generator.py" and helpers.brute is None
    assert problem_helpers(problem, tmp_path)[1] == "--helpers"
    row = Row("aplusb", 1, 40.0, 50.0, 100.0, 100.0, "package")
    assert render_table([row]).splitlines()[-1] == "| aplusb | 1 | 40.00 | 50.00 | 100.00 | 100.00 | 1.00 | package |"
    assert row.to_json()["helpers"] == "package"
