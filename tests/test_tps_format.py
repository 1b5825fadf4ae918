"""IOI's TPS packages (problem.json, subtasks/*.json, tests/*.in|.out, checker/, graders/, solutions/<class>/),
loaded only (no Docker): how CMS's TPS importer (cmscontrib/loaders/tps.py) turns the files into subtasks, tests,
checker and task type, including its quirks (a subtask's names are a regular expression matched at the START of
each test name; no subtasks means Sum over all tests), and a PDF statement without text. The packages are in
tps_packages.py; test_tps_judging.py judges them."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from solver.cli.main import app
from solver.problems import load_problem

from .format_errors import assert_names, load_error
from .tps_packages import (MIB, STATS_TESTS, addmul_package, reach_package, relay_package, stats_package, write_package)


# ================================================================ loading (no Docker)


def test_batch_with_grader_and_checker_loads(tmp_path):
    root = stats_package(tmp_path / "stats")
    p = load_problem(root)
    assert (p.id, p.title, p.format) == ("stats", "Stats", "tps")
    assert p.limits.time_s == 0.5 and p.limits.memory_mib == 256
    assert p.score_precision == 2
    tt = p.task_type
    assert tt.kind == "batch"
    assert tt.graders == {"grader.cpp": root / "graders" / "grader.cpp", "stats.h": root / "graders" / "stats.h"}
    assert tt.compile_with == ["grader.cpp"]  # CMS compiles the grader first, then the submission as stats.cpp
    assert tt.submission_name == "stats.cpp"
    assert (tt.input_file, tt.output_file) == ("", "")
    assert p.checker.kind == "cms"
    assert p.checker.files == {"checker.cpp": root / "checker" / "checker.cpp"}
    assert p.checker.sources == ["checker.cpp"]
    assert list(p.tests) == sorted(STATS_TESTS)
    assert [(s.name, s.points, s.tests, s.score_type) for s in p.subtasks] == [
        ("00-samples", 0, ["0-01"], "GroupMin"),
        ("01-tiny", 7, ["1-01", "1-02"], "GroupMin"),
        ("02-four", 7, ["2-01"], "GroupMin"),
        ("03-big", 86, ["3-01", "3-02"], "GroupMin"),
    ]
    assert p.max_score == 100
    assert p.samples == ["0-01"]
    assert {cls: [f.name for f in files] for cls, files in p.solutions.items()} == {
        "accepted": ["stats_model.cpp"], "wrong_answer": ["stats_single.cpp"], "partial": ["stats_first.cpp"],
        "time_limit_exceeded": ["stats_spin.cpp"]}


def test_alone_with_named_files_no_checker_no_subtasks_loads(tmp_path):
    root = addmul_package(tmp_path / "addmul")
    p = load_problem(root)
    assert p.task_type.kind == "batch"
    assert p.task_type.graders == {} and p.task_type.compile_with == []  # alone: graders/ is not used
    assert (p.task_type.input_file, p.task_type.output_file) == ("in.txt", "out.txt")
    assert p.checker.kind == "whitediff"  # no checker/checker.cpp: CMS's white diff
    assert p.limits.memory_mib == 128


@pytest.mark.parametrize("with_folder", [False, True], ids=["no-folder", "empty-folder"])
def test_no_subtasks_is_sum_over_all_tests_for_100_points(tmp_path, with_folder):
    root = addmul_package(tmp_path / "addmul")
    if with_folder:
        (root / "subtasks").mkdir()
    p = load_problem(root)
    assert [(s.points, s.tests, s.score_type) for s in p.subtasks] == [(100, ["01", "02", "03"], "Sum")]
    assert p.max_score == 100 and p.samples == []


@pytest.mark.parametrize("stub_name", ["stub.cpp", "grader.cpp"])
def test_communication_loads_stub_or_renamed_grader(tmp_path, stub_name):
    root = relay_package(tmp_path / "relay", stub_name)
    p = load_problem(root)
    tt = p.task_type
    assert tt.kind == "communication"
    assert (tt.num_processes, tt.user_io) == (2, "std_io")
    # CMS's importer turns graders/grader.* into the stub for Communication tasks
    assert tt.graders == {"stub.cpp": root / "graders" / stub_name, "relay.h": root / "graders" / "relay.h"}
    assert tt.compile_with == ["stub.cpp"]
    assert tt.submission_name == "relay.cpp"
    assert tt.manager is not None
    assert tt.manager.sources == ["manager.cpp"]
    assert tt.manager.files == {"relay.h": root / "graders" / "relay.h",
                                "manager.cpp": root / "graders" / "manager.cpp"}
    assert p.checker.kind == "whitediff"  # unused by Communication: the manager decides


def test_communication_without_manager_is_one_line_error(tmp_path):
    root = relay_package(tmp_path / "relay")
    (root / "graders" / "manager.cpp").unlink()
    assert_names(load_error(root), root / "problem.json", "task_type", "graders/manager.cpp")


V1_BATCH_ALONE = json.dumps({"task_type_parameters_Batch_compilation": "alone",
                             "task_type_parameters_Batch_io_0_inputfile": "in.txt",
                             "task_type_parameters_Batch_io_1_outputfile": "out.txt"})


@pytest.mark.parametrize("params, compile_with, files", [
    (V1_BATCH_ALONE, [], ("in.txt", "out.txt")),
    (json.dumps({"task_type_parameters_Batch_compilation": "grader"}), ["grader.cpp"], ("", "")),
    (json.dumps({}), ["grader.cpp"], ("", "")),  # CMS's defaults: grader, stdin/stdout
    ("", ["grader.cpp"], ("", "")),
    (None, ["grader.cpp"], ("", "")),  # task_type_params: null
], ids=["alone-files", "grader", "empty-object", "empty-string", "null"])
def test_protocol_v1_batch_params_as_json_string(tmp_path, params, compile_with, files):
    root = stats_package(tmp_path / "stats", params=params, version=1)
    if params is None:  # stats_problem_json drops the key for None; here we want it present and null
        data = json.loads((root / "problem.json").read_text())
        data["task_type_params"] = None
        (root / "problem.json").write_text(json.dumps(data))
    p = load_problem(root)
    assert p.task_type.kind == "batch"
    assert p.task_type.compile_with == compile_with
    assert sorted(p.task_type.graders) == (["grader.cpp", "stats.h"] if compile_with else [])
    assert (p.task_type.input_file, p.task_type.output_file) == files
    assert p.checker.kind == "cms"


def test_protocol_v1_params_missing_default_to_grader(tmp_path):
    root = stats_package(tmp_path / "stats", params=None, version=1)
    assert "task_type_params" not in json.loads((root / "problem.json").read_text())
    p = load_problem(root)
    assert p.task_type.compile_with == ["grader.cpp"] and p.task_type.submission_name == "stats.cpp"


def test_protocol_v1_grader_default_without_grader_is_one_line_error(tmp_path):
    root = stats_package(tmp_path / "stats", params="", version=1)
    (root / "graders" / "grader.cpp").unlink()
    assert_names(load_error(root), root / "problem.json", "task_type_params", "graders/grader.cpp")


@pytest.mark.parametrize("params, processes", [
    (json.dumps({"task_type_parameters_Communication_num_processes": 2}), 2),
    ("", 1),  # CMS's default: one process
], ids=["two-processes", "default"])
def test_protocol_v1_communication_params(tmp_path, params, processes):
    root = relay_package(tmp_path / "relay", params=params)
    p = load_problem(root)
    assert (p.task_type.kind, p.task_type.num_processes, p.task_type.user_io) == ("communication", processes,
                                                                                 "std_io")
    assert p.task_type.compile_with == ["stub.cpp"]


def test_lowercase_task_type_is_capitalized_like_cms(tmp_path):
    root = relay_package(tmp_path / "relay")
    data = json.loads((root / "problem.json").read_text())
    data["task_type"] = "communication"
    (root / "problem.json").write_text(json.dumps(data))
    assert load_problem(root).task_type.kind == "communication"


def test_output_only_loads(tmp_path):
    root = reach_package(tmp_path / "reach")
    p = load_problem(root)
    assert p.task_type.kind == "output_only" and p.task_type.outputs_allowed
    assert p.checker.kind == "cms" and p.checker.sources == ["checker.cpp"]
    assert [(s.name, s.points, s.tests) for s in p.subtasks] == [("01", 10, ["01"]), ("02", 30, ["02"]),
                                                                  ("03", 60, ["03"])]


def _regex_package(root: Path, subtasks: dict[str, tuple[int, list[str]]]) -> Path:
    names = ["1-1", "1-2", "1-10", "2-1", "x.1", "xa1"]
    problem = {"protocol_version": 2, "code": "rx", "name": "Rx", "time_limit": 1.0, "memory_limit": 64 * MIB,
               "task_type": "Batch", "task_type_params": ["alone", ["", ""], "diff"]}
    return write_package(root, problem, {}, {n: ("1\n", "1\n") for n in names}, subtasks)


def test_subtask_names_are_an_escaped_regex_matched_at_the_start(tmp_path):
    """CMS joins a subtask's names into `re.escape(a)|re.escape(b)|...` and keeps every test name it MATCHES (at
    the start, not in full): listing `1-1` also takes `1-10`. A deliberate CMS quirk, kept for exact scores."""
    root = _regex_package(tmp_path / "rx", {
        "01-one": (10, ["1-1"]),
        "02-dot": (20, ["1-2", "x.1"]),
        "03-two": (70, ["2-1"]),
    })
    p = load_problem(root)
    by_name = {s.name: s.tests for s in p.subtasks}
    assert by_name["01-one"] == ["1-1", "1-10"]  # the quirk
    assert by_name["02-dot"] == ["1-2", "x.1"]  # '.' is escaped: xa1 is not taken
    assert by_name["03-two"] == ["2-1"]
    assert [s.name for s in p.subtasks] == ["01-one", "02-dot", "03-two"]  # subtask files in name order


def test_subtask_listing_a_missing_test_is_one_line_error(tmp_path):
    root = _regex_package(tmp_path / "rx", {"01-one": (40, ["1-1"]), "02-gone": (60, ["2-1", "3-7"])})
    err = load_error(root)
    assert_names(err, root / "subtasks" / "02-gone.json", "testcases", "3-7")


def test_bad_subtask_json_is_one_line_error(tmp_path):
    root = _regex_package(tmp_path / "rx", {"01-one": (100, ["1-1"])})
    (root / "subtasks" / "01-one.json").write_text('{"score": 100, ')
    err = load_error(root)
    assert "\n" not in str(err) and err.file == str(root / "subtasks" / "01-one.json"), str(err)


def test_memory_limit_in_megabytes_from_older_tps(tmp_path):
    """IOI's archive gives bytes; older TPS packages give megabytes. Both mean the same limit here."""
    from solver.problems.tps import _memory_mib

    assert _memory_mib({"memory_limit": 2147483648}) == 2048
    assert _memory_mib({"memory_limit": 256}) == 256


def test_tps_cpp_submissions_compile_as_cpp20(tmp_path):
    """IOI builds C++ with gnu++20: a `.cpp` for a TPS task is judged as cpp20 unless asked otherwise."""
    from solver.judge.judging import language_for

    root = tmp_path / "t"
    (root / "tests").mkdir(parents=True)
    (root / "tests" / "1.in").write_text("1\n")
    (root / "tests" / "1.out").write_text("1\n")
    (root / "problem.json").write_text('{"code": "t", "task_type": "Batch", "time_limit": 1, '
                                       '"memory_limit": 268435456, "task_type_params": ["alone", ["", ""], "diff"]}')
    src = tmp_path / "a.cpp"
    src.write_text("int main(){}\n")
    problem = load_problem(root)
    assert language_for(problem, src).name == "cpp20"
    assert language_for(problem, src, "cpp17").name == "cpp17"


# ================================================================ a PDF statement without text

#: A valid one-page PDF with nothing on the page: what a scanned statement looks like to pdftotext.
BLANK_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
             b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


def blank_pdf_package(root: Path) -> Path:
    addmul_package(root)
    (root / "statement.md").unlink(missing_ok=True)
    (root / "statement").mkdir(exist_ok=True)
    for md in (root / "statement").glob("*.md"):
        md.unlink()
    (root / "statement" / "en.pdf").write_bytes(BLANK_PDF)
    return root


def test_a_pdf_without_text_is_named_not_silently_empty(tmp_path):
    root = blank_pdf_package(tmp_path / "addmul")
    p = load_problem(root)  # judging needs no statement: the package still loads
    assert p.statement == ""
    assert p.statement_error.startswith(f"{root / 'statement' / 'en.pdf'}: ") and "no text layer" in p.statement_error
    assert "\n" not in p.statement_error


def test_a_pdf_statement_without_pdftotext_says_what_to_install(tmp_path, monkeypatch):
    root = blank_pdf_package(tmp_path / "addmul")
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    p = load_problem(root)
    assert "pdftotext is not installed" in p.statement_error and "poppler-utils" in p.statement_error


def test_solving_a_problem_whose_statement_has_no_text_stops_with_one_line(tmp_path):
    root = blank_pdf_package(tmp_path / "addmul")
    result = CliRunner().invoke(app, ["solve", str(root), "--endpoint", "http://127.0.0.1:9/v1",
                                      "--out", str(tmp_path / "run")])
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "en.pdf" in lines[0] and "no text layer" in lines[0], result.output
    assert not (tmp_path / "run").exists()  # stopped before any run began
