"""The native package format (problem.yaml + tests/NAME.in|.ans): what loads, and the one-line errors.

Every package here is a few files written into tmp_path. An error must name the file (problem.yaml's path) and
the field at fault, so a problem author can fix it without reading a traceback. No Docker needed.
"""
from __future__ import annotations

import filecmp
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from solver.problems import ProblemFormatError, load_problem

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ["aplusb", "distinct"]

BASE = """\
id: demo
time_limit: 1.5
memory_limit: 64
subtasks:
  - name: all
    points: 100
    tests: ["*"]
"""


def write_pkg(root: Path, yaml_text: str | None = BASE, tests: dict[str, tuple[str, str | None]] | None = None,
              answer_suffix: str = ".ans") -> Path:
    """A package folder: problem.yaml (unless None) and tests/NAME.in with NAME<answer_suffix> (unless None)."""
    root.mkdir(parents=True, exist_ok=True)
    if yaml_text is not None:
        (root / "problem.yaml").write_text(yaml_text)
    folder = root / "tests"
    folder.mkdir(exist_ok=True)
    for name, (inp, ans) in (tests if tests is not None else {"1": ("1 2\n", "3\n")}).items():
        (folder / f"{name}.in").write_text(inp)
        if ans is not None:
            (folder / f"{name}{answer_suffix}").write_text(ans)
    return root


BASE_FIELDS = {"id": "demo", "time_limit": "1.5", "memory_limit": "64",
               "subtasks": "[{name: all, points: 100, tests: ['*']}]"}


def yaml_with(**fields: str) -> str:
    """BASE's fields with some replaced or added (values are YAML text), one `key: value` line each."""
    return "".join(f"{k}: {v}\n" for k, v in {**BASE_FIELDS, **fields}.items())


def load_error(root: Path) -> ProblemFormatError:
    with pytest.raises(ProblemFormatError) as info:
        load_problem(root)
    return info.value


def assert_names(err: ProblemFormatError, root: Path, field: str, *words: str) -> None:
    """The message is one line that starts with the file, names the field and contains each word."""
    text = str(err)
    assert "\n" not in text, text
    assert text.startswith(f"{root / 'problem.yaml'}: "), text
    assert err.file == str(root / "problem.yaml")
    assert err.field == field, text
    assert f": {field}: " in text, text
    for w in words:
        assert w in text, (w, text)


# ---------------------------------------------------------------- what loads


def test_minimal_package_defaults(tmp_path):
    p = load_problem(write_pkg(tmp_path / "pkg"))
    assert p.id == "demo" and p.title == "demo"
    assert p.limits.time_s == 1.5 and p.limits.memory_mib == 64 and p.limits.output_mib == 256
    assert p.checker.kind == "tokens"
    assert p.score_precision == 2
    assert [(s.name, s.points, s.tests, s.score_type) for s in p.subtasks] == [("all", 100, ["1"], "GroupMin")]
    assert p.max_score == 100
    assert p.samples == [] and p.statement == ""
    assert p.tests["1"].read_input() == b"1 2\n" and p.tests["1"].read_answer() == b"3\n"


def test_globs_and_names_expand_in_order_without_duplicates(tmp_path):
    text = """\
id: globs
title: Globs
time_limit: 2
memory_limit: 128
output_limit: 8
score_type: GroupMul
score_precision: 0
samples: [ex-*]
subtasks:
  - name: examples
    points: 0
    tests: [ex-*]
  - name: small
    points: 40
    tests: [small-2, small-*]
    score_type: Sum
  - name: all
    points: 60
    tests: ["small-?", "big-*", small-1]
"""
    names = ["ex-1", "small-1", "small-2", "big-1", "big-10", "big-2"]
    root = write_pkg(tmp_path / "pkg", text, {n: (f"{n}\n", f"{n}\n") for n in names})
    (root / "statement.md").write_text("# Globs\n")
    p = load_problem(root)
    assert p.title == "Globs"
    assert p.limits.time_s == 2 and p.limits.memory_mib == 128 and p.limits.output_mib == 8
    assert p.score_precision == 0
    assert p.samples == ["ex-1"]
    assert p.statement == "# Globs\n"
    by_name = {s.name: s for s in p.subtasks}
    assert by_name["examples"].tests == ["ex-1"]
    # an explicit name first, then the glob adds only what is not there yet
    assert by_name["small"].tests == ["small-2", "small-1"]
    # globs are fnmatch over test names (sorted by file name); "?" is one character
    assert by_name["all"].tests == ["small-1", "small-2", "big-1", "big-10", "big-2"]
    assert by_name["small"].score_type == "Sum"
    assert by_name["all"].score_type == "GroupMul"  # the problem default
    assert p.max_score == 100
    assert sorted(p.tests) == sorted(names)


def test_out_is_accepted_as_the_answer_suffix(tmp_path):
    p = load_problem(write_pkg(tmp_path / "pkg", answer_suffix=".out"))
    assert p.tests["1"].answer_path.name == "1.out"


def test_float_checker_with_tolerances(tmp_path):
    p = load_problem(write_pkg(tmp_path / "pkg", yaml_with(checker="{type: float, abs_tol: 1.0e-4, rel_tol: 0}")))
    assert (p.checker.kind, p.checker.abs_tol, p.checker.rel_tol) == ("float", 1e-4, 0.0)
    p = load_problem(write_pkg(tmp_path / "plain", yaml_with(checker="float")))
    assert (p.checker.kind, p.checker.abs_tol, p.checker.rel_tol) == ("float", 1e-6, 1e-6)


def test_program_checker_files(tmp_path):
    root = write_pkg(tmp_path / "pkg", yaml_with(checker="{type: testlib, source: checker/check.cpp, "
                                                          "include: [checker/testlib.h]}"))
    (root / "checker").mkdir()
    (root / "checker" / "check.cpp").write_text("int main() {}\n")
    (root / "checker" / "testlib.h").write_text("// header\n")
    p = load_problem(root)
    assert p.checker.kind == "testlib"
    assert p.checker.sources == ["check.cpp"]
    assert set(p.checker.files) == {"check.cpp", "testlib.h"}


# ---------------------------------------------------------------- errors: file and field named


def test_missing_answer_file(tmp_path):
    root = write_pkg(tmp_path / "pkg", tests={"1": ("1\n", "1\n"), "2": ("2\n", None)})
    assert_names(load_error(root), root, "tests", "2.in", ".ans")


def test_unknown_top_level_field(tmp_path):
    root = write_pkg(tmp_path / "pkg", yaml_with(timelimit="2"))
    assert_names(load_error(root), root, "timelimit", "Extra inputs are not permitted")


def test_unknown_subtask_field(tmp_path):
    root = write_pkg(tmp_path / "pkg", yaml_with(subtasks="[{name: a, points: 1, tests: ['*'], pionts: 2}]"))
    assert_names(load_error(root), root, "subtasks.0.pionts")


def test_negative_points(tmp_path):
    root = write_pkg(tmp_path / "pkg", yaml_with(subtasks="[{name: a, points: 1, tests: ['*']}, "
                                                           "{name: b, points: -5, tests: ['*']}]"))
    assert_names(load_error(root), root, "subtasks.1.points", "greater than or equal to 0")


def test_test_glob_matching_nothing(tmp_path):
    root = write_pkg(tmp_path / "pkg", yaml_with(subtasks="[{name: a, points: 1, tests: ['*']}, "
                                                           "{name: b, points: 1, tests: ['big-*']}]"))
    assert_names(load_error(root), root, "subtasks.1.tests", "'big-*'", "matches no test")


def test_test_name_matching_nothing(tmp_path):
    root = write_pkg(tmp_path / "pkg", yaml_with(subtasks="[{name: a, points: 1, tests: ['1', '7']}]"))
    assert_names(load_error(root), root, "subtasks.0.tests", "'7'")


def test_sample_glob_matching_nothing(tmp_path):
    root = write_pkg(tmp_path / "pkg", yaml_with(samples="[sample-*]"))
    assert_names(load_error(root), root, "samples", "'sample-*'")


@pytest.mark.parametrize("field, value, words", [
    ("time_limit", "0", ["greater than 0"]),
    ("time_limit", "fast", ["number"]),
    ("memory_limit", "-64", ["greater than 0"]),
    ("memory_limit", "1.5", ["integer"]),
    ("score_precision", "9", ["less than or equal to 6"]),
    ("score_type", "Minimum", ["GroupMin"]),
    ("subtasks", "[]", ["at least 1"]),
])
def test_bad_values(tmp_path, field, value, words):
    root = write_pkg(tmp_path / "pkg", yaml_with(**{field: value}))
    assert_names(load_error(root), root, field, *words)


def test_missing_required_field(tmp_path):
    root = write_pkg(tmp_path / "pkg", BASE.replace("memory_limit: 64\n", ""))
    assert_names(load_error(root), root, "memory_limit", "required")


def test_bad_subtask_score_type(tmp_path):
    root = write_pkg(tmp_path / "pkg", yaml_with(subtasks="[{name: a, points: 1, tests: ['*'], score_type: Min}]"))
    assert_names(load_error(root), root, "subtasks.0.score_type", "GroupMin")


def test_subtask_tests_must_be_a_list(tmp_path):
    root = write_pkg(tmp_path / "pkg", yaml_with(subtasks="[{name: a, points: 1, tests: '*'}]"))
    assert_names(load_error(root), root, "subtasks.0.tests", "list")


def test_unknown_checker_name(tmp_path):
    root = write_pkg(tmp_path / "pkg", yaml_with(checker="exactly"))
    assert_names(load_error(root), root, "checker", "'exactly'", "tokens")


def test_program_checker_source_missing(tmp_path):
    root = write_pkg(tmp_path / "pkg", yaml_with(checker="{type: cms, source: checker/check.cpp}"))
    assert_names(load_error(root), root, "checker", "checker/check.cpp", "does not exist")


def test_tests_folder_missing_or_empty(tmp_path):
    root = write_pkg(tmp_path / "empty", tests={})
    assert_names(load_error(root), root, "tests", "no *.in files")
    shutil.rmtree(root / "tests")
    assert_names(load_error(root), root, "tests", "missing")


@pytest.mark.parametrize("text, line", [
    ("id: demo\ntime_limit: [1\n", 3),  # unclosed flow sequence: noticed at the end of the stream
    ("id: demo\nsubtasks:\n  - name: a\n   points: 1\n", 4),  # bad indentation
    ("id: demo\ntitle: 'unterminated\n", 3),
    ("id: demo\n\tmemory_limit: 64\n", 2),  # a tab
    ("id: demo\ntime_limit: 1\nmemory_limit: 64\ntitle: a: b\n", 4),
])
def test_invalid_yaml_names_the_line(tmp_path, text, line):
    root = write_pkg(tmp_path / "pkg", text)
    err = load_error(root)
    assert str(err).startswith(f"{root / 'problem.yaml'}: not valid YAML at line {line}, "), str(err)
    assert "\n" not in str(err)


def test_unknown_checker_key_is_named(tmp_path):
    root = write_pkg(tmp_path / "pkg", yaml_with(checker="{type: float, abstol: 1.0e-4}"))
    assert_names(load_error(root), root, "checker.abstol", "Extra inputs")


def test_unknown_checker_type(tmp_path):
    root = write_pkg(tmp_path / "pkg", yaml_with(checker="{type: floaty}"))
    assert_names(load_error(root), root, "checker.type", "floaty")


def test_program_checker_needs_a_source(tmp_path):
    root = write_pkg(tmp_path / "pkg", yaml_with(checker="{type: testlib}"))
    assert_names(load_error(root), root, "checker.source", "required")


@pytest.mark.parametrize("text", ["", "- 1\n- 2\n", "just a string\n"])
def test_top_level_must_be_a_mapping(tmp_path, text):
    root = write_pkg(tmp_path / "pkg", text)
    err = load_error(root)
    assert str(err) == f"{root / 'problem.yaml'}: expected a mapping at the top level"


def test_not_a_package(tmp_path):
    root = write_pkg(tmp_path / "pkg", None)
    err = load_error(root)
    assert str(root) in str(err) and "problem.yaml" in str(err)
    err = load_error(tmp_path / "nowhere")
    assert str(tmp_path / "nowhere") in str(err) and "no such file" in str(err)


# ---------------------------------------------------------------- the example packages in problems/


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_package_is_well_formed(name):
    root = ROOT / "problems" / name
    p = load_problem(root)
    assert p.id == name
    assert p.max_score == 100
    assert p.samples and all(s.startswith("sample-") for s in p.samples)
    assert p.subtasks[0].points == 0 and p.subtasks[0].tests == p.samples
    assert set().union(*(s.tests for s in p.subtasks)) == set(p.tests), "a test no subtask uses"
    assert "## Input" in p.statement and "## Output" in p.statement and "## Subtasks" in p.statement
    size = sum(f.stat().st_size for f in (root / "tests").iterdir())
    assert size < 200_000, f"{name}: tests are {size} bytes; keep committed tests small"
    for folder in ("accepted", "wrong_answer", "time_limit_exceeded"):
        assert any((root / "solutions" / folder).iterdir()), folder
    assert {f.suffix for f in (root / "solutions" / "accepted").iterdir()} >= {".cpp", ".py"}


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_tests_regenerate_identically(tmp_path, name):
    """generators/make_tests.py (gen.py + the Python reference) rebuilds the committed tests byte for byte."""
    src = ROOT / "problems" / name
    copy = tmp_path / name
    shutil.copytree(src, copy, ignore=shutil.ignore_patterns("tests", "__pycache__"))
    subprocess.run([sys.executable, str(copy / "generators" / "make_tests.py")], check=True, capture_output=True,
                   timeout=60)
    committed = sorted(f.name for f in (src / "tests").iterdir())
    regenerated = sorted(f.name for f in (copy / "tests").iterdir())
    assert committed == regenerated
    match, mismatch, errors = filecmp.cmpfiles(src / "tests", copy / "tests", committed, shallow=False)
    assert not mismatch and not errors


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_tests_obey_their_subtasks(name):
    """generators/validate.py SUBTASK accepts every test of that subtask, and rejects a test too big for it."""
    root = ROOT / "problems" / name
    p = load_problem(root)
    validator = root / "generators" / "validate.py"

    def validate(subtask: str, test: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, str(validator), subtask], input=p.tests[test].read_input(),
                              capture_output=True, timeout=30)

    for st in p.subtasks:
        for test in st.tests:
            r = validate(st.name, test)
            assert r.returncode == 0, f"{name}/{test} breaks subtask {st.name}: {r.stderr.decode().strip()}"
    small = next(s for s in p.subtasks if s.name == "small")
    too_big = next(t for t in p.subtasks[-1].tests if t not in small.tests and t not in p.samples)
    assert validate("small", too_big).returncode != 0


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_statement_samples_match_the_tests(name):
    """The statement's samples (Input/Output code blocks, in order) are tests/sample-N.in and .ans."""
    root = ROOT / "problems" / name
    text = (root / "statement.md").read_text().split("## Samples", 1)[1]
    blocks = re.findall(r"(Input|Output):\s*```\n(.*?)```", text, re.S)
    assert [kind for kind, _ in blocks] == ["Input", "Output"] * (len(blocks) // 2) and blocks
    for i in range(len(blocks) // 2):
        base = root / "tests" / f"sample-{i + 1}"
        assert blocks[2 * i][1] == base.with_suffix(".in").read_text()
        assert blocks[2 * i + 1][1] == base.with_suffix(".ans").read_text()
    assert len(blocks) // 2 == len(load_problem(root).samples)


def test_duplicate_key_is_an_error(tmp_path):
    root = write_pkg(tmp_path / "pkg", BASE + "time_limit: 2\n")
    err = load_error(root)
    assert "duplicate key 'time_limit'" in str(err) and "line 8" in str(err), str(err)


# CMS ScoreTypeGroup reduces a subtask's outcomes: GroupMin's min([]) and GroupMul's reduce() over none raise, so
# CMS cannot score an empty one; GroupThreshold's all() over none is 1.0, so CMS gives it full points.
@pytest.mark.parametrize("kind", ["GroupMin", "GroupMul"])
def test_an_empty_subtask_cms_cannot_score_is_refused(tmp_path, kind):
    root = write_pkg(tmp_path / "p", yaml_with(subtasks=f"[{{name: a, points: 40, tests: ['*']}}, "
                                               f"{{name: b, points: 60, tests: [], score_type: {kind}}}]"))
    assert_names(load_error(root), root, "subtasks.1.tests", "empty", kind)


def test_an_empty_group_threshold_subtask_loads_as_cms_scores_it(tmp_path):
    root = write_pkg(tmp_path / "p", yaml_with(score_type="GroupThreshold", subtasks="[{name: a, points: 40, "
                                               "tests: ['*'], threshold: 5}, {name: b, points: 60, tests: []}]"))
    p = load_problem(root)
    assert p.subtasks[1].tests == [] and p.checker.costs


def test_group_threshold_cannot_be_mixed_with_fraction_score_types(tmp_path):
    root = write_pkg(tmp_path / "p", yaml_with(subtasks="[{name: a, points: 40, tests: ['*'], score_type: "
                                               "GroupThreshold}, {name: b, points: 60, tests: ['*']}]"))
    assert_names(load_error(root), root, "subtasks", "GroupThreshold", "mixed")
