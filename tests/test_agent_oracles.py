"""What the agent trusts and blames, on the real sandbox with scripted models (tasktype_models.py): a testlib
checker's multi-answer task (equivalent answers share a cluster), a constructive task whose checker is the oracle,
disagreeing brute forces not trusted, a subtask draft completing the quorum, a judge error never sent to the model
as the program's fault, and no deadlock with one worker."""
from __future__ import annotations

import shutil

import pytest

from solver.problems import load_problem

from .tasktype_models import (PROBLEMS, SPREAD_DRAFT, SPREAD_GEN, SPREAD_VALIDATOR, STAMPS_BRUTES, STAMPS_DRAFT,
                              STAMPS_GEN, STAMPS_VALIDATOR, Model, assert_caught_and_repaired, reference, run,
                              summary)

pytestmark = pytest.mark.docker


def test_testlib_checker_task_stamps(tmp_path, pool, image):
    model = Model(STAMPS_DRAFT, reference("stamps", "accepted/stamps.cpp"), STAMPS_BRUTES, [STAMPS_GEN],
                  STAMPS_VALIDATOR, )
    result, steps, _ = run(tmp_path, pool, image, PROBLEMS / "stamps", model, stress_tests=16)
    assert_caught_and_repaired(result, steps)
    # the two brute forces print different (equally good) stamps, and they agreed through the checker
    assert len(steps["stress:setup"]["reference"]["trusted"]) == 2
    summary("stamps", result, steps)



def test_equivalent_answers_of_a_multi_answer_task_share_a_cluster(tmp_path, pool, image):
    """Two right programs that pick different (equally few) stamps, listed in another order, print different
    outputs; the checker says they behave the same, so they are one cluster."""
    from solver.agent.cases import CaseStore
    from solver.agent.judge_tools import JudgeTools
    from sandbox.languages import get_language

    right = reference("stamps", "accepted/stamps.cpp")
    smallest_first = right.replace("std::sort(d.rbegin(), d.rend());", "std::sort(d.begin(), d.end());")
    smallest_first = smallest_first.replace("for (auto it = used.rbegin(); it != used.rend(); ++it)",
                                            "for (auto it = used.begin(); it != used.end(); ++it)")
    assert smallest_first != right
    model = Model(right, right, STAMPS_BRUTES, [STAMPS_GEN], STAMPS_VALIDATOR, targeted={"small": smallest_first})
    _, steps, _ = run(tmp_path, pool, image, PROBLEMS / "stamps", model, stress_size=15, cluster_tests=10,
                       submissions=1)
    assert steps["signature:full.r0.d0"] == steps["signature:small.r0.d0"]
    # ...although their outputs differ: a hash of the raw outputs would have split them
    problem = load_problem(PROBLEMS / "stamps")
    tools = JudgeTools(problem, pool, image)
    try:
        cases = CaseStore(tmp_path / "run").cases("c", steps["stress:setup"]["cluster"])
        outputs = []
        for name, source in (("a.cpp", right), ("b.cpp", smallest_first)):
            program = tools.compile(source, get_language("cpp17"), name).program
            outputs.append([out for _, out in tools.outputs(program, cases)])
        assert outputs[0] != outputs[1]
    finally:
        tools.close()


def test_which_checkers_judge_validity_alone(pool, image):
    """From the samples alone: the constructive task's checker never needs the answer; a token or float
    comparison, and program checkers that read the answer (stamps: the fewest stamps; shelves: the fewest
    shelves), do."""
    from solver.agent.judge_tools import JudgeTools

    found = {}
    for name in ("spread", "stamps", "shelves", "aplusb", "distinct", "pavings"):
        tools = JudgeTools(load_problem(PROBLEMS / name), pool, image)
        try:
            found[name] = tools.checker_judges_alone()
        finally:
            tools.close()
    assert found == {"spread": True, "stamps": False, "shelves": False, "aplusb": False, "distinct": False,
                     "pavings": False}


def test_constructive_task_spread_needs_no_brute_force(tmp_path, pool, image):
    model = Model(SPREAD_DRAFT, reference("spread", "accepted/spread.cpp"), [], [SPREAD_GEN], SPREAD_VALIDATOR)
    result, steps, server = run(tmp_path, pool, image, PROBLEMS / "spread", model)
    assert_caught_and_repaired(result, steps)
    setup = steps["stress:setup"]
    assert setup["checker_alone"] is True and "reference" not in setup  # the checker is the oracle...
    assert not any("Write a brute-force" in p for p in server.prompts())  # ...and no brute force was asked for
    feedback = steps["stress:full.r0.d0"]["feedback"]
    assert feedback["verdict"] == "WA" and feedback["expected"] is None and "differ by 1" in feedback["message"]
    # signatures are the checker's verdicts: no candidate's outputs were taken as the answers
    assert "cluster:anchor" not in steps
    summary("spread", result, steps)
    # a resume takes the oracle from the journaled set-up: nothing is asked or judged again
    again, steps_again, server_again = run(tmp_path, pool, image, PROBLEMS / "spread", model)
    assert server_again.requests == [] and steps_again == steps and again["score"] == result["score"]


# ---------------------------------------------------------------------------------------------- trust and blame
APLUSB_RIGHT = "#include <bits/stdc++.h>\nint main(){int t;std::cin>>t;while(t--){long long a,b;std::cin>>a>>b;" \
               "std::cout<<a+b<<'\\n';}}"
# passes the samples (no pair of two negatives there), wrong when both are negative
APLUSB_NEG_BUG = APLUSB_RIGHT.replace("std::cout<<a+b", "if(a<0&&b<0)std::cout<<a-b<<'\\n';else std::cout<<a+b")
APLUSB_BRUTE = "t = int(input())\nfor _ in range(t):\n    a, b = map(int, input().split())\n    print(a + b)"
APLUSB_BRUTE_NEG = APLUSB_BRUTE.replace("print(a + b)", "print(a - b if a < 0 and b < 0 else a + b)")
APLUSB_GEN = """import random, sys
random.seed(int(sys.argv[1])); n = int(sys.argv[2])
t = random.randint(1, n)
print(t)
for _ in range(t):
    print(random.randint(-3, 3), random.randint(-3, 3))"""


# passes the samples (no zero there), and agrees with neither brute force: wrong when a is 0
APLUSB_ZERO_BUG = APLUSB_RIGHT.replace("std::cout<<a+b", "if(a==0)std::cout<<b+1<<'\\n';else std::cout<<a+b")


def test_brute_forces_that_disagree_are_not_trusted(tmp_path, pool, image):
    # both pass the samples; they differ when both numbers are negative, and no third one breaks the tie (the
    # subtask drafts agree with neither)
    model = Model(APLUSB_NEG_BUG, APLUSB_RIGHT, [APLUSB_BRUTE, APLUSB_BRUTE_NEG], [APLUSB_GEN], None,
                  targeted={"small": APLUSB_ZERO_BUG, "big": APLUSB_ZERO_BUG})
    _, steps, server = run(tmp_path, pool, image, PROBLEMS / "aplusb", model, submissions=1)
    reference = steps["stress:setup"]["reference"]
    assert reference["passed_samples"] == [0, 1] and reference["disagreed"] and reference["trusted"] == []
    # consulted, and no vote (the same text drafted for "small" is no second one)
    assert reference["targeted"] == ["big.r0.d0"]
    assert steps["stress:setup"]["stress"] == []
    assert "stress:full.r0.d0" not in steps  # nothing to stress against: no counterexample from an untrusted one
    assert not any("## What went wrong" in p for p in server.prompts())


def test_a_subtask_draft_that_agrees_with_the_brute_force_completes_the_quorum(tmp_path, pool, image):
    """One brute force only (brute_attempts 1, quorum 2): the draft for subtask "small" agrees with it on every
    generated input, so it is trusted and the stress test exposes the full draft. The draft for "big" (the buggy
    one) disagrees, and that is no evidence against the brute force: a subtask draft promises only its subtask."""
    model = Model(APLUSB_NEG_BUG, APLUSB_RIGHT, [APLUSB_BRUTE], [APLUSB_GEN], None,
                  targeted={"small": APLUSB_RIGHT.replace("a+b", "b+a")})
    result, steps, server = run(tmp_path, pool, image, PROBLEMS / "aplusb", model, brute_attempts=1)
    reference = steps["stress:setup"]["reference"]
    assert reference["asked"] == 1 and reference["targeted"] == ["big.r0.d0", "small.r0.d0"]
    assert reference["trusted"] == [0, "small.r0.d0"]
    assert sum("Write a brute-force" in p for p in server.prompts()) == 1
    assert_caught_and_repaired(result, steps)


def test_a_judge_error_is_never_blamed_on_the_program(tmp_path, pool, image):
    package = tmp_path / "aplusb"
    shutil.copytree(PROBLEMS / "aplusb", package, ignore=shutil.ignore_patterns("solutions"))
    (package / "checker").mkdir()
    # a CMS checker that crashes: every verdict it gives is a judge error
    (package / "checker" / "check.py").write_text("import sys\nsys.exit('checker bug: cannot parse the answer')\n")
    yaml_text = (package / "problem.yaml").read_text().replace("checker: tokens",
                                                               "checker: {type: cms, source: checker/check.py}")
    (package / "problem.yaml").write_text(yaml_text)
    model = Model(APLUSB_NEG_BUG, APLUSB_RIGHT, [APLUSB_BRUTE, APLUSB_BRUTE.replace("a + b", "b + a")],
                  [APLUSB_GEN], None)
    _, steps, server = run(tmp_path, pool, image, package, model, submissions=1)
    evaluation = steps["eval:full.r0.d0"]
    assert evaluation["judge_errors"] and evaluation["feedback"] is None
    assert not any("## What went wrong" in p for p in server.prompts())
    assert not any("checker bug" in p for p in server.prompts())


@pytest.mark.timeout(300)
def test_one_worker_and_a_program_checker_do_not_deadlock(pool, image):
    """With one worker, building the checker (or the manager) while holding the worker waited forever for a
    second one; it is built before a worker is taken."""
    from solver.agent.judge_tools import Case, JudgeTools
    from sandbox.languages import get_language

    assert len(pool.workers) == 1
    stamps = load_problem(PROBLEMS / "stamps")  # a testlib checker program
    tools = JudgeTools(stamps, pool, image)
    try:
        sample = stamps.tests["sample-1"]
        results = tools.compare([(Case("t", sample.input_path, sample.answer_path), sample.read_answer())])
        assert [r.verdict.value for r in results] == ["AC"]
    finally:
        tools.close()
    whisper = load_problem(PROBLEMS / "whisper")  # a Communication manager
    tools = JudgeTools(whisper, pool, image)
    try:
        compiled = tools.compile(reference("whisper", "accepted/whisper.cpp"), get_language("cpp17"), "w.cpp")
        results, _ = tools.judge_keeping_outputs(compiled.program, [whisper.tests["sample-1"]])
        assert [r.verdict.value for r in results] == ["AC"]
    finally:
        tools.close()
