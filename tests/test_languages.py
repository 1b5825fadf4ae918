"""Languages a submission can be judged in: PyPy beside CPython, chosen by --lang, by the problem, or by the format.

The speed test is a verdict, never a timing assertion: the loop is sized so that CPython needs several times the
1 s limit and PyPy a small fraction of it (measured on the development machine: CPython 3.5 s, PyPy 0.18 s for
4e7 iterations), so load on a shared machine moves neither verdict. The times are printed for the record.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sandbox.languages import get_language
from solver.cli.main import app
from solver.judge.judging import judge_source, language_for
from solver.problems import load_problem
from solver.problems.errors import ProblemFormatError

N = 40_000_000
MOD = 1_000_000_007
LOOP = f"n = int(input())\ns = 0\nfor i in range(n):\n    s = (s + i * i) % {MOD}\nprint(s)\n"

runner = CliRunner()


def loop_package(root: Path, extra: str = "") -> Path:
    """A native problem whose one test is the loop above, with a 1 s limit."""
    (root / "tests").mkdir(parents=True)
    (root / "problem.yaml").write_text(
        f"id: loop\ntime_limit: 1\nmemory_limit: 256\n{extra}subtasks:\n  - {{name: all, points: 100, tests: ['*']}}\n")
    (root / "tests" / "big.in").write_text(f"{N}\n")
    (root / "tests" / "big.ans").write_text(f"{(N - 1) * N * (2 * N - 1) // 6 % MOD}\n")  # sum of i*i, i < N
    (root / "loop.py").write_text(LOOP)
    return root


def judge_json(*args) -> dict:
    result = runner.invoke(app, ["judge", *map(str, args), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def only_test(report: dict) -> dict:
    (test,) = [t for s in report["subtasks"] for t in s["tests"]]
    return test


@pytest.mark.docker
def test_pypy_passes_a_loop_that_cpython_cannot_finish_in_time(docker_image, tmp_path):
    pkg = loop_package(tmp_path / "loop")
    cpython = judge_json(pkg, pkg / "loop.py")
    pypy = judge_json(pkg, pkg / "loop.py", "--lang", "pypy3")
    slow, fast = only_test(cpython), only_test(pypy)
    print(f"CPython: {slow['verdict']} after {slow['time']:.2f} s; PyPy: {fast['verdict']} in {fast['time']:.2f} s")
    assert cpython["language"] == "python3" and slow["verdict"] == "TLE", slow
    assert pypy["language"] == "pypy3" and fast["verdict"] == "AC", fast
    assert pypy["score"] == 100


@pytest.mark.docker
def test_a_problem_can_ask_for_pypy(pool, image, tmp_path):
    pkg = loop_package(tmp_path / "loop", extra="python: pypy3\n")
    problem = load_problem(pkg)
    language = language_for(problem, pkg / "loop.py")
    assert language.name == "pypy3"
    sub = judge_source(problem, pkg / "loop.py", language, pool, image)
    assert (sub.language, sub.score) == ("pypy3", 100)
    # asking for CPython on the command line still wins over the problem's choice
    assert language_for(problem, pkg / "loop.py", "python3").name == "python3"


@pytest.mark.docker
def test_a_syntax_error_under_pypy_is_a_compile_error(pool, image, tmp_path):
    pkg = loop_package(tmp_path / "loop")
    (pkg / "bad.py").write_text("print(1\n")
    problem = load_problem(pkg)
    sub = judge_source(problem, pkg / "bad.py", get_language("pypy3"), pool, image)
    assert not sub.compile.ok and "bad.py" in sub.compile.log
    assert {s.verdict.value for s in sub.subtasks} == {"CE"}


def test_kattis_packages_run_python_under_pypy(tmp_path):
    """Kattis judges the format's python3 submissions with PyPy; C++ keeps its default dialect."""
    root = tmp_path / "add"
    for rel, text in {"problem.yaml": "name: Add\n", "data/secret/1.in": "1 2\n", "data/secret/1.ans": "3\n",
                      "submissions/accepted/add.py": "print(sum(map(int, input().split())))\n",
                      "submissions/accepted/add.cpp": "int main(){}\n"}.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    problem = load_problem(root)
    assert language_for(problem, root / "submissions/accepted/add.py").name == "pypy3"
    assert language_for(problem, root / "submissions/accepted/add.cpp").name == "cpp17"


def test_an_unknown_python_in_problem_yaml_is_a_one_line_error(tmp_path):
    pkg = loop_package(tmp_path / "loop", extra="python: jython\n")
    with pytest.raises(ProblemFormatError) as e:
        load_problem(pkg)
    assert "problem.yaml" in str(e.value) and "python" in str(e.value) and "\n" not in str(e.value)


def test_an_unknown_lang_names_pypy3_among_the_known(tmp_path):
    pkg = loop_package(tmp_path / "loop")
    result = runner.invoke(app, ["judge", str(pkg), str(pkg / "loop.py"), "--lang", "cobol"])
    assert result.exit_code != 0 and "pypy3" in result.output
