"""`cpsolve bench client`: what the model client costs on top of plain httpx, and what the CPU server delivers.

Client overhead is measured against an OpenAI-compatible stub that answers instantly with a canned reply (run in a
separate process so it has its own core), at several concurrency levels, next to a raw httpx loop sending the same
requests in the same run: `overhead_ratio` is raw requests/s over client requests/s (1.0 = free). The stub is not
the scripted fault-injection server of the tests: it does one thing, fast. Token throughput is measured against
the real embedded CPU model.
"""
from __future__ import annotations

import asyncio
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

import httpx

from ..model import ClientConfig, ModelClient, load_recipe
from ..serve import ServerProcess, check_endpoint, free_port

MESSAGES = [{"role": "user", "content": "Say hello."}]
_REPLY = {"id": "chatcmpl-stub", "object": "chat.completion", "model": "stub",
          "choices": [{"index": 0, "message": {"role": "assistant", "content": "Hello! " * 20},
                       "finish_reason": "stop"}],
          "usage": {"prompt_tokens": 12, "completion_tokens": 40, "total_tokens": 52}}
_CHUNKS = [{"id": "chatcmpl-stub", "object": "chat.completion.chunk", "model": "stub",
            "choices": [{"index": 0, "delta": {"content": "Hello! "}, "finish_reason": None}]}] * 20 + [
    {"id": "chatcmpl-stub", "object": "chat.completion.chunk", "model": "stub",
     "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]},
    {"id": "chatcmpl-stub", "object": "chat.completion.chunk", "model": "stub", "choices": [],
     "usage": _REPLY["usage"]}]


def _stub_responses() -> tuple[bytes, bytes, bytes]:
    body = json.dumps(_REPLY).encode()
    plain = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body)
    events = b"".join(b"data: " + json.dumps(c).encode() + b"\n\n" for c in _CHUNKS) + b"data: [DONE]\n\n"
    # one chunk of chunked encoding for the whole stream: the stub's speed, not its realism, matters here
    stream = (b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
              + b"%x\r\n%s\r\n0\r\n\r\n" % (len(events), events))
    models = json.dumps({"object": "list", "data": [{"id": "stub", "object": "model"}]}).encode()
    listing = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s" % (
        len(models), models)
    return plain, stream, listing


def serve_stub(port: int) -> None:
    """Run the instant stub on 127.0.0.1:PORT until killed (the bench starts it in a child process)."""
    plain, stream, listing = _stub_responses()

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = 0
                for line in head.split(b"\r\n"):
                    if line[:15].lower() == b"content-length:":
                        length = int(line[15:])
                body = await reader.readexactly(length) if length else b""
                if head.startswith(b"GET"):
                    writer.write(listing)
                else:
                    writer.write(stream if b'"stream": true' in body or b'"stream":true' in body else plain)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            writer.close()

    async def main() -> None:
        server = await asyncio.start_server(handle, "127.0.0.1", port, backlog=1024)
        print("ready", flush=True)
        await server.serve_forever()

    asyncio.run(main())


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def _raw_loop(url: str, concurrency: int, count: int, stream: bool) -> tuple[float, list[float]]:
    """The baseline: the same requests with bare httpx and json.loads, no retries, limits or bookkeeping."""
    body = {"model": "stub", "messages": MESSAGES, "n": 1}
    if stream:
        body |= {"stream": True, "stream_options": {"include_usage": True}}
    latencies: list[float] = []
    gate = asyncio.Semaphore(concurrency)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(limits=limits, timeout=60) as http:
        async def one() -> None:
            async with gate:
                t = time.perf_counter()
                if stream:
                    async with http.stream("POST", url, json=body) as r:
                        async for line in r.aiter_lines():
                            if line.startswith("data:") and line[5:].strip() != "[DONE]":
                                json.loads(line[5:])
                else:
                    (await http.post(url, json=body)).json()
                latencies.append(time.perf_counter() - t)

        start = time.perf_counter()
        await asyncio.gather(*(one() for _ in range(count)))
    return time.perf_counter() - start, latencies


async def _client_loop(base_url: str, concurrency: int, count: int, stream: bool) -> tuple[float, list[float]]:
    config = ClientConfig(base_url, model="stub", max_sequences=concurrency, stream=stream)
    latencies: list[float] = []
    # the same outer gate as the raw loop, so both time one request's service, not its queueing; the client's
    # own limit then never blocks, but its bookkeeping is inside the timed span
    gate = asyncio.Semaphore(concurrency)
    async with ModelClient(config) as client:
        async def one() -> None:
            async with gate:
                t = time.perf_counter()
                await client.chat(MESSAGES)
                latencies.append(time.perf_counter() - t)

        start = time.perf_counter()
        await asyncio.gather(*(one() for _ in range(count)))
        wall = time.perf_counter() - start
    return wall, latencies


def bench_overhead(levels: tuple[int, ...] = (1, 16, 128), requests: int = 400, rounds: int = 3,
                   log: Callable[[str], None] = print) -> dict:
    """Requests/s and p50/p99 latency of the client and of raw httpx against the instant stub, per level and mode.
    Each figure is the best of ROUNDS alternating runs, so a burst of noise on a shared machine hurts both sides."""
    port = free_port()
    stub = subprocess.Popen([sys.executable, "-c", f"from solver.bench.client import serve_stub; serve_stub({port})"],
                            stdout=subprocess.PIPE, text=True)
    try:
        if stub.stdout is None or stub.stdout.readline().strip() != "ready":
            raise RuntimeError("the benchmark stub server did not start")
        base_url = f"http://127.0.0.1:{port}/v1"
        url = base_url + "/chat/completions"
        figures: dict = {}
        for mode, stream in (("stream", True), ("nonstream", False)):
            figures[mode] = {}
            for c in levels:
                count = max(requests, 4 * c)
                log(f"client overhead: {mode}, concurrency {c}, {count} requests x {rounds} rounds")
                asyncio.run(_raw_loop(url, c, min(count, 50), stream))  # warm-up: connections, code paths
                raw_runs, client_runs = [], []
                for _ in range(rounds):
                    raw_runs.append(asyncio.run(_raw_loop(url, c, count, stream)))
                    client_runs.append(asyncio.run(_client_loop(base_url, c, count, stream)))
                raw_wall, raw_lat = min(raw_runs, key=lambda r: r[0])
                cli_wall, cli_lat = min(client_runs, key=lambda r: r[0])
                figures[mode][str(c)] = {
                    "requests": count,
                    "raw_rps": round(count / raw_wall, 1),
                    "client_rps": round(count / cli_wall, 1),
                    "raw_p50_ms": round(statistics.median(raw_lat) * 1000, 3),
                    "client_p50_ms": round(statistics.median(cli_lat) * 1000, 3),
                    "raw_p99_ms": round(_percentile(raw_lat, 0.99) * 1000, 3),
                    "client_p99_ms": round(_percentile(cli_lat, 0.99) * 1000, 3),
                    "overhead_p50_ms": round((statistics.median(cli_lat) - statistics.median(raw_lat)) * 1000, 3),
                    "overhead_p99_ms": round((_percentile(cli_lat, 0.99) - _percentile(raw_lat, 0.99)) * 1000, 3),
                    "overhead_ratio": round(cli_wall / raw_wall, 3),
                }
        return figures
    finally:
        stub.kill()
        stub.wait()


async def _throughput(base_url: str, model: str, concurrency: int, count: int, max_tokens: int) -> dict:
    config = ClientConfig(base_url, model=model, max_sequences=concurrency, timeout_s=300)
    async with ModelClient(config) as client:
        start = time.perf_counter()
        # ignore_eos (a vLLM extension) makes every request generate exactly max_tokens: comparable runs
        done = await asyncio.gather(*(client.chat(MESSAGES, max_tokens=max_tokens, ignore_eos=True, temperature=0.8)
                                      for _ in range(count)))
        wall = time.perf_counter() - start
    tokens = sum(c.usage.completion_tokens for c in done)
    return {"requests": count, "completion_tokens": tokens, "wall_s": round(wall, 2),
            "tokens_per_s": round(tokens / wall, 1)}


def bench_cpu_server(attach: str | None = None, levels: tuple[int, ...] = (1, 8), max_tokens: int = 64,
                     log: Callable[[str], None] = print) -> dict:
    """Generated tokens per second at each concurrency level, against ATTACH or a freshly launched embedded
    model (whose start-up time is then reported too)."""
    figures: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        server = None
        try:
            if attach:
                base_url = attach
                model = check_endpoint(attach)[0]
            else:
                server = ServerProcess(load_recipe("smollm2-cpu"), Path(tmp), port=0)
                log("starting the embedded CPU model")
                start = time.perf_counter()
                server.start()
                model = server.wait_ready()[0]
                figures["server_start_s"] = round(time.perf_counter() - start, 1)
                base_url = server.base_url
            figures["model"] = model
            for c in levels:
                count = 3 if c == 1 else 2 * c
                log(f"tokens/s: concurrency {c}, {count} requests of {max_tokens} tokens")
                figures[str(c)] = asyncio.run(_throughput(base_url, model, c, count, max_tokens))
        finally:
            if server is not None:
                server.stop()
    return figures


def run_client_bench(attach: str | None = None, server: bool = True, requests: int = 400,
                     log: Callable[[str], None] = print) -> dict:
    """All figures of `cpsolve bench client`."""
    figures = {"client_overhead": bench_overhead(requests=requests, log=log)}
    if server:
        figures["cpu_server"] = bench_cpu_server(attach, log=log)
    return figures
