"""The simulated vLLM/Nemotron server: the reply shapes the real model sends (reasoning field, trailing sample
block, cuts), /v1/models and /metrics as vLLM has them, an outage mid-stream, and the simulated GPU's timing and
memory admission (asserted on the simulated clock, never on wall time). Small lengths, high time compression."""
from __future__ import annotations

import asyncio
import threading

import httpx
import pytest

from solver.model import ClientConfig, ModelClient, ModelError
from solver.simulator import GpuModel, Lengths, NemotronShape, ShapedAnswer, SimulatedVLLM

PROGRAM = "```cpp\n#include <cstdio>\nint main() { puts(\"3\"); }\n```"
HI = [{"role": "user", "content": "solve it"}]


def shape(answer=PROGRAM, thinking: int = 200, explanation: int = 20, **kw) -> NemotronShape:
    got = answer if callable(answer) else (lambda messages: answer)
    return NemotronShape(got, thinking=Lengths(thinking, 0), explanation=Lengths(explanation, 0), **kw)


def ask(server: SimulatedVLLM, n: int = 1, stream: bool = True, times: int = 1, **params):
    """`times` calls one after another through the project's client (one client: they are cheaper so)."""
    async def go():
        config = ClientConfig(server.base_url, stream=stream, backoff_initial_s=0.01, backoff_max_s=0.05,
                              max_attempts=2, timeout_s=20)
        async with ModelClient(config) as client:
            return [await client.chat(HI, n=n, **params) for _ in range(times)]

    got = asyncio.run(go())
    return got[0] if times == 1 else got


@pytest.mark.parametrize("stream", [True, False], ids=["stream", "nonstream"])
def test_replies_carry_reasoning_then_the_program_and_a_trailing_sample_block(stream):
    with SimulatedVLLM(shape()) as server:
        got = ask(server, n=2, stream=stream, max_tokens=10_000)
    assert len(got.samples) == 2 and len(server.sent) == 2
    for sample, sent in zip(got.samples, server.sent):
        assert sent.reasoning_field == "reasoning" and sent.reasoning_tokens == 200 and not sent.cut
        assert sent.trailing_block and sent.content.rstrip().endswith("Sample run:\n```\n3\n```")
        assert sample.reasoning and len(sample.reasoning) == 4 * 200  # a 4-character word a token
        assert PROGRAM in sample.answer and sample.answer.rstrip().endswith("```\n3\n```")
        assert sample.finish_reason == "stop"
    assert got.usage.completion_tokens == sum(s.completion_tokens for s in server.sent)
    assert got.usage.prompt_tokens == server.sent[0].prompt_tokens == 2  # "solve it": 8 characters


def test_cut_in_the_thought_sends_null_content_and_cut_in_the_answer_cuts_the_program():
    with SimulatedVLLM(shape(explanation=0)) as server:
        thought = ask(server, max_tokens=150)
        answer = ask(server, max_tokens=200 + 10)  # 40 characters: "Here is my solution.\n\n```cpp\n#include <c"
    assert server.sent[0].content is None and server.sent[0].cut and server.sent[0].reasoning_tokens == 150
    assert thought.samples[0].finish_reason == "length" and thought.samples[0].reasoning and not thought.answer
    assert answer.samples[0].finish_reason == "length" and server.sent[1].cut and not server.sent[1].trailing_block
    assert "```cpp" in answer.answer and "int main" not in answer.answer.split("```cpp")[1]  # cut mid-program
    assert server.sent[1].completion_tokens == 210


def test_shapes_for_extraction_tests():
    shapes = iter([
        ShapedAnswer(PROGRAM, extra_blocks=["```python\nprint(3)\n```"]),
        ShapedAnswer(PROGRAM, think_in_content=True),
        ShapedAnswer(PROGRAM, content_null=True),
        ShapedAnswer(PROGRAM, cut="thought"),
        ShapedAnswer(PROGRAM, cut="answer"),
    ])
    with SimulatedVLLM(shape(lambda m: next(shapes), reasoning_key="reasoning_content")) as server:
        several, think, null, mid_thought, mid_answer = ask(server, max_tokens=5_000, times=5)
    assert several.answer.index("```python") < several.answer.index("```cpp")
    assert server.sent[1].reasoning_field is None and think.samples[0].reasoning  # parsed from <think> by the client
    assert "<think>" not in think.answer and PROGRAM in think.answer
    assert server.sent[2].content is None and null.samples[0].reasoning and null.samples[0].finish_reason == "stop"
    assert mid_thought.samples[0].finish_reason == "length" and server.sent[3].content is None
    assert server.sent[3].reasoning_tokens == 100
    assert server.sent[4].cut and server.sent[4].content and "3\"); }\n```" not in server.sent[4].content
    assert all(s.reasoning_field in (None, "reasoning_content") for s in server.sent)


def test_models_lists_the_hf_id_and_context_and_a_too_long_request_gets_vllms_400():
    with SimulatedVLLM(shape(), max_model_len=1000) as server:
        models = httpx.get(server.base_url + "/models").json()["data"]
        with pytest.raises(ModelError) as refused:
            ask(server, max_tokens=999)
        metrics = httpx.get(server.base_url.removesuffix("/v1") + "/metrics").text
        other = httpx.post(server.base_url + "/chat/completions", json={"model": "nemotron-cascade-2", "messages": HI})
    assert models[0]["id"] == models[0]["root"] == "nvidia/Nemotron-Cascade-2-30B-A3B"
    assert models[0]["max_model_len"] == 1000 and models[0]["owned_by"] == "vllm"
    assert "maximum context length is 1000 tokens" in str(refused.value) and "400" in str(refused.value)
    assert server.sent == [] and other.status_code == 404
    assert other.json()["message"] == "The model `nemotron-cascade-2` does not exist."
    for name in ("vllm:num_requests_running", "vllm:num_requests_waiting", "vllm:kv_cache_usage_perc"):
        assert f'{name}{{engine="0",model_name="nvidia/Nemotron-Cascade-2-30B-A3B"}}' in metrics


def test_stop_drops_a_stream_mid_reply_and_restart_listens_on_the_same_port():
    # a slow GPU (50 tokens/s of simulated time, 10x compressed) so the reply is still streaming at the stop
    gpu = GpuModel(single_sequence_tokens_per_s=50, anchor_tokens_per_s=100, anchor_sequences=4)
    with SimulatedVLLM(shape(thinking=5_000), gpu=gpu, time_scale=10, tick_s=0.02) as server:
        port, got = server.port, []
        first_bytes = threading.Event()

        def read():
            try:
                with httpx.stream("POST", server.base_url + "/chat/completions", timeout=20,
                                  json={"messages": HI, "stream": True, "max_tokens": 9_000}) as r:
                    for line in r.iter_lines():
                        got.append(line)
                        if "reasoning" in line:
                            first_bytes.set()
            except httpx.HTTPError as e:
                got.append(e)

        reader = threading.Thread(target=read)
        reader.start()
        assert first_bytes.wait(20)
        server.stop()
        reader.join(20)
        with pytest.raises(httpx.ConnectError):
            httpx.get(server.base_url + "/models")
        server.restart()
        assert server.port == port and httpx.get(server.base_url + "/models").status_code == 200
    assert isinstance(got[-1], httpx.HTTPError) and not any("[DONE]" in str(x) for x in got)
    assert server.dropped == 1 and server.sent == [] and server.requests == 1


def test_per_sequence_speed_falls_with_sequences_in_flight():
    gpu = GpuModel()
    with SimulatedVLLM(shape(thinking=2_000, explanation=0), gpu=gpu, time_scale=2_000, tick_s=0.02) as server:
        ask(server, max_tokens=10_000)
        alone = server.sent[0].tokens_per_s
        ask(server, n=32, max_tokens=10_000)
        shared = [s.tokens_per_s for s in server.sent[1:]]
    assert alone == pytest.approx(gpu.single_sequence_tokens_per_s, rel=0.05)
    assert max(shared) < alone * 0.95
    assert sum(shared) > alone * 10  # the batch as a whole is much faster


def test_memory_admission_caps_sequences_in_flight_and_the_rest_wait():
    # memory for exactly 3 sequences at the expected length; 8 asked at once
    # the lengths the utilisation's full batch assumes are the ones asked for (a 2-token prompt), so the
    # full batch is these 3 sequences, not the 2 that memory holds at the default 5,000-token prompt
    gpu = GpuModel(expected_prompt_tokens=2, expected_reply_tokens=1_000)
    gpu.memory_bytes = gpu.weight_bytes + gpu.overhead_bytes + 3.5 * gpu.reservation(2, 1_000)
    with SimulatedVLLM(shape(thinking=900, explanation=0), gpu=gpu, time_scale=500, tick_s=0.02) as server:
        ask(server, n=8, max_tokens=1_000)
    assert server.engine.max_running == 3 and server.engine.max_waiting == 5
    admitted = sorted(s.admitted_at for s in server.sent)
    assert admitted[:3] == [0.0] * 3 and admitted[3] > 0  # the fourth waited for a slot
    assert 0 < server.engine.utilisation() <= 1.0 + 1e-9
