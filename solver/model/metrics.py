"""How many requests to keep in flight: what the server's memory holds at olympiad sequence lengths.

Two sources. For a server cpsolve launches, the recipe says it (vLLM's `--max-num-seqs` and the client's
`max_sequences` to match), and `ServingMemory` is the arithmetic behind the number. For a server someone else
launched, its Prometheus endpoint (`/metrics`, beside `/v1`) says how loaded it is, and `SlotSizer` follows it:
more requests while nothing waits in the server's queue and its KV cache has room, fewer when requests wait
(a waiting request holds a client slot and makes no token).

vLLM's gauges (docs.vllm.ai, "Production Metrics"): `vllm:num_requests_running`, `vllm:num_requests_waiting`,
`vllm:kv_cache_usage_perc` (a fraction, 1 = full; `vllm:gpu_cache_usage_perc` before vLLM v1 renamed it). Each
carries labels (model_name, engine); a server with several engines reports one sample per engine.
"""
from __future__ import annotations

import asyncio
import contextlib
import re
from dataclasses import dataclass, replace
from typing import AsyncIterator, Callable

import httpx

from ..simulator.gpu import PARAMETERS
from .client import tls_context

RUNNING, WAITING = "vllm:num_requests_running", "vllm:num_requests_waiting"
KV_USAGE = ("vllm:kv_cache_usage_perc", "vllm:gpu_cache_usage_perc")


# ---------------------------------------------------------------------------------------------- the memory model
@dataclass(frozen=True)
class ServingMemory:
    """What one GPU's memory holds: per-token KV of the attention layers plus a fixed state per sequence (a
    hybrid model's Mamba layers), after the weights and a reserve for activations."""

    gpu_bytes: float
    utilization: float
    """vLLM's --gpu-memory-utilization: the share of the GPU it may take."""
    weight_bytes: float
    reserve_bytes: float
    """Activations, CUDA graphs and the sampler's buffers: what vLLM's profiling run takes beside the weights."""
    kv_bytes_per_token: int
    state_bytes_per_sequence: int

    @property
    def cache_bytes(self) -> float:
        return self.gpu_bytes * self.utilization - self.weight_bytes - self.reserve_bytes

    def sequences(self, tokens: float) -> int:
        """Sequences that fit at once when each holds TOKENS tokens of KV cache."""
        return int(self.cache_bytes // (tokens * self.kv_bytes_per_token + self.state_bytes_per_sequence))


def _nemotron_h200() -> ServingMemory:
    # the simulated GPU's table (solver/simulator/gpu.py) holds these numbers once, each with its source:
    # Nemotron-Cascade-2-30B-A3B's config.json (6 attention layers of 2 KV heads x 128; 23 Mamba-2 layers, their
    # state in float32 as the recipe's --mamba-ssm-cache-dtype asks), 31.6B parameters in BF16, the H200's 141 GB
    p = {name: value for name, (value, _unit, _source) in PARAMETERS.items()}
    return ServingMemory(gpu_bytes=p["hbm_bytes"], utilization=p["gpu_memory_utilization"],
                         weight_bytes=p["weight_bytes"], reserve_bytes=p["runtime_overhead_bytes"],
                         kv_bytes_per_token=int(p["kv_bytes_per_token"]),
                         state_bytes_per_sequence=int(p["mamba_state_bytes"]))


NEMOTRON_H200 = _nemotron_h200()
"""Nemotron-Cascade-2 on one H200 (141 GB) at the recipe's --gpu-memory-utilization 0.9: about 60.7 GB of cache,
6,144 bytes of KV per token and 49 MB of Mamba state per sequence."""
#: Olympiad calls: an IOI statement with the agent's instructions, and replies of ~45k tokens (issue 18).
PROMPT_TOKENS = int(PARAMETERS["expected_prompt_tokens"][0])
MEAN_REPLY_TOKENS = int(PARAMETERS["expected_reply_tokens"][0])


# ---------------------------------------------------------------------------------------------- /metrics
@dataclass(frozen=True)
class ServerLoad:
    """One reading of the server's scheduler."""

    running: float
    waiting: float
    kv_usage: float | None
    """The fullest engine's KV-cache use (0..1); None when the server does not report it."""


class NoMetrics(Exception):
    """The server has no vLLM /metrics (another engine, a proxy, an older server): its size cannot be read."""


_SAMPLE = re.compile(r"^([A-Za-z_:][\w:]*)(\{[^}]*\})?\s+(\S+)")


def parse_metrics(text: str) -> ServerLoad:
    """The scheduler's gauges in Prometheus text: requests summed over engines, KV use the fullest engine's."""
    values: dict[str, list[float]] = {}
    for line in text.splitlines():
        m = _SAMPLE.match(line)
        if m is None or line.startswith("#"):
            continue
        try:
            values.setdefault(m.group(1), []).append(float(m.group(3)))
        except ValueError:
            continue
    if RUNNING not in values or WAITING not in values:
        raise NoMetrics(f"no {RUNNING} / {WAITING} gauges")
    kv = next((values[name] for name in KV_USAGE if name in values), None)
    return ServerLoad(sum(values[RUNNING]), sum(values[WAITING]), max(kv) if kv else None)


def metrics_url(base_url: str) -> str:
    """vLLM serves /metrics at the root, beside the API's /v1."""
    root = base_url.rstrip("/")
    return (root[:-3] if root.endswith("/v1") else root) + "/metrics"


async def read_load(http: httpx.AsyncClient, base_url: str) -> ServerLoad:
    url = metrics_url(base_url)
    try:
        response = await http.get(url)
    except httpx.HTTPError as e:
        raise NoMetrics(f"{url}: {type(e).__name__}: {e}") from None
    if response.status_code != 200:
        raise NoMetrics(f"{url}: HTTP {response.status_code}")
    return parse_metrics(response.text)


# ---------------------------------------------------------------------------------------------- sizing
@dataclass(frozen=True)
class SizingRule:
    """How the requests in flight follow the server's load."""

    kv_bound: float = 0.9
    """Grow only while the fullest engine's KV cache is below this: above it, vLLM starts preempting."""
    growth: float = 0.125
    """A step up adds this share of the current size (at least one request)."""
    floor: int = 1
    ceiling: int = 1024

    def next_size(self, current: int, load: ServerLoad, busy: int) -> int:
        """Shrink by what waits in the server's queue; grow while every slot is busy (there is work to send),
        nothing waits and the KV cache has room; else keep."""
        if load.waiting > 0:
            return max(self.floor, current - max(1, int(load.waiting)))
        kv_room = load.kv_usage is None or load.kv_usage < self.kv_bound
        if busy >= current and kv_room:
            return min(self.ceiling, current + max(1, int(current * self.growth)))
        return current


#: A server cpsolve did not launch may take more than the recipe's size: up to this many times more.
CEILING_FACTOR = 4
#: Seconds between readings: vLLM's gauges move with the scheduler's steps, and a 45k-token reply takes minutes.
INTERVAL_S = 5.0


class SlotSizer:
    """Follows one server's /metrics and resizes a client's slots (`ModelClient.resize`). The client's connection
    pool is built for the ceiling, and it starts at the configured size (what the agent plans its lineages in
    flight with: `ModelClient.sequences`)."""

    def __init__(self, base_url: str, start: int, rule: SizingRule, interval_s: float = INTERVAL_S):
        self.base_url, self.size, self.rule, self.interval_s = base_url, start, rule, interval_s
        self.last: ServerLoad | None = None

    def widened(self, config):
        """The client configuration with room for the ceiling."""
        return replace(config, max_sequences=self.rule.ceiling)

    async def step(self, http: httpx.AsyncClient, client) -> int:
        """One reading and the size it leads to (applied to CLIENT)."""
        self.last = await read_load(http, self.base_url)
        self.size = self.rule.next_size(self.size, self.last, client.in_flight)
        await client.resize(self.size)
        return self.size

    async def run(self, client, http: httpx.AsyncClient) -> None:
        """Resize every interval until cancelled; a server whose /metrics stops answering keeps the last size."""
        while True:
            await asyncio.sleep(self.interval_s)
            try:
                await self.step(http, client)
            except NoMetrics:
                continue


async def probe(config, http: httpx.AsyncClient) -> SlotSizer | None:
    """A sizer for the server CONFIG names, or None when it has no vLLM /metrics (the configured size stays)."""
    try:
        await read_load(http, config.base_url)
    except NoMetrics:
        return None
    start = config.max_sequences
    return SlotSizer(config.base_url, start, SizingRule(floor=max(1, start // 4), ceiling=start * CEILING_FACTOR))


@contextlib.asynccontextmanager
async def sized_client(config, fixed: bool, make_client: Callable) -> AsyncIterator:
    """MAKE_CLIENT(config) as an async context, its requests in flight following the server's /metrics unless
    FIXED: a server cpsolve launched is sized by its recipe's --max-num-seqs, and a pool of several servers
    (solver/model/endpoints.py) keeps each one's configured size."""
    async with httpx.AsyncClient(timeout=httpx.Timeout(10.0), verify=tls_context()) as http:
        sizer = None if fixed else await probe(config, http)
        async with make_client(sizer.widened(config) if sizer else config) as client:
            if sizer is None:
                yield client
                return
            await client.resize(sizer.size)
            task = asyncio.create_task(sizer.run(client, http))
            try:
                yield client
            finally:
                task.cancel()
                await asyncio.gather(task, return_exceptions=True)
