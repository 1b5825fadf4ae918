"""Several model servers behind one client (solver/model/endpoints.py), against real scripted HTTP servers:
requests spread by outstanding tokens, a server that goes away is dropped and its requests go elsewhere, it is
taken back when it answers again, and usage names the server that answered."""
from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from solver.model.config import ClientConfig
from solver.model.endpoints import EndpointPool, read_endpoints_file
from solver.model.usage import UsageLog
from solver.model.wire import ModelError

from .scripted_server import ScriptedServer


def slow_echo(messages: list[dict]) -> str:
    time.sleep(0.2)  # long enough that concurrent requests overlap
    return "echo " + messages[-1]["content"]


def pool_of(*urls: str, usage: UsageLog | None = None, **kw) -> EndpointPool:
    return EndpointPool([ClientConfig(base_url=u, max_attempts=2, backoff_initial_s=0.05, probe_s=0.2, **kw)
                         for u in urls], usage_log=usage)


def test_requests_spread_over_servers_by_outstanding_tokens():
    with ScriptedServer(slow_echo) as a, ScriptedServer(slow_echo) as b:
        usage = UsageLog()

        async def go():
            async with pool_of(a.url, b.url, usage=usage) as pool:
                return await asyncio.gather(*(pool.chat([{"role": "user", "content": f"q{i}"}], max_tokens=10)
                                              for i in range(8)))

        replies = asyncio.run(go())
    assert [r.answer for r in replies] == [f"echo q{i}" for i in range(8)]
    # equal requests, all at once: each server carries half
    assert len(a.requests) == 4 and len(b.requests) == 4
    assert sorted(u.server for u in usage.records) == sorted([a.url] * 4 + [b.url] * 4)


def test_a_server_that_goes_away_is_dropped_and_taken_back_when_it_recovers():
    with ScriptedServer(slow_echo) as b:
        a = ScriptedServer(slow_echo).__enter__()
        port = int(a.url.rsplit(":", 1)[1].split("/")[0])
        usage = UsageLog()

        async def go():
            async with pool_of(a.url, b.url, usage=usage) as pool:
                first = await asyncio.gather(*(pool.chat([{"role": "user", "content": f"x{i}"}]) for i in range(4)))
                a.__exit__()  # the server is gone: connections are refused
                during = await asyncio.gather(*(pool.chat([{"role": "user", "content": f"y{i}"}]) for i in range(4)))
                dropped = not pool.servers[0].up
                back = ScriptedServer(slow_echo, port=port).__enter__()
                try:
                    for _ in range(100):  # the probe notices within a few of its periods
                        if all(s.up for s in pool.servers):
                            break
                        await asyncio.sleep(0.1)
                    after = await asyncio.gather(*(pool.chat([{"role": "user", "content": f"z{i}"}])
                                                   for i in range(4)))
                finally:
                    back.__exit__()
                return dropped, during, after, back

        dropped, during, after, back = asyncio.run(go())
    assert [r.answer for r in during] == [f"echo y{i}" for i in range(4)]  # nothing lost to the dead server
    servers = [u.server for u in usage.records]
    # it was dropped, and the requests went to the live server (the one that had found a connection the dead
    # server had already accepted, still open after its listener closed, was answered there)
    assert dropped and servers[4:8].count(b.url) >= 3
    assert len(back.requests) == 2 and servers[8:].count(a.url) == 2  # taken back: half of the load again


def test_all_servers_down_is_one_clear_error():
    a = ScriptedServer(slow_echo).__enter__()
    a.__exit__()

    async def go():
        async with pool_of(a.url, outage_patience_s=0.5) as pool:
            await pool.chat([{"role": "user", "content": "q"}])

    with pytest.raises(ModelError, match="no server answered for 0.5 s"):
        asyncio.run(go())


def test_endpoints_file(tmp_path: Path):
    f = tmp_path / "endpoints.txt"
    f.write_text("# the two GPU boxes\nhttp://10.0.0.1:8000/v1\n\nhttp://10.0.0.2:8000/v1  # second\n")
    assert read_endpoints_file(f) == ["http://10.0.0.1:8000/v1", "http://10.0.0.2:8000/v1"]
    f.write_text("http://10.0.0.1:8000/v1\n10.0.0.2:8000\n")
    with pytest.raises(ValueError, match=r"endpoints.txt: line 2: expected an http\(s\):// API root"):
        read_endpoints_file(f)
