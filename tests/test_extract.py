"""The program, not the sample run: extraction and reply splitting on the shapes real reasoning models send
(pure Python, no server). Each reply below is written the way Nemotron-Cascade-2 and its kind answer: prose, the
program in a tagged block, then an untagged "sample run" block."""
from __future__ import annotations

import json

import pytest

from solver.agent.cuts import MIN_REPLIES, MostRepliesCut, ReplyTally, cut_reason
from solver.agent.budget import BudgetExhausted
from solver.model.extract import extract_code
from solver.model.reasoning import split_reasoning
from solver.model.wire import StreamParser, build_completion, parse_body

CPP = ("#include <bits/stdc++.h>\nusing namespace std;\nint main(){int t;cin>>t;while(t--){long long a,b;cin>>a>>b;"
       "cout<<a+b<<'\\n';}}")
CPP_DRAFT = "#include <bits/stdc++.h>\nint main(){ int a,b; std::cin>>a>>b; std::cout<<a-b; }"
BRUTE = "t = int(input())\nfor _ in range(t):\n    a, b = map(int, input().split())\n    print(a + b)"
GENERATOR = ("import random, sys\nseed, n = int(sys.argv[1]), int(sys.argv[2])\nrandom.seed(seed)\nprint(n)\n"
             "for _ in range(n):\n    print(random.randint(-9, 9), random.randint(-9, 9))")


def nemotron(program: str, tag: str = "cpp") -> str:
    """The answer part of a Nemotron reply: explanation, program, then the sample run it did in its head."""
    return (f"**Solution Explanation**\n\nFor every pair we print the sum; 64-bit integers avoid overflow.\n\n"
            f"```{tag}\n{program}\n```\n\n**Sample run**\n\n```\n2\n1 2\n3 4\n```\n\nOutput:\n\n```\n3\n7\n```\n")


def source(text: str, language: str | None = "cpp17") -> str | None:
    code = extract_code(text, language)
    return code.source.rstrip("\n") if code else None


def test_trailing_sample_run_blocks_after_the_cpp_block():
    """The issue's loss: the last block ("3\\n7") used to become every draft."""
    assert source(nemotron(CPP)) == CPP
    assert source(nemotron(CPP), None) == CPP  # a helper's extraction too


def test_several_blocks_input_format_a_draft_and_the_final_program():
    text = (f"The input is\n```\nT\na b\n```\nA first attempt:\n```cpp\n{CPP_DRAFT}\n```\nIt subtracts. Fixed:\n"
            f"```cpp\n{CPP}\n```\nThe key line is\n```cpp\ncout<<a+b;\n```\nExample:\n```\n$ ./sol < in.txt\n3\n```\n")
    assert source(text) == CPP  # the last block that reads as C++, not the one-line snippet after it


def test_only_untagged_code_is_taken_when_it_reads_as_code():
    assert source(f"Here is the code:\n```\n{CPP}\n```\n\nSample input:\n```\n1\n1 2\n```\n") == CPP
    assert source(f"```\n{BRUTE}\n```", "python3") == BRUTE
    # no evidence either way is not evidence: a block of numbers or words is never a program
    assert source("The answer:\n```\n3\n```\n") is None
    assert source("```\nYES\nNO\n```", "python3") is None
    assert source("```\nfoo bar\n```") is None


def test_output_blocks_transcripts_and_run_labels_are_never_candidates():
    assert source(f"```cpp\n{CPP}\n```\n```text\n3\n```\n```console\n$ g++ a.cpp && ./a.out\n3\n```\n") == CPP
    # a transcript that shows code-like text is still a transcript
    assert source("```\n>>> print(sum(map(int, input().split())))\n1 2\n3\n```", "python3") is None
    # under "Output:" an untagged block is output even when it happens to hold code-like text
    assert source(f"Output:\n```\n{BRUTE}\n```", "python3") is None
    assert source("Sample run:\n```\n2\n1 2\n3 4\n```\n") is None


def test_unfenced_program_followed_by_a_sample_run():
    text = f"Here is my solution:\n\n{CPP}\n\nThis runs in O(T).\n\nSample run:\n2\n1 2\n3 4\n"
    code = extract_code(text, "cpp17")
    assert code.source.rstrip("\n") == CPP and not code.fenced
    assert extract_code("I could not solve it.\n\nOutput:\n3\n", "cpp") is None


def test_helper_programs_brute_force_generator_validator():
    """Brute forces are asked for in any language: the python block, never the sample-run block after it."""
    brute = extract_code(nemotron(BRUTE, "python"), None)
    assert brute.language == "python" and brute.source.rstrip("\n") == BRUTE
    gen = f"```python\n{GENERATOR}\n```\nExample output for seed 1, n 2:\n```\n2\n-3 4\n0 9\n```\n"
    assert source(gen, "python3") == GENERATOR
    assert source(f"Untagged:\n```\n{GENERATOR}\n```\nRun it:\n```\n$ python3 gen.py 1 2\n2\n-3 4\n```\n",
                  None) == GENERATOR
    assert source("Sample output:\n```\n3\n7\n```", None) is None


def test_think_left_in_content_never_gives_the_thought_code():
    thought = f"<think>Try subtracting first:\n```cpp\n{CPP_DRAFT}\n```\nNo, that is wrong.</think>"
    reply = split_reasoning(thought + "\n" + nemotron(CPP))
    assert "subtracting" in reply.reasoning and "<think>" not in reply.answer and not reply.unterminated
    assert source(reply.answer) == CPP
    assert source(thought + nemotron(CPP)) == CPP  # extraction drops thoughts itself too
    # the server split the reply and a second thought stayed in content: it joins the reasoning
    both = split_reasoning(thought + "Final:\n" + nemotron(CPP), reasoning="plan", finish_reason="stop")
    assert both.reasoning.startswith("plan") and "subtracting" in both.reasoning and source(both.answer) == CPP
    # a thought with code and no answer after it: nothing to take
    assert source(thought) is None


def test_content_null_with_reasoning_is_a_cut_reply():
    body = {"model": "nvidia/Nemotron-Cascade-2-30B-A3B", "usage": {"prompt_tokens": 10, "completion_tokens": 99},
            "choices": [{"index": 0, "finish_reason": "stop",
                         "message": {"role": "assistant", "content": None,
                                     "reasoning_content": f"Let me write it:\n```cpp\n{CPP}\n```\nand then"}}]}
    choices, usage, model = parse_body(json.dumps(body))
    sample = build_completion(choices, usage, model, 1, 0.1, 1).samples[0]
    assert sample.answer == "" and sample.unterminated_reasoning and "```cpp" in sample.reasoning
    assert cut_reason(sample.finish_reason, sample.unterminated_reasoning) == "no_answer"
    assert source(sample.answer) is None  # never the code in the thought


def test_a_cut_in_the_middle_of_the_thought():
    stream = StreamParser()
    for text in ("Let me think", " about ```cpp\n#include <bits"):
        stream.feed("data: " + json.dumps({"choices": [{"index": 0, "delta": {"reasoning_content": text}}]}))
    stream.feed("data: " + json.dumps({"choices": [{"index": 0, "delta": {}, "finish_reason": "length"}]}))
    stream.feed("data: [DONE]")
    sample = build_completion(stream.choices, {}, "m", 1, 0.1, 1).samples[0]
    assert sample.answer == "" and sample.unterminated_reasoning
    assert cut_reason(sample.finish_reason, sample.unterminated_reasoning) == "thinking"
    # the same cut with the thought in content (no reasoning parser): the open tag tells
    tagged = split_reasoning(f"<think>plan\n```cpp\n{CPP}\n```\nbut wait", None, "length")
    assert tagged.unterminated and tagged.answer == "" and source(tagged.answer) is None


def test_a_cut_in_the_middle_of_the_answer():
    half = "```cpp\n" + CPP[: len(CPP) // 2]
    reply = split_reasoning("Here it is.\n" + half, reasoning="done thinking", finish_reason="length")
    assert not reply.unterminated  # the thought ended; the answer did not
    assert cut_reason("length", reply.unterminated) == "answer"
    code = extract_code(reply.answer, "cpp17")
    assert code is not None and not code.complete  # what there is, marked as a half program
    assert extract_code(nemotron(CPP), "cpp17").complete


def test_most_replies_cut_stops_with_one_line():
    tally = ReplyTally()
    for i in range(MIN_REPLIES - 1):
        tally.count("thinking", fresh=True)
    tally.check(8192)  # fewer than MIN_REPLIES: keep going
    tally.count(None, fresh=True)
    with pytest.raises(MostRepliesCut) as stop:
        tally.check(8192)
    assert isinstance(stop.value, BudgetExhausted)  # so the run's normal stop path submits what passed
    line = str(stop.value)
    assert "\n" not in line and "19 of 20 replies" in line and "8,192" in line and "max_completion_tokens" in line
    assert tally.to_json() == {"total": 20, "cut": 19, "cut_by": {"thinking": 19}}
    # replies replayed from the journal count in the totals, not in the rule: a resume is judged by its own calls
    replayed = ReplyTally()
    for _ in range(MIN_REPLIES):
        replayed.count("thinking", fresh=False)
    replayed.check(8192)
    assert replayed.cut == MIN_REPLIES


def test_the_live_view_shows_cut_replies():
    from pathlib import Path

    from rich.console import Console

    from solver.agent.results import Progress
    from solver.problems import load_problem
    from solver.reports.live import solve_view

    problem = load_problem(Path(__file__).resolve().parent.parent / "problems" / "aplusb")
    progress = Progress(best={s.name: 0.0 for s in problem.subtasks})
    for reason in ("thinking", "thinking", None):
        progress.replies.count(reason, fresh=True)
    console = Console(record=True, width=100)
    console.print(solve_view(problem, progress, 0.0, 50))
    assert "3 (2 cut)" in console.export_text()


def test_eval_counts_cut_replies_without_stopping():
    """Eval's Asker has no tally of the agent's: there a cut reply is a failed sample and every sample is asked."""
    tally = ReplyTally(stop_rule=False)
    for _ in range(MIN_REPLIES * 2):
        tally.count("thinking", fresh=True)
    tally.check(8192)
    assert tally.cut == MIN_REPLIES * 2


def test_a_run_too_short_for_the_stop_rule_still_warns_when_most_replies_were_cut():
    # three lineages that each gave up after their resamples: 9 replies, all cut, below MIN_REPLIES
    tally = ReplyTally()
    for _ in range(9):
        tally.count("thinking", fresh=True)
    tally.check(8192)  # too few replies to stop on
    line = tally.warning()
    assert line is not None and "\n" not in line and "9 of 9 replies" in line and "--call-tokens" in line
    healthy = ReplyTally()
    for reason in ("thinking", None, None):
        healthy.count(reason, fresh=True)
    assert healthy.warning() is None
