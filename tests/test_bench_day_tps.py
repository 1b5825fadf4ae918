"""The scripted contestant of `cpsolve bench day` on IOI TPS packages (solver/simulator/tps_programs.py), built
from tests/tps_packages.py's hand-made packages: which programs it hands out, its generator and validator
wrappers (run for real with python3), the one-line refusals, and a short day on a Communication task through
the real agent and sandbox."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from solver.bench.day import DaySettings, run_days
from solver.simulator.answerers import DayAnswerer, ProblemPrograms

from .tps_packages import relay_package, reach_package, stats_package, write_package


def _run(source: str, args: list[str], stdin: bytes = b"") -> subprocess.CompletedProcess:
    # -I -S: no site packages to import, so each of these small runs starts fast
    return subprocess.run([sys.executable, "-I", "-S", "-c", source, *args], input=stdin, capture_output=True,
                          timeout=60)


def test_a_tps_package_gives_right_wrong_and_per_subtask_programs_from_its_folders_and_file_names(tmp_path):
    programs = ProblemPrograms.load(relay_package(tmp_path / "relay"))
    assert (programs.id, programs.title) == ("relay", "Relay")
    assert [p.name for p in programs.right] == ["model_solution/relay_model.cpp"]
    assert {p.name for p in programs.other} == {"incorrect/relay_small.cpp", "time_limit/relay_sleep.cpp",
                                                "time_limit/relay_burn.cpp"}
    assert [p.name for p in programs.brutes] == ["model_solution/relay_model.cpp", "time_limit/relay_burn.cpp",
                                                 "time_limit/relay_sleep.cpp"]
    # no solutions.json: "small" in the file name marks the program written for subtask 01-small
    assert [p.name for p in programs.solves["01-small"]] == ["model_solution/relay_model.cpp",
                                                             "incorrect/relay_small.cpp"]
    assert [p.name for p in programs.solves["02-big"]] == ["model_solution/relay_model.cpp"]
    assert "00-samples" not in programs.solves and programs.last_subtask == "02-big"
    assert all(p.fence == "cpp" for p in programs.right + programs.other)


def test_solutions_json_verdicts_take_the_place_of_file_names(tmp_path):
    root = relay_package(tmp_path / "relay")
    (root / "solutions.json").write_text(json.dumps({
        "relay_model.cpp": {"verdict": "model_solution"},
        "relay_sleep.cpp": {"verdict": "time_limit", "except": {"small": "correct"}},
        "relay_small.cpp": {"verdict": "incorrect"}}))
    programs = ProblemPrograms.load(root)
    assert [p.name for p in programs.solves["01-small"]] == ["model_solution/relay_model.cpp",
                                                             "time_limit/relay_sleep.cpp"]
    (root / "solutions.json").write_text("{")
    with pytest.raises(ValueError, match=r"solutions\.json: not valid JSON"):
        ProblemPrograms.load(root)


def test_the_generator_draws_package_inputs_and_the_validator_accepts_exactly_those_and_the_samples(tmp_path):
    root = stats_package(tmp_path / "stats")
    programs = ProblemPrograms.load(root)
    inputs = {p.read_bytes() for p in (root / "tests").glob("*.in")}
    samples = [(root / "tests" / f"{n}.in").read_bytes() for n in ("0-01",) if (root / "tests" / f"{n}.in").exists()]
    drawn = set()
    for seed in range(10):
        run = _run(programs.generator, [str(seed), "8"])
        assert run.returncode == 0, run.stderr
        drawn.add(run.stdout)
    assert drawn <= inputs and len(drawn) > 1  # the seed picks among several of the package's inputs
    # N = 1: the smallest input only
    assert {_run(programs.generator, [str(s), "1"]).stdout for s in range(3)} == {b"1\n7\n"}
    for data in sorted(drawn) + samples:
        assert _run(programs.validator, [], data).returncode == 0
    rejected = _run(programs.validator, [], b"not an input of this package\n")
    assert rejected.returncode != 0 and b"sha256" in rejected.stderr


def test_packages_the_contestant_cannot_answer_for_are_refused_in_one_line_naming_them(tmp_path):
    root = relay_package(tmp_path / "relay")
    for model in (root / "solutions" / "model_solution").iterdir():
        model.unlink()
    with pytest.raises(ValueError, match=rf"^{tmp_path / 'relay' / 'solutions'}: no model_solution or correct"):
        ProblemPrograms.load(root)
    reach = reach_package(tmp_path / "reach")
    write_package(reach, json.loads((reach / "problem.json").read_text()),
                  {"solutions/model_solution/reach.py": "print(1)\n"}, {})
    with pytest.raises(ValueError, match=r"problem\.json: task_type: output-only tasks are not run by bench day"):
        ProblemPrograms.load(reach)
    (tmp_path / "empty").mkdir()
    with pytest.raises(ValueError, match=r"neither problem\.yaml nor problem\.json"):
        ProblemPrograms.load(tmp_path / "empty")


def test_a_draft_for_a_subtask_is_one_of_its_solvers_or_another_program_of_the_package(tmp_path):
    programs = ProblemPrograms.load(relay_package(tmp_path / "relay"))
    answerer = DayAnswerer([programs], p_first=0.0, p_target=1.0, trailing_block=False)
    prompt = '# Problem: Relay\n\nWrite a program for full points on subtask "01-small" in one ```cpp block.'
    reply = answerer([{"role": "user", "content": prompt}]).text
    assert "relay_small" not in reply and "(v < 300 ?" in reply  # incorrect/relay_small.cpp's source
    assert answerer.calls == {"draft": 1}


@pytest.mark.docker
def test_a_short_day_on_a_communication_package_is_judged_and_wins_points(pool, image, tmp_path):
    settings = DaySettings.quick()
    # 30 s of real time, one policy: the C++ manager, stub and drafts compile on a loaded 2-core machine
    settings.day_s, settings.trailing_block, settings.policies = 1800, False, ("clock",)
    days = run_days([relay_package(tmp_path / "relay")], pool, image, settings, log=lambda m: None)
    task = days["clock"]["tasks"]["relay"]
    assert task["generations"] > 0 and task["submissions"] >= 1
    assert days["clock"]["score"] == task["score"] > 0
    assert days["clock"]["answerer_calls"].get("draft", 0) > 0
