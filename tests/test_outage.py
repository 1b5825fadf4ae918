"""A server that stops answering and comes back (solver/model/client.py's one retry mechanism): calls in flight
and calls made meanwhile wait for /v1/models to answer and go on, up to the patience; and the token budget holds:
what a dropped, cancelled or stopped stream generated is counted (solver/agent/budget.py's TokenBound). Against
the real scripted HTTP server, no Docker."""
from __future__ import annotations

import asyncio

import pytest

from solver.agent.budget import BudgetExhausted, TokenBound
from solver.model import ClientConfig, ModelClient, ModelError, UsageLog
from solver.model.tokens import text_tokens
from solver.model.usage import TOKEN_METER
from tests.scripted_server import Reply, ScriptedServer

HI = [{"role": "user", "content": "hi"}]
THOUGHT = " ".join(f"step{i}" for i in range(400))


def fast(url: str, **config) -> ClientConfig:
    """Seconds for the tests where a user has minutes: probe every 0.05 s, patience of a few seconds."""
    return ClientConfig(url, **{"backoff_initial_s": 0.01, "backoff_max_s": 0.05, "probe_s": 0.05,
                                "outage_patience_s": 10.0, "timeout_s": 5.0, "max_attempts": 2, **config})


def test_calls_in_flight_and_new_ones_wait_out_an_outage_and_go_on():
    server = ScriptedServer(default=Reply(delay_s=0.3)).__enter__()
    url = server.url
    log = UsageLog()

    async def go():
        async with ModelClient(fast(url), usage_log=log) as client:
            await client.models()  # the server has answered once: from now on its silence is an outage
            in_flight = [asyncio.create_task(client.chat(HI)) for _ in range(3)]
            await asyncio.sleep(0.1)
            # killed with 3 requests in flight; back on the same port after more than max_attempts tries' worth
            await asyncio.to_thread(server.__exit__)
            assert not server.script and len(server.requests) == 3
            for _ in range(200):  # the calls in flight find the server gone (bounded: 10 s at most)
                if not client.up:
                    break
                await asyncio.sleep(0.05)
            down_meanwhile = asyncio.create_task(client.chat(HI))
            await asyncio.sleep(0.5)
            assert not client.up and not down_meanwhile.done() and not any(t.done() for t in in_flight)
            await asyncio.to_thread(server.__enter__)
            return await asyncio.gather(*in_flight, down_meanwhile)

    try:
        replies = asyncio.run(go())
    finally:
        server.__exit__()
    assert [r.answer for r in replies] == ["Hello!"] * 4
    # nothing asked twice but the 3 in flight at the kill; the call made while down sent nothing until it was up
    assert len(server.requests) == 3 + 4
    # and the wait cost no tries: max_attempts is 2, yet each call in flight went on after its failed attempt
    assert [r.usage.attempts for r in replies[:3]] == [2, 2, 2] and replies[3].usage.attempts == 1


def test_a_server_silent_past_the_patience_is_an_outage_error():
    server = ScriptedServer().__enter__()
    url = server.url

    async def go():
        async with ModelClient(fast(url, outage_patience_s=0.3)) as client:
            await client.chat(HI)
            server.__exit__()
            await client.chat(HI)

    with pytest.raises(ModelError) as err:
        asyncio.run(go())
    assert err.value.outage and "no answer for 0.3 s (the server is down" in str(err.value)


def test_a_cancelled_streamed_call_is_counted():
    log = UsageLog()
    spent: list[int] = []
    bound = TokenBound(None, {"completion": 0}, spent.append)
    with ScriptedServer(default=Reply(reasoning=THOUGHT, chunk_delay_s=0.002)) as server:
        async def go():
            async with ModelClient(fast(server.url), usage_log=log) as client:
                async def call():
                    TOKEN_METER.set(bound)
                    return await client.chat(HI)

                task = asyncio.create_task(call())
                while bound.in_flight < 100:
                    await asyncio.sleep(0.01)
                task.cancel()
                await asyncio.gather(task, return_exceptions=True)

        asyncio.run(go())
    # what it streamed before the cancel, by the one estimate: in the usage log and spent through the meter
    [lost] = [r for r in log.records if r.lost]
    assert 100 <= lost.completion_tokens < text_tokens(THOUGHT) and lost.tokens_estimated
    assert spent == [lost.completion_tokens] and bound.in_flight == 0
    assert log.totals()["lost_attempts"] == 1


def test_a_stream_reaching_the_token_bound_is_stopped_and_counted():
    tokens = {"completion": 0}
    bound = TokenBound(200, tokens, lambda n: tokens.__setitem__("completion", tokens["completion"] + n))
    with ScriptedServer(default=Reply(reasoning=THOUGHT)) as server:
        async def go():
            async with ModelClient(fast(server.url)) as client:
                TOKEN_METER.set(bound)
                await client.chat(HI, max_tokens=10_000)

        with pytest.raises(BudgetExhausted):
            asyncio.run(go())
    assert len(server.requests) == 1  # a bound reached is not a failure to retry
    assert 200 <= tokens["completion"] < 220 and bound.in_flight == 0 and bound.left() <= 0


def test_a_reply_without_usage_is_estimated_from_its_text():
    from solver.model.wire import StreamParser, build_completion

    parser = StreamParser()
    parser.feed('data: {"choices": [{"index": 0, "delta": {"reasoning_content": "think 12345"}}]}')
    parser.feed('data: {"choices": [{"index": 0, "delta": {"content": "x = 1"}, "finish_reason": "stop"}]}')
    parser.feed("data: [DONE]")
    completion = build_completion(parser.choices, parser.usage, "m", 1, 0.0, 1)
    assert completion.usage.tokens_estimated
    assert completion.usage.completion_tokens == text_tokens("think 12345") + text_tokens("x = 1") == parser.tokens
