"""Broken Kattis packages: each refused with one line naming the file and the field."""
from __future__ import annotations

import pytest

from solver.problems import load_problem

from .format_errors import assert_names, load_error
from .kattis_packages import ADD, CLOSE, SPLIT, SQUARE, write


# ---------------------------------------------------------------- errors: file and field named


def test_bad_yaml_names_the_file_and_line(tmp_path):
    root = write(tmp_path / "pkg", {**ADD, "problem.yaml": "name: Add\nlimits:\n  memory: [256\n"})
    err = load_error(root)
    assert str(err).startswith(f"{root / 'problem.yaml'}: not valid YAML at line "), str(err)
    root = write(tmp_path / "pkg2", {**SQUARE, "data/secret/group2/testdata.yaml": "accept_score: 10\n bad: [\n"})
    assert load_error(root).file == str(root / "data/secret/group2/testdata.yaml")
    twice = "accept_score: 5\naccept_score: 7\n"
    root = write(tmp_path / "pkg3", {**SQUARE, "data/secret/group1/testdata.yaml": twice})
    err = load_error(root)
    assert str(err).startswith(f"{root / 'data/secret/group1/testdata.yaml'}: not valid YAML at line 2"), str(err)
    assert "duplicate key 'accept_score'" in str(err)


def test_missing_answer_file(tmp_path):
    files = {k: v for k, v in ADD.items() if k != "data/secret/big/03.ans"}
    root = write(tmp_path / "pkg", files)
    assert_names(load_error(root), root / "data/secret/big", "03.in", "03.ans")


@pytest.mark.parametrize("validation", ["fancy", "default score", "custom colour"])
def test_unknown_validation(tmp_path, validation):
    root = write(tmp_path / "pkg", {**ADD, "problem.yaml": f"name: A\nvalidation: {validation}\n"})
    assert_names(load_error(root), root / "problem.yaml", "validation", repr(validation))


def test_custom_validation_without_a_validator(tmp_path):
    root = write(tmp_path / "pkg", {**ADD, "problem.yaml": "name: A\nvalidation: custom\n"})
    assert_names(load_error(root), root / "problem.yaml", "validation", "output_validators/")


def test_custom_score_needs_a_scoring_problem(tmp_path):
    root = write(tmp_path / "pkg", {**SPLIT, "problem.yaml": "name: A\nvalidation: custom score\n"})
    assert_names(load_error(root), root / "problem.yaml", "validation", "scoring")


def test_unknown_problem_yaml_key(tmp_path):
    root = write(tmp_path / "pkg", {**ADD, "problem.yaml": "name: A\nlimits:\n  time_limit: 2\n"})
    assert_names(load_error(root), root / "problem.yaml", "limits.time_limit", "Extra inputs")


def test_unknown_default_validator_flag(tmp_path):
    root = write(tmp_path / "pkg", {**ADD, "problem.yaml": "name: A\nvalidator_flags: ignore_case\n"})
    assert_names(load_error(root), root / "problem.yaml", "validator_flags", "'ignore_case'")


def test_unsupported_format_version(tmp_path):
    root = write(tmp_path / "pkg", {**ADD, "problem.yaml": "problem_format_version: 2031-01\nname: A\n"})
    assert_names(load_error(root), root / "problem.yaml", "problem_format_version", "'2031-01'", "2025-09")


def test_unknown_grader_flag(tmp_path):
    root = write(tmp_path / "pkg", {**SQUARE, "data/secret/group2/testdata.yaml": "grader_flags: median\n"})
    assert_names(load_error(root), root / "data/secret/group2/testdata.yaml", "grader_flags", "'median'")


def test_min_over_subgroups_is_refused(tmp_path):
    root = write(tmp_path / "pkg", {**SQUARE, "data/secret/group3/testdata.yaml": "grader_flags: min\n"})
    assert_names(load_error(root), root / "data/secret/group3/testdata.yaml", "grader_flags", "secret/group3",
                 "only sum")


def test_bad_testdata_value(tmp_path):
    root = write(tmp_path / "pkg", {**SQUARE, "data/secret/group1/testdata.yaml": "on_reject: stop\n"})
    assert_names(load_error(root), root / "data/secret/group1/testdata.yaml", "on_reject", "break")
    root = write(tmp_path / "pkg2", {**SQUARE, "data/secret/group1/testdata.yaml": "range: lots\n"})
    assert_names(load_error(root), root / "data/secret/group1/testdata.yaml", "range", "'lots'")


def test_differing_validator_flags(tmp_path):
    root = write(tmp_path / "pkg", {**SPLIT, "data/secret/b/testdata.yaml": "output_validator_flags: strict\n",
                                    "data/secret/b/3.in": "4\n", "data/secret/b/3.ans": "2 2\n"})
    assert_names(load_error(root), root / "data/secret/b/testdata.yaml", "output_validator_flags", "secret/b/3",
                 "one set")
    # the samples may differ: they are judged with the secret tests' flags
    root = write(tmp_path / "pkg2", {**SPLIT, "data/sample/testdata.yaml": "output_validator_flags: strict\n"})
    assert load_problem(root).checker.flags == ("positive",)


def test_2025_09_group_without_max_score(tmp_path):
    root = write(tmp_path / "pkg", {**CLOSE, "data/secret/1-valid/test_group.yaml": "score_aggregation: min\n"})
    assert_names(load_error(root), root / "data/secret/1-valid/test_group.yaml", "max_score", "required")


def test_2025_09_require_pass_is_refused(tmp_path):
    root = write(tmp_path / "pkg", {**CLOSE, "data/secret/2-close/test_group.yaml":
                                    "max_score: 60\nscore_aggregation: sum\nrequire_pass: sample\n"})
    assert_names(load_error(root), root / "data/secret/2-close/test_group.yaml", "require_pass", "not supported")


def test_2025_09_folder_beside_groups_must_be_a_group(tmp_path):
    root = write(tmp_path / "pkg", {**CLOSE, "data/secret/3-extra/x.in": "1\n", "data/secret/3-extra/x.ans": "v\n"})
    assert_names(load_error(root), root / "data/secret/3-extra", "test_group.yaml", "missing")


def test_2025_09_missing_name_and_bad_type(tmp_path):
    yaml_text = CLOSE["problem.yaml"].replace("name:\n  en: Close Enough\n", "")
    root = write(tmp_path / "pkg", {**CLOSE, "problem.yaml": yaml_text})
    assert_names(load_error(root), root / "problem.yaml", "name", "required")
    root = write(tmp_path / "pkg2", {**CLOSE, "problem.yaml": CLOSE["problem.yaml"].replace("scoring", "scorin")})
    assert_names(load_error(root), root / "problem.yaml", "type", "'scorin'")


def test_bad_timelimit_file(tmp_path):
    root = write(tmp_path / "pkg", {**ADD, ".timelimit": "soon\n"})
    assert_names(load_error(root), root / ".timelimit", "", "'soon'")


def test_missing_secret_folder(tmp_path):
    root = write(tmp_path / "pkg", {"problem.yaml": "problem_format_version: 2025-09\nname: A\n",
                                    "data/sample/1.in": "1\n", "data/sample/1.ans": "1\n"})
    assert_names(load_error(root), root / "data", "secret", "missing")


def test_custom_score_group_needs_a_range(tmp_path):
    files = {**SQUARE, "problem.yaml": "type: scoring\nname: S\nvalidation: custom score\n",
             "output_validators/v.cpp": "int main() { return 42; }\n",
             "data/testdata.yaml": "on_reject: continue\n"}
    root = write(tmp_path / "pkg", files)
    err = load_error(root)
    # group1 gives its range; group2 is the first without one
    assert_names(err, root / "data/secret/group2/testdata.yaml", "range", "secret/group2", "custom-score")
