"""The agent's submission side (solver/agent/selection.py) on problems/aplusb, with the scripted model, the real
sandbox and the real judge: what contestant feedback teaches it, and how submissions are journaled."""
from __future__ import annotations

import asyncio
import json
import threading

import pytest

from solver.agent.candidates import Candidate
from solver.agent.config import AgentConfig
from solver.agent.journal import Journal
from solver.agent.loop import Agent
from solver.agent.judge_tools import JudgeTools
from solver.problems import load_problem

from .scripted_server import ScriptedServer
from .test_agent import APLUSB, CORRECT, GENERATOR, NEG_BUG, Script, fenced, journal, run

pytestmark = pytest.mark.docker

# right answers, but O(T^2) busy work: instant on the samples and on T <= 10, far over the limit at T = 2000
SLOW = fenced("#include <bits/stdc++.h>\nint main(){int t;std::cin>>t;volatile long long w=0;"
              "for(long long i=0;i<1000LL*t*t;i++)w=w+1;while(t--){long long a,b;std::cin>>a>>b;"
              "std::cout<<a+b<<'\\n';}}")
BROKEN = "int main( { return 0; }\n"
RIGHT = "#include <bits/stdc++.h>\nint main(){int t;std::cin>>t;while(t--){long long a,b;std::cin>>a>>b;" \
        "std::cout<<a+b<<'\\n';}}\n"


def submissions(run_dir) -> list[dict]:
    return [e for e in journal(run_dir) if e.get("type") == "submission"]


def test_a_compile_failure_at_submission_is_not_inherited(tmp_path, pool, image):
    """Two candidates that compiled while drafting; the first fails to compile when submitted (say the compiler
    ran out of time under load). The second must be judged itself, not handed the first one's cached failure."""
    problem = load_problem(APLUSB)
    tools = JudgeTools(problem, pool, image)
    j = Journal(tmp_path / "run")
    try:
        agent = Agent(problem, None, tools, j, AgentConfig(submissions=3))
        for cid, source in (("a.broken", BROKEN), ("b.right", RIGHT)):
            cand = Candidate(id=cid, target=None, language=agent.language.name, source=source, compiled=True,
                             samples_passed=True)
            agent.candidates[cid] = cand
            j.save_source(agent._file_name(cand), source)
        asyncio.run(agent.submit_phase())
    finally:
        j.close()
        tools.close()
    judged = [e["data"] for e in submissions(tmp_path / "run")]
    assert [(d["candidate"], d["compiled"]) for d in judged] == [("a.broken", False), ("b.right", True)]
    assert judged[1]["score"] == 100
    assert agent.best["many"] == (40.0, 1)  # the compile failure did not count as a submission
    assert len(agent.submissions) == 1


def test_the_same_program_is_not_submitted_twice(tmp_path, pool, image):
    # every draft and repair is the same wrong program: the first submission loses the subtasks with two
    # negative numbers, and its copies would lose them the same way
    script = Script({"full": NEG_BUG, "small": NEG_BUG, "big": NEG_BUG}, repair=NEG_BUG)
    result, _ = run(tmp_path, pool, image, script, drafts_per_target=2, rounds=1, submissions=10)
    judged = submissions(tmp_path / "run")
    assert len(judged) == 1 and result["submissions_used"] == 1
    feedback = judged[0]["data"]["feedback"]
    lost = [name for name, view in feedback.items() if view["score"] < view["max_score"]]
    assert lost and all(feedback[n]["verdict"] == "WA" for n in lost)


def test_a_time_out_steers_the_next_drafts_to_a_faster_approach(tmp_path, pool, image):
    def answer(messages):
        prompt = messages[-1]["content"]
        if "Execution timed out" in prompt:  # an earlier submission's verdict, in the next drafts' prompts
            return CORRECT
        return Script({"full": SLOW, "small": SLOW, "big": SLOW}, repair=SLOW)(messages)

    with ScriptedServer(answer) as server:
        from solver.solve import Endpoint, solve

        result = solve(load_problem(APLUSB), Endpoint(url=server.url), pool, image, tmp_path / "run",
                       # a day with a clock: submissions come while drafting goes on, so later drafts see the feedback
                       AgentConfig(drafts_per_target=1, stress_tests=5, cluster_tests=3, large_tests=0,
                                   lineages_per_round=1, parallel_lineages=2, task_time_s=60))
    first = submissions(tmp_path / "run")[0]["data"]
    assert first["feedback"]["many"]["verdict"] == "TLE"
    assert first["feedback"]["many"]["text"] == "Execution timed out"
    drafts = [r["messages"][-1]["content"] for r in server.requests if "## Your task" in r["messages"][-1]["content"]]
    hinted = [d for d in drafts if 'subtask "many": 0 of 40 points' in d and "Execution timed out" in d
              and "asymptotically faster" in d]
    assert hinted and drafts.index(hinted[0]) > 0  # only after the feedback came
    assert result.to_json()["score"] == 100


def test_feedback_never_carries_test_data(tmp_path, pool, image):
    script = Script({"full": NEG_BUG, "small": NEG_BUG, "big": SLOW}, repair=NEG_BUG)
    run(tmp_path, pool, image, script, rounds=1, submissions=5)
    problem = load_problem(APLUSB)
    hidden = [problem.tests[n] for n in problem.tests if n not in problem.samples]
    for entry in submissions(tmp_path / "run"):
        text = json.dumps(entry["data"]["feedback"])
        for view in entry["data"]["feedback"].values():
            assert set(view) == {"score", "max_score", "test", "outcome", "verdict", "text"}
            assert view["test"] is None or isinstance(view["test"], int)
        for test in hidden:
            assert test.name not in text
            # whole lines of data (short ones such as "3" would match any score)
            lines = test.read_input().decode().split("\n")[1:] + test.read_answer().decode().split("\n")
            for line in (x.strip() for x in lines if len(x.strip()) >= 6):
                assert line not in text, test.name


NEG_BRUTE = fenced("t = int(input())\nfor _ in range(t):\n    a, b = map(int, input().split())\n"
                   "    print(a - b if a < 0 and b < 0 else a + b)", "python")


def test_feedback_overrides_a_misleading_brute_force(tmp_path, pool, image):
    """The brute force shares the drafts' bug (it passes the samples, which have no pair of negatives): the stress
    test backs the big cluster of buggy programs and fails the one right program. The first submission loses
    subtasks on wrong answers; the buggy cluster (its members are different programs) is not tried for them
    again while the right program's cluster can be."""
    lock, state = threading.Lock(), {"calls": 0, "right_given": False}

    def answer(messages):
        prompt = messages[-1]["content"]
        if "Write a brute-force" in prompt:
            return NEG_BRUTE
        if "random test generator" in prompt:
            return GENERATOR
        with lock:
            state["calls"] += 1
            n = state["calls"]
            # the first full-problem draft is the right program (either of the two: they are alike)
            right = "## What went wrong" not in prompt and "full points on subtask" not in prompt \
                and not state["right_given"]
            state["right_given"] |= right
        if right or "## What went wrong" in prompt:  # only the right program fails this stress test
            return CORRECT.replace("#include", f"// version {n}\n#include", 1)
        return NEG_BUG.replace("#include", f"// variant {n}\n#include", 1)

    result, _ = run(tmp_path, pool, image, answer, drafts_per_target=2, rounds=1, submissions=10)
    judged = [e["data"] for e in submissions(tmp_path / "run")]
    assert result["score"] == 100
    assert len(judged) == 2 and "variant" in (tmp_path / "run" / "candidates" /
                                               f"{judged[0]['candidate']}.cpp").read_text()


def test_within_a_cluster_the_faster_member_goes_first():
    """Equal outputs on the generated inputs say nothing about speed: of two members of one cluster, the one
    faster on the largest generated inputs is submitted first, whatever their ids (failed before: by id)."""
    from solver.agent.candidates import Clusters

    def member(cid: str, speed_rank: int) -> Candidate:
        return Candidate(id=cid, target=None, language="cpp17", source=cid, compiled=True, samples_passed=True,
                         stress_passed=30, signature="same", speed_rank=speed_rank)

    slow_first_by_id, fast = member("a.search", 6), member("b.fast", 0)
    groups = Clusters.build([slow_first_by_id, fast]).groups
    assert [[c.id for c in g] for g in groups] == [["b.fast", "a.search"]]
    # timing noise below a tenth of the limit keeps the id order
    groups = Clusters.build([member("a.one", 1), member("b.two", 1)]).groups
    assert [c.id for c in groups[0]] == ["a.one", "b.two"]


def test_a_cluster_barred_by_a_wrong_answer_is_new_evidence_again_only_through_a_draft_told_of_the_loss():
    """The generated inputs cannot always tell a bug apart (an overflow only the official tests reach): drafts
    told of the loss that still land in the barred cluster make it eligible again while drafting, through them
    only; an earlier member, drafted before the verdict, waits for the closing window."""
    from solver.agent.selection import Selection

    problem = load_problem(APLUSB)
    selection = Selection(problem, None, None, 50, clock=lambda: 0.0)
    many = next(s for s in problem.subtasks if s.name == "many")

    def member(cid: str) -> Candidate:
        return Candidate(id=cid, target=None, language="cpp17", source=f"// {cid}\n{RIGHT}", compiled=True,
                         samples_passed=True, stress_passed=30, signature="one")

    first, before = member("full.r0.d0"), member("full.r0.d1")
    selection.informed.update({first.id: 0, before.id: 0})
    assert selection.next_for(many, [first, before], new_only=True) is first
    first.submitted = True
    selection.submissions.append({})
    selection._learn(first, {"subtasks": {"samples": 0, "small": 30, "big": 30, "many": 0},
                             "feedback": {name: {"score": 0 if name == "many" else points, "verdict": "WA"}
                                          for name, points in (("samples", 0), ("small", 30), ("big", 30),
                                                               ("many", 40))}})
    assert ("one", "many") in selection.barred
    # drafted before the verdict: not new evidence (a closing window may still take it)
    assert selection.next_for(many, [first, before], new_only=True) is None
    assert selection.next_for(many, [first, before]) is before
    told = member("full.r1.d0")
    selection.informed[told.id] = 1
    assert selection.next_for(many, [first, before, told], new_only=True) is told
