"""The model client against a scripted OpenAI-compatible server: answers, reasoning, usage, and every injected
fault either recovered or reported with the endpoint and the cause. Also code extraction and the client bench."""
from __future__ import annotations

import asyncio
import json
import time

import pytest

from solver.model import (ClientConfig, ModelClient, ModelError, UsageLog, client_config, detect_language,
                          extract_code, load_recipe, split_reasoning)
from tests.scripted_server import DropMidStream, Malformed, Reply, ScriptedServer, Status

HI = [{"role": "user", "content": "hi"}]


@pytest.fixture
def server():
    with ScriptedServer() as s:
        yield s


def chat(server: ScriptedServer, *, n: int = 1, log: UsageLog | None = None, **config):
    """One call with a fast-retrying client (backoff in milliseconds keeps the tests quick)."""
    fields = {"backoff_initial_s": 0.01, "backoff_max_s": 0.05, "timeout_s": 5.0, **config}

    async def go():
        async with ModelClient(ClientConfig(server.url, **fields), usage_log=log) as client:
            return await client.chat(HI, n=n)

    return asyncio.run(go())


both_modes = pytest.mark.parametrize("stream", [True, False], ids=["stream", "nonstream"])


# --- answers, samples, usage -------------------------------------------------------------------------------------

@both_modes
def test_answer_and_usage(server, stream):
    server.default = Reply(content="42", prompt_tokens=13, completion_tokens=2)
    result = chat(server, stream=stream)
    assert result.answer == "42"
    u = result.usage
    assert (u.prompt_tokens, u.completion_tokens, u.reasoning_tokens) == (13, 2, 0)
    assert u.finish_reasons == ("stop",) and u.attempts == 1 and u.latency_s > 0
    assert u.model == "scripted-model"  # discovered from /v1/models, since the config named none
    assert server.requests[0]["model"] == "scripted-model"


@both_modes
def test_n_samples_in_one_request(server, stream):
    server.default = Reply(contents=["a", "b", "c"], finish_reason="length", completion_tokens=4)
    result = chat(server, n=3, stream=stream)
    assert [s.answer for s in result.samples] == ["a", "b", "c"]
    assert result.usage.finish_reasons == ("length",) * 3 and result.usage.completion_tokens == 12
    assert [r["n"] for r in server.requests] == [3]


def test_n_fanned_out_for_a_server_without_n(server):
    server.reject_n = True
    result = chat(server, n=3, native_n=False)
    assert len(result.samples) == 3 and [s.index for s in result.samples] == [0, 1, 2]
    assert [r["n"] for r in server.requests] == [1, 1, 1]
    assert result.usage.n == 3 and result.usage.completion_tokens == 21


def test_recipe_sampling_defaults_reach_the_server(server):
    recipe = load_recipe("nemotron-cascade-2")

    async def go():
        config = client_config(recipe, server.url, model="scripted-model")
        async with ModelClient(config) as client:
            await client.chat(HI)
            await client.chat(HI, temperature=0.2, max_tokens=50)

    asyncio.run(go())
    first, second = server.requests
    assert first["temperature"] == 1.0 and first["top_p"] == 0.95
    assert first["chat_template_kwargs"] == {"enable_thinking": True}
    assert second["temperature"] == 0.2 and second["max_tokens"] == 50 and second["top_p"] == 0.95


def test_usage_log_totals_and_file(server, tmp_path):
    log = UsageLog(tmp_path / "usage.jsonl")
    server.push(Status(500), Reply(completion_tokens=5))
    chat(server, log=log)
    chat(server, n=2, log=log)
    totals = log.totals()
    assert totals["calls"] == 2 and totals["samples"] == 3 and totals["retries"] == 1
    assert totals["completion_tokens"] == 5 + 14 and totals["prompt_tokens"] == 22
    lines = [json.loads(line) for line in (tmp_path / "usage.jsonl").read_text().splitlines()]
    assert [rec["attempts"] for rec in lines] == [2, 1]


# --- reasoning ---------------------------------------------------------------------------------------------------

@both_modes
@pytest.mark.parametrize("key", ["reasoning_content", "reasoning"])
def test_reasoning_from_the_server_field(server, stream, key):
    server.default = Reply(content="print(1)", reasoning="think about it", reasoning_key=key, reasoning_tokens=3,
                           completion_tokens=6)
    sample = chat(server, stream=stream).samples[0]
    assert sample.answer == "print(1)" and sample.reasoning.strip() == "think about it"
    assert not sample.unterminated_reasoning
    usage = chat(server, stream=stream).usage
    assert usage.reasoning_tokens == 3 and not usage.reasoning_estimated


def test_reasoning_from_think_tags_with_estimated_tokens(server):
    server.default = Reply(content="<think>" + "x" * 30 + "</think>" + "y" * 10, completion_tokens=40)
    result = chat(server)
    assert result.samples[0].reasoning == "x" * 30 and result.answer == "y" * 10
    assert result.usage.reasoning_tokens == 30 and result.usage.reasoning_estimated


def test_unterminated_thinking_is_reported(server):
    server.default = Reply(content="<think>still going", finish_reason="length")
    sample = chat(server).samples[0]
    assert sample.unterminated_reasoning and sample.answer == "" and sample.reasoning == "still going"
    server.default = Reply(content="", reasoning="parser kept it all", finish_reason="length")
    assert chat(server).samples[0].unterminated_reasoning


def test_split_reasoning_cases():
    assert split_reasoning("plan</think>answer").reasoning == "plan"  # <think> was in the prompt
    assert split_reasoning("just an answer") == split_reasoning("just an answer", None, "stop")
    assert not split_reasoning("just an answer").unterminated
    assert split_reasoning("a", reasoning="r", finish_reason="length").unterminated is False  # answer was cut


# --- faults ------------------------------------------------------------------------------------------------------

@both_modes
@pytest.mark.parametrize("fault", [Status(500), Status(502), Status(429), DropMidStream(), Malformed(),
                                   Reply(delay_s=1.5)], ids=["500", "502", "429", "dropped", "malformed", "slow"])
def test_transient_fault_is_retried(server, stream, fault):
    server.push(fault, fault)
    result = chat(server, stream=stream, timeout_s=0.5)
    assert result.answer == "Hello!" and result.usage.attempts == 3
    assert len(server.requests) == 3


@both_modes
@pytest.mark.parametrize("fault, cause", [
    (Status(500, "engine crashed"), "HTTP 500: engine crashed"),
    (DropMidStream(), "dropped mid-"),
    (Malformed(), "malformed JSON"),
    (Reply(delay_s=1.5), "timed out: no response for 0.5 s"),
], ids=["500", "dropped", "malformed", "slow"])
def test_persistent_fault_names_endpoint_and_cause(server, stream, fault, cause):
    server.default = fault
    with pytest.raises(ModelError) as err:
        chat(server, stream=stream, timeout_s=0.5, max_attempts=3)
    message = str(err.value)
    assert message.startswith(f"{server.url}/chat/completions: ")
    assert cause in message and message.endswith("after 3 attempts")
    assert len(server.requests) == 3


def test_request_error_is_not_retried(server):
    server.push(Status(400, "max_tokens must be at least 1"))
    with pytest.raises(ModelError) as err:
        chat(server)
    assert "HTTP 400: max_tokens must be at least 1" in str(err.value)
    assert err.value.status == 400 and err.value.attempts == 1
    assert len(server.requests) == 1


def test_retry_after_is_respected(server):
    server.push(Status(429, "busy", retry_after=0.4))
    start = time.monotonic()
    assert chat(server, backoff_max_s=1.0).usage.attempts == 2
    assert time.monotonic() - start >= 0.4


def test_unreachable_endpoint():
    with ScriptedServer() as gone:
        url = gone.url
    with pytest.raises(ModelError) as err:
        asyncio.run(_chat_url(url, model="m"))
    assert str(err.value) == f"{url}/chat/completions: connection refused after 2 attempts"


async def _chat_url(url: str, **config):
    async with ModelClient(ClientConfig(url, max_attempts=2, backoff_initial_s=0.01, **config)) as client:
        return await client.chat(HI)


# --- concurrency ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("n, expected", [(1, 4), (2, 2), (8, 1)])
def test_concurrency_limit_counts_samples_and_keeps_the_batch_full(server, n, expected):
    server.default = Reply(delay_s=0.1)

    async def go():
        async with ModelClient(ClientConfig(server.url, model="m", max_sequences=4)) as client:
            await asyncio.gather(*(client.chat(HI, n=n) for _ in range(12)))

    asyncio.run(go())
    assert server.max_in_flight == expected
    assert len(server.requests) == 12


# --- code extraction -----------------------------------------------------------------------------------------------

CPP = "#include <bits/stdc++.h>\nint main(){ long long a,b; std::cin>>a>>b; std::cout<<a+b; }"
PY = "import sys\na, b = map(int, sys.stdin.read().split())\nprint(a + b)"


def test_last_block_of_the_wanted_language_wins():
    text = f"Draft:\n```cpp\nint old;\n```\nExample:\n```python\n{PY}\n```\nFinal:\n```c++\n{CPP}\n```\nDone."
    assert extract_code(text, "cpp17").source == CPP + "\n"
    assert extract_code(text, "python3").source == PY + "\n"
    code = extract_code(text)
    assert code.language == "cpp" and code.fenced


def test_untagged_fence_is_detected():
    code = extract_code(f"Here:\n```\n{PY}\n```\n")
    assert code.language == "python" and code.source == PY + "\n"
    assert extract_code(f"```\n{PY}\n```", "cpp") is None


def test_missing_fences_and_unclosed_fence():
    code = extract_code(f"Here is my solution:\n\n{CPP}\n")
    assert code.source == CPP + "\n" and code.language == "cpp" and not code.fenced
    truncated = extract_code(f"```cpp\n{CPP}\n")
    assert truncated.source == CPP + "\n" and truncated.fenced
    assert extract_code("I could not solve it.", "cpp") is None


def test_language_names_and_unknown_tags():
    c = '#include <stdio.h>\nint main(){int a;scanf("%d",&a);printf("%d",a);}'
    assert extract_code(f"```c\n{c}\n```", "c11").language == "c"
    assert extract_code(f"```kotlin\nfun main() = println(1)\n```\n```cpp\n{CPP}\n```", "kotlin").source \
        == "fun main() = println(1)\n"
    assert extract_code(f"```cpp\n{CPP}\n```", "kotlin") is None


def test_language_detection():
    assert detect_language(CPP) == "cpp"
    assert detect_language(PY) == "python"
    assert detect_language('public class Main { public static void main(String[] a) { System.out.println(1); } }') \
        == "java"
    assert detect_language('#include <stdio.h>\nint main(){int a;scanf("%d",&a);printf("%d",a);}') == "c"
    assert detect_language("hello world") is None


# --- bench ---------------------------------------------------------------------------------------------------------

def test_client_bench_reports_overhead_against_raw_httpx():
    from solver.bench.client import bench_overhead

    figures = bench_overhead(levels=(1, 8), requests=40, rounds=1, log=lambda m: None)
    for mode in ("stream", "nonstream"):
        for level in ("1", "8"):
            f = figures[mode][level]
            assert f["requests"] == 40 and f["client_rps"] > 0 and f["raw_rps"] > 0 and f["overhead_ratio"] > 0
            assert f["client_p99_ms"] >= f["client_p50_ms"]
