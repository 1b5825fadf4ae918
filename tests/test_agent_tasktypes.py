"""The agent on every task type of the example archive, with a scripted model (tasktype_models.py) whose first
draft passes the samples and is wrong in a way only stress testing exposes, and whose repair is right. Real
sandbox, real judge, the package's own grader, manager, interactor and checker. Also: validators drop invalid
generated inputs, and a generator that keeps printing invalid ones is replaced."""
from __future__ import annotations

import pytest

from .tasktype_models import (PAVINGS_BRUTES, PAVINGS_DRAFT, PAVINGS_GEN, PAVINGS_GEN_BROKEN, PAVINGS_GEN_SLOPPY,
                              PAVINGS_VALIDATOR, PEAK_ANSWERS, PEAK_DRAFT, PEAK_GEN, PEAK_VALIDATOR, PROBLEMS,
                              SHELVES_BRUTES, SHELVES_EXACT, SHELVES_FFD, SHELVES_GEN, SHELVES_VALIDATOR,
                              WHISPER_DRAFT, WHISPER_GEN, WHISPER_VALIDATOR, Model, assert_caught_and_repaired,
                              reference, run, summary)

pytestmark = pytest.mark.docker


def test_grader_task_pavings(tmp_path, pool, image):
    model = Model(PAVINGS_DRAFT, reference("pavings", "accepted/pavings.cpp"), PAVINGS_BRUTES, [PAVINGS_GEN],
                  PAVINGS_VALIDATOR, brute_tag="cpp")
    result, steps, server = run(tmp_path, pool, image, PROBLEMS / "pavings", model)
    assert_caught_and_repaired(result, steps)
    setup = steps["stress:setup"]
    assert len(setup["reference"]["trusted"]) == 2 and setup["validator"] == 0
    # the brute force was compiled with the grader: the counterexample shows what the grader printed
    feedback = steps["stress:full.r0.d0"]["feedback"]
    assert feedback["expected"].split() != feedback["got"].split() and "214" in feedback["expected"].split()
    summary("pavings", result, steps)

    # a resume finds every step in the journal, the generated cases in the run directory: nothing is redone
    for key in setup["stress"]:
        assert (tmp_path / "run" / "cases" / key[0]).is_file()
    again, steps_again, server_again = run(tmp_path, pool, image, PROBLEMS / "pavings", model)
    assert server_again.requests == [] and steps_again["stress:setup"] == setup
    assert again["score"] == result["score"]


def test_invalid_generated_inputs_are_dropped(tmp_path, pool, image):
    model = Model(PAVINGS_DRAFT, reference("pavings", "accepted/pavings.cpp"), PAVINGS_BRUTES,
                  [PAVINGS_GEN_SLOPPY], PAVINGS_VALIDATOR, brute_tag="cpp")
    _, steps, _ = run(tmp_path, pool, image, PROBLEMS / "pavings", model, stress_tests=12, submissions=1)
    setup = steps["stress:setup"]
    assert setup["invalid"] > 0 and setup["generator"] == 0
    for key, _ in setup["stress"] + setup["cluster"]:
        values = (tmp_path / "run" / "cases" / key).read_text().split()[1:]
        assert "0" not in values  # only the inputs the validator accepted are used


def test_a_generator_that_keeps_printing_invalid_inputs_is_replaced(tmp_path, pool, image):
    model = Model(PAVINGS_DRAFT, reference("pavings", "accepted/pavings.cpp"), PAVINGS_BRUTES,
                  [PAVINGS_GEN_BROKEN, PAVINGS_GEN], PAVINGS_VALIDATOR, brute_tag="cpp")
    _, steps, server = run(tmp_path, pool, image, PROBLEMS / "pavings", model, submissions=1)
    setup = steps["stress:setup"]
    assert setup["rejected_generators"] == [0] and setup["generator"] == 1 and setup["stress"]
    second = [p for p in server.prompts() if "A previous generator printed invalid inputs" in p]
    assert len(second) == 1 and "T out of range" in second[0]  # it was told what the validator said


def test_communication_task_whisper(tmp_path, pool, image):
    model = Model(WHISPER_DRAFT, reference("whisper", "accepted/whisper.cpp"), [], [WHISPER_GEN],
                  WHISPER_VALIDATOR)
    result, steps, server = run(tmp_path, pool, image, PROBLEMS / "whisper", model)
    assert_caught_and_repaired(result, steps)
    assert "reference" not in steps["stress:setup"]  # the manager is the oracle: no brute force asked for
    assert not any("Write a brute-force" in p for p in server.prompts())
    feedback = steps["stress:full.r0.d0"]["feedback"]
    assert feedback["verdict"] == "PA" and feedback["expected"] is None
    summary("whisper", result, steps)


def test_interactive_task_peak(tmp_path, pool, image):
    model = Model(PEAK_DRAFT, reference("peak", "accepted/peak.cpp"), PEAK_ANSWERS, [PEAK_GEN], PEAK_VALIDATOR)
    result, steps, _ = run(tmp_path, pool, image, PROBLEMS / "peak", model)
    assert_caught_and_repaired(result, steps)
    # the answer files the interactor reads came from two agreeing answer makers
    assert len(steps["stress:setup"]["reference"]["trusted"]) == 2
    assert steps["stress:full.r0.d0"]["feedback"]["verdict"] == "WA"
    summary("peak", result, steps)


def test_output_only_task_shelves(tmp_path, pool, image):
    model = Model(SHELVES_FFD, SHELVES_EXACT, SHELVES_BRUTES, [SHELVES_GEN], SHELVES_VALIDATOR)
    result, steps, _ = run(tmp_path, pool, image, PROBLEMS / "shelves", model, rounds=1)
    assert steps["eval:full.r0.d0"]["passed"] is True and steps["stress:full.r0.d0"]["failed"] == 1
    feedback = steps["stress:full.r0.d0"]["feedback"]
    assert feedback["verdict"] == "PA"  # valid, but more shelves than the brute force needed
    assert steps["stress:full.r0.d0.f1"]["failed"] == 0
    # the submissions were folders of the outputs the candidates' programs wrote
    assert any((tmp_path / "run" / "outputs").iterdir())
    summary("shelves", result, steps)
    assert result["score"] == result["max_score"]
