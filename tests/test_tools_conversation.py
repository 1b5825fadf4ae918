"""Tool-integrated conversations against the scripted tool-calling model over HTTP and the real sandbox: state
across calls, C++ compiled and run on a sample before the answer, malformed calls answered with an error, code that
breaks JSON read from the raw text, a call lost in the thought, and the call cap as the model sees it."""
from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from sandbox.session import SessionLimits
from solver.model import ClientConfig, ModelClient
from solver.problems import load_problem
from solver.tools.conversation import CALL_CAP_MESSAGE, ConversationLimits, converse
from solver.tools.executor import ToolExecutor
from solver.tools.schemas import PYTHON, RUN_CPP
from solver.tools.setup import problem_session

from .scripted_server import ScriptedServer, Turn, tool_results

pytestmark = pytest.mark.docker

ROOT = Path(__file__).resolve().parent.parent
APLUSB = ROOT / "problems" / "aplusb"
ACCEPTED = (APLUSB / "solutions" / "accepted" / "aplusb.cpp").read_text()
START = [{"role": "system", "content": "You solve problems."}, {"role": "user", "content": "Solve A + B."}]
LIMITS = SessionLimits(call_cpu_s=2.0, call_wall_s=4.0, idle_s=120.0)


@pytest.fixture(scope="module")
def session(docker_image):
    client, image = docker_image
    with problem_session(load_problem(APLUSB), client, image, LIMITS) as s:
        yield s


def talk(script, session, tools=("python", "run_cpp"), limits=ConversationLimits()):
    async def go():
        with ScriptedServer(script) as server:
            async with ModelClient(ClientConfig(base_url=server.url, max_attempts=1)) as client:
                result = await converse(client, START, ToolExecutor(session, list(tools)), limits)
            return result, server.requests

    return asyncio.run(go())


def by_turn(*turns: Turn):
    """A script answering the k-th request of a conversation with the k-th turn (k = tool results so far + 1)."""
    return lambda messages: turns[min(len([m for m in messages if m["role"] == "assistant"]), len(turns) - 1)]


def test_python_state_carries_over_and_earlier_output_is_not_repeated(session):
    result, requests = talk(by_turn(
        Turn(thought="Pick a number.", calls=[("python", {"code": "import random\nx = random.random()\nprint('drew', x)"})]),
        Turn(thought="Read it back.", calls=[("python", {"code": "print(x)"})]),
        Turn(answer="done")), session)
    first, second = tool_results(requests[-1]["messages"])
    assert [m.get("reasoning_content") for m in requests[-1]["messages"] if m["role"] == "assistant"] == [
        "Pick a number.", "Read it back."]
    assert first.startswith("drew ") and second == first.split()[-1] + "\n"
    assert result.answer == "done" and result.calls == 2 and result.turns == 3
    # what the model was sent: the tools offered, its calls carried in the assistant turns, results by call id
    assert requests[0]["tools"] == [PYTHON, RUN_CPP]
    assistant = [m for m in requests[-1]["messages"] if m["role"] == "assistant"]
    tool_ids = [m["tool_call_id"] for m in requests[-1]["messages"] if m["role"] == "tool"]
    assert [a["tool_calls"][0]["id"] for a in assistant] == tool_ids
    assert result.prompt_tokens > 0 and result.completion_tokens > 0


def test_cpp_is_compiled_and_run_on_a_sample_before_the_answer(session):
    sample = (APLUSB / "tests" / "sample-1.in").read_text()
    result, requests = talk(by_turn(
        Turn(thought="Read the sample.", calls=[("python", {"code": "print(open('/work/samples/sample-1.in').read())"})]),
        Turn(thought="Try my program on it.", calls=[("run_cpp", {"source": ACCEPTED, "input": sample})]),
        Turn(answer=f"```cpp\n{ACCEPTED}\n```")), session)
    shown, ran = tool_results(requests[-1]["messages"])
    assert shown == sample + "\n"
    assert ran.split("stdout:\n", 1)[1].split() == (APLUSB / "tests" / "sample-1.ans").read_text().split()
    assert result.answer.startswith("```cpp") and result.sandbox_s > 0


def test_a_compile_error_and_a_crash_come_back_as_results(session):
    _, requests = talk(by_turn(
        Turn(calls=[("run_cpp", {"source": "int main( {", "input": ""})]),
        Turn(calls=[("run_cpp", {"source": "int main(){int*p=0;return *p;}", "input": ""})]),
        Turn(answer="ok")), session)
    compiled, crashed = tool_results(requests[-1]["messages"])
    assert compiled.startswith("compilation failed") and "error" in compiled
    assert crashed.startswith("[RE: killed by signal")


def test_malformed_call_is_answered_with_an_error_and_the_conversation_goes_on(session):
    result, requests = talk(by_turn(
        Turn(answer="<tool_call>\n<parameter=code>\nprint(1)\n</parameter>\n</tool_call>", mode="raw"),
        Turn(calls=[("python", {"source": "print(1)"})]),
        Turn(calls=[("shell", {"cmd": "ls"})]),
        Turn(calls=[("python", {"code": "print('recovered')"})]),
        Turn(answer="done")), session)
    unreadable, missing, unknown, fine = tool_results(requests[-1]["messages"])
    assert unreadable.startswith("error: the tool call could not be read") and "<function=NAME>" in unreadable
    first_turn = [m for m in requests[1]["messages"] if m["role"] == "assistant"][0]
    assert first_turn["content"] == "" and first_turn["tool_calls"][0]["function"]["name"] == "invalid"
    assert missing == "error: python needs the parameter 'code'"
    assert unknown.startswith("error: no tool named 'shell'")
    assert fine == "recovered\n" and result.answer == "done" and result.malformed_calls == 3 and result.calls == 1


def test_code_that_breaks_json_is_read_from_the_raw_text(session):
    code = 'print("she said \\"hi\\"")\nprint("tab\\there")'
    result, requests = talk(by_turn(
        Turn(calls=[("python", {"code": code})], mode="broken_json"),
        Turn(calls=[("python", {"code": code})], mode="raw"),
        Turn(thought="Let me run it.", calls=[("python", {"code": "print('from the thought')"})], mode="in_thought"),
        Turn(answer="done")), session)
    broken, raw, thought = tool_results(requests[-1]["messages"])
    assert raw == 'she said "hi"\ntab\there\n'
    assert broken == raw
    assert thought == "from the thought\n" and result.calls == 3


def test_the_call_past_the_cap_is_refused_and_the_model_is_told(session):
    result, requests = talk(lambda messages: Turn(calls=[("python", {"code": "1"})]), session, tools=("python",),
                            limits=ConversationLimits(max_calls=100))
    results = tool_results(requests[-1]["messages"])
    assert results[:100] == ["1\n"] * 100 and results[100] == CALL_CAP_MESSAGE
    assert result.calls == 100 and result.finish_reason == "tool_cap" and requests[0]["tools"] == [PYTHON]
