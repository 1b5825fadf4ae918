"""Learning from verdicts (issue 18 item 4), through the real agent, sandbox and judge with a scripted server:
a draft for an unsolved subtask is shown the earlier submissions for it with their contestant feedback, and the
code that solved other subtasks, labelled as written for other constraints."""
from __future__ import annotations

import re

import pytest

from sandbox.languages import get_language
from solver.agent.candidates import Candidate
from solver.agent.prompts import estimate_tokens, fit_messages, problem_context, verdict_history
from solver.problems import load_problem

from .test_agent import APLUSB, CORRECT, INT32, NEG_BUG, Script, journal, run

LEARNED = "## Earlier submissions for this subtask"


@pytest.mark.docker
def test_a_draft_for_an_unsolved_subtask_carries_earlier_verdicts_and_other_subtasks_code(tmp_path, pool, image):
    big_draft = INT32.replace("#include", "// for big\n#include", 1)  # 32-bit: loses big, a distinct program
    script = Script({"full": NEG_BUG, "small": INT32, "big": big_draft}, repair=NEG_BUG)

    def answer(messages):
        # a model that learns, for big only: once a draft for big sees an earlier verdict and the code that solved
        # another subtask, it writes the right program. So the first program to win small is a 32-bit one, whatever
        # order a loaded machine judges and submits in (a learned draft for small could otherwise win it first)
        prompt = messages[-1]["content"]
        learned = LEARNED in prompt and "## Code that solved other subtasks" in prompt
        return CORRECT if learned and 'full points on subtask "big"' in prompt else script(messages)

    # a day with a clock: submissions come while drafting goes on, so later drafts see their verdicts
    result, server = run(tmp_path, pool, image, answer, stress_tests=0, submissions=10, task_time_s=60)
    judged = [e["data"] for e in journal(tmp_path / "run") if e.get("type") == "submission"]
    number, solver = next((n, d) for n, d in enumerate(judged, 1) if d["subtasks"]["small"] == 30)
    assert solver["subtasks"]["big"] == 0  # 32-bit: small won, big lost

    drafts = [r["messages"][-1]["content"] for r in server.requests
              if "## Your task" in r["messages"][-1]["content"] and "## What went wrong" not in
              r["messages"][-1]["content"]]
    for_big = [d for d in drafts if 'full points on subtask "big"' in d]
    before = for_big[0]
    # a later draft for big, once big's verdict and the code that solved small came
    after = next(d for d in for_big if LEARNED in d and "## Code that solved other subtasks" in d)
    assert LEARNED not in before and "## Code that solved other subtasks" not in before
    # the earlier submissions for big (written for it or for the whole problem), their programs and what a
    # contestant was told of them
    learned = after.split(LEARNED, 1)[1]
    shown = [int(n) for n in re.findall(r"^Submission (\d+)", learned, re.M)]
    assert shown
    for n in shown:
        view = judged[n - 1]["feedback"]["big"]
        assert judged[n - 1]["candidate"].split(".")[0] in ("big", "full")
        assert f'- subtask "big": {view["score"]:g} of 30 points; test {view["test"]} of the subtask: ' \
               f'{view["outcome"]} ({view["text"]})' in learned
    if any(judged[n - 1]["candidate"].startswith("big.") for n in shown):
        assert "// for big" in learned
    # the code that solved small, labelled as written for other constraints
    other = after.split("## Code that solved other subtasks", 1)[1].split(LEARNED, 1)[0]
    written_for = solver["candidate"].split(".")[0]
    label = "the full problem" if written_for == "full" else f'subtask "{written_for}"'
    assert f'Submission {number}, written for {label}, solved subtask "small"' in other
    assert "int a,b;" in other and "written for other constraints" in other
    assert result["score"] == 100  # and it learned: round 2's right program won the rest


def test_the_history_is_clipped_to_fit_the_context():
    """Long earlier programs are parts the fitting clips (not dropped): the verdicts stay whole."""
    problem = load_problem(APLUSB)
    big = next(s for s in problem.subtasks if s.name == "big")
    long_source = "int main(){}\n" + "// padding line that makes the program long\n" * 3000
    candidates = {f"big.r0.d{k}": Candidate(id=f"big.r0.d{k}", target="big", language="cpp17", source=long_source)
                  for k in range(4)}
    view = {"score": 0.0, "max_score": 30.0, "test": 3, "outcome": "Not correct", "verdict": "WA",
            "text": "Output isn't correct"}
    submissions = [{"candidate": cid, "feedback": {"big": view}} for cid in candidates]
    context = {**problem_context(problem, get_language("cpp17"), big),
               **verdict_history(problem, big, submissions, candidates)}
    assert len(context["earlier"]) == 4 and context["solved_elsewhere"] == []
    whole = fit_messages("draft", context, 1000, None)
    fitted = fit_messages("draft", context, 1000, 8000)
    assert estimate_tokens(whole.messages) > 8000 >= fitted.prompt_estimate + 1000
    assert fitted.scale[0] < 1.0
    text = fitted.messages[-1]["content"]
    assert text.count('- subtask "big": 0 of 30 points; test 3 of the subtask: Not correct') == 4
