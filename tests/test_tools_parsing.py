"""Reading tool calls: the server's `tool_calls` when sound, else Nemotron's XML from the text (vLLM #47761: code
arguments as broken JSON; #39056: a call inside the thought), and malformed calls told apart from sound ones."""
from __future__ import annotations

import json

from solver.model.wire import StreamParser, build_completion
from solver.tools.parsing import parse_text_calls, select_calls

from .scripted_server import xml_call

CODE = 'print("a \\"quoted\\" word")\nfor i in range(3):\n\tprint(i, end="")\n'


def test_xml_call_in_the_answer_keeps_code_exactly():
    calls = select_calls("Let me check.\n" + xml_call("python", code=CODE), "thinking...")
    assert [(c.name, c.arguments, c.origin) for c in calls] == [("python", {"code": CODE}, "answer")]


def test_a_closing_parameter_tag_inside_code_is_kept():
    code = 's = "</parameter>"\nprint(len(s))'
    calls = parse_text_calls(xml_call("python", code=code), "answer")
    assert calls[0].arguments == {"code": code} and not calls[0].error


def test_thought_example_and_real_call_after_it():
    thought = "The format is " + xml_call("python", code="example()") + " so I will call it."
    calls = select_calls(xml_call("python", code="real()"), thought)
    assert [c.arguments["code"] for c in calls] == ["real()"]


def test_call_lost_in_the_thought_counts_only_the_last_one():
    thought = (xml_call("python", code="draft()") + "\nno, better:\n" + xml_call("python", code="final()")
               + "\n<tool_call>\n<function=python>\n<parameter=code>\ncut off")
    calls = select_calls("", thought)
    assert [(c.arguments["code"], c.origin) for c in calls] == [("final()", "thought")]


def test_broken_json_arguments_are_read_as_the_raw_code():
    raw = 'print("x")\nprint("y")'
    broken = '{"code": "' + raw + '"}'
    try:
        json.loads(broken)
        raise AssertionError("the test's arguments must not be valid JSON")
    except ValueError:
        pass
    calls = select_calls("", "", [{"id": "c1", "name": "python", "arguments": broken}])
    assert calls[0].arguments == {"code": raw} and calls[0].id == "c1" and not calls[0].error


def test_broken_server_arguments_yield_to_the_xml_in_the_text():
    calls = select_calls(xml_call("python", code=CODE), "",
                         [{"id": "c1", "name": "python", "arguments": '{"code": "x", "y": '}])
    assert calls[0].arguments == {"code": CODE} and calls[0].origin == "answer"


def test_unreadable_calls_carry_an_error_not_an_exception():
    calls = select_calls("<tool_call>\n<parameter=code>\n1\n</parameter>\n</tool_call>", "")
    assert calls[0].error and "function" in calls[0].error
    calls = select_calls("<tool_call><function=python><parameter=code>\n1\n</function></tool_call>", "")
    assert "not closed" in calls[0].error
    calls = select_calls("", "", [{"id": "c", "name": "run_cpp", "arguments": '{"source": 1, "input": '}])
    assert calls[0].error.startswith("the arguments are not valid JSON")


def test_no_call_is_a_final_answer():
    assert select_calls("```cpp\nint main(){}\n```", "I am done.") == []


def test_streamed_tool_call_pieces_are_joined():
    parser = StreamParser()
    chunks = [{"delta": {"role": "assistant", "content": ""}},
              {"delta": {"tool_calls": [{"index": 0, "id": "t1", "function": {"name": "python", "arguments": ""}}]}},
              {"delta": {"tool_calls": [{"index": 0, "function": {"arguments": '{"code": "pri'}}]}},
              {"delta": {"tool_calls": [{"index": 0, "function": {"arguments": 'nt(1)"}'}}]}},
              {"delta": {}, "finish_reason": "tool_calls"}]
    for c in chunks:
        parser.feed("data: " + json.dumps({"model": "m", "choices": [{"index": 0, **c}]}))
    parser.feed("data: [DONE]")
    sample = build_completion(parser.choices, {}, "m", 1, 0.0, 1).samples[0]
    assert sample.tool_calls == ({"id": "t1", "name": "python", "arguments": '{"code": "print(1)"}'},)
    assert sample.finish_reason == "tool_calls" and sample.answer == ""


def test_a_turn_with_only_tool_calls_still_counts_toward_the_prompt():
    from solver.model.config import message_chars

    call = {"id": "c", "type": "function", "function": {"name": "python", "arguments": '{"code": "print(1)"}'}}
    assert message_chars({"role": "assistant", "content": None, "tool_calls": [call]}) > len(call["function"]["arguments"])
    assert message_chars({"role": "tool", "tool_call_id": "c", "content": "1\n"}) == 2


def test_tool_calls_of_a_whole_response_are_read():
    from solver.model.wire import parse_body

    body = {"model": "m", "choices": [{"index": 0, "finish_reason": "tool_calls", "message": {
        "role": "assistant", "content": None, "tool_calls": [
            {"id": "a", "type": "function", "function": {"name": "python", "arguments": '{"code": "1"}'}},
            {"id": "b", "type": "function", "function": {"name": "run_cpp", "arguments": {"source": "x"}}}]}}]}
    choices, _, _ = parse_body(json.dumps(body))
    sample = build_completion(choices, {}, "m", 1, 0.0, 1).samples[0]
    assert [c["id"] for c in sample.tool_calls] == ["a", "b"]
    assert [c.arguments for c in select_calls(sample.answer, sample.reasoning, sample.tool_calls)] == [
        {"code": "1"}, {"source": "x"}]
