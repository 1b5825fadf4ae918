"""Requests in flight sized to the server: the Nemotron recipe's --max-num-seqs from the memory model, and for a
server cpsolve did not launch, its vLLM /metrics read by solver/model/metrics.py (here a small fake vLLM)."""
from __future__ import annotations

import asyncio
import threading

import httpx

from solver.agent.llm import ClientModel
from solver.model import ClientConfig, ModelClient, load_recipe
from solver.model.metrics import (MEAN_REPLY_TOKENS, NEMOTRON_H200, PROMPT_TOKENS, NoMetrics, ServerLoad,
                                  SizingRule, parse_metrics, probe, sized_client)

from .scripted_server import ScriptedServer

VLLM_TEXT = """# HELP vllm:num_requests_running Number of requests in model execution batches.
# TYPE vllm:num_requests_running gauge
vllm:num_requests_running{{engine="0",model_name="m"}} {running}
vllm:num_requests_running{{engine="1",model_name="m"}} 1.0
# TYPE vllm:num_requests_waiting gauge
vllm:num_requests_waiting{{engine="0",model_name="m"}} {waiting}
vllm:num_requests_waiting{{engine="1",model_name="m"}} 0.0
# TYPE vllm:kv_cache_usage_perc gauge
vllm:kv_cache_usage_perc{{engine="0",model_name="m"}} {kv}
vllm:kv_cache_usage_perc{{engine="1",model_name="m"}} 0.01
vllm:generation_tokens_total{{model_name="m"}} 12345.0
"""


class FakeVLLM(ScriptedServer):
    """The scripted server as a vLLM serving "m": /metrics from `load` (None: 404, as a server without them), and
    chat replies held until `release` is set, so the client's slots stay taken while the test reads the sizer."""

    def __init__(self):
        self.load = {"running": 3.0, "waiting": 0.0, "kv": 0.2}
        self.release = threading.Event()
        super().__init__(self._held, model="m",
                         metrics=lambda: None if self.load is None else VLLM_TEXT.format(**self.load))

    def _held(self, messages: list[dict]) -> str:
        self.release.wait(30)
        return "ok"

    def __exit__(self, *exc) -> None:
        self.release.set()
        super().__exit__(*exc)


def test_nemotron_recipe_serves_and_sends_what_the_memory_model_holds():
    recipe = load_recipe("nemotron-cascade-2")
    args = recipe.vllm_args
    seqs = int(args[args.index("--max-num-seqs") + 1])
    assert recipe.max_sequences == seqs  # the client keeps as many in flight as the server runs
    # between all sequences at the end of a mean reply and all half-way through one (a full batch's mean)
    assert NEMOTRON_H200.sequences(PROMPT_TOKENS + MEAN_REPLY_TOKENS) <= seqs
    assert seqs <= NEMOTRON_H200.sequences(PROMPT_TOKENS + MEAN_REPLY_TOKENS / 2)


def test_metrics_text_is_read_as_vllm_writes_it():
    load = parse_metrics(VLLM_TEXT.format(running=7, waiting=2, kv=0.93))
    assert load == ServerLoad(running=8, waiting=2, kv_usage=0.93)  # requests summed, KV the fullest engine's
    legacy = parse_metrics("vllm:num_requests_running 4\nvllm:num_requests_waiting 0\n"
                           "vllm:gpu_cache_usage_perc 0.5\n")
    assert legacy == ServerLoad(4, 0, 0.5)
    try:
        parse_metrics("python_gc_objects_collected_total 5\n")
    except NoMetrics:
        pass
    else:
        raise AssertionError("a /metrics without vLLM's gauges was taken for vLLM's")


def test_sizing_rule_grows_while_nothing_waits_and_shrinks_when_requests_wait():
    rule = SizingRule(floor=4, ceiling=40)
    assert rule.next_size(16, ServerLoad(16, 0, 0.3), busy=16) == 18  # all busy, room: grow
    assert rule.next_size(16, ServerLoad(16, 0, 0.95), busy=16) == 16  # KV nearly full: hold
    assert rule.next_size(16, ServerLoad(10, 0, 0.3), busy=10) == 16  # slots idle: nothing to grow for
    assert rule.next_size(16, ServerLoad(16, 5, 0.5), busy=16) == 11  # requests wait: shrink by them
    assert rule.next_size(6, ServerLoad(16, 50, 0.5), busy=6) == 4  # never under the floor
    assert rule.next_size(39, ServerLoad(39, 0, 0.1), busy=39) == 40  # never over the ceiling


def test_client_follows_the_servers_metrics():
    """A server cpsolve did not launch: the client starts at its configured size, with a pool for the ceiling;
    it grows while its slots are all busy and nothing waits, and shrinks once the server queues requests."""

    async def scenario(fake: FakeVLLM):
        config = ClientConfig(fake.url, model="m", max_sequences=4, stream=False)
        async with httpx.AsyncClient() as http:
            sizer = await probe(config, http)
            assert sizer is not None and sizer.rule.ceiling == 16
            async with ModelClient(sizer.widened(config)) as client:
                await client.resize(sizer.size)
                calls = [asyncio.create_task(client.chat([{"role": "user", "content": "hi"}])) for _ in range(12)]
                while client.in_flight < 4:
                    await asyncio.sleep(0.01)
                assert client.in_flight == 4  # the configured size holds the other 8 back
                assert await sizer.step(http, client) == 5  # all busy, nothing waits, KV at 20%
                while client.in_flight < 5:  # the grown slot is taken at once by a held-back call
                    await asyncio.sleep(0.01)
                assert await sizer.step(http, client) == 6
                fake.load = {"running": 6.0, "waiting": 3.0, "kv": 0.97}
                assert await sizer.step(http, client) == 3  # three wait in the server's queue
                fake.release.set()
                await asyncio.gather(*calls)
                assert client.in_flight == 0

    with FakeVLLM() as fake:
        asyncio.run(scenario(fake))


def test_sized_client_starts_at_the_configured_size_with_room_to_grow():
    async def scenario(fake: FakeVLLM):
        config = ClientConfig(fake.url, model="m", max_sequences=4, stream=False)
        async with sized_client(config, False, ModelClient) as client:
            assert client.config.max_sequences == 16  # the connection pool is built for the ceiling
            assert client.sequences == 4 and (await ClientModel(client).info()).batch_size == 4  # the agent's
            calls = [asyncio.create_task(client.chat([{"role": "user", "content": "hi"}])) for _ in range(6)]
            while client.in_flight < 4:
                await asyncio.sleep(0.01)
            assert client.in_flight == 4  # until the server's load is read, the configured size holds
            fake.release.set()
            await asyncio.gather(*calls)

    with FakeVLLM() as fake:
        asyncio.run(scenario(fake))


def test_a_server_without_metrics_keeps_the_configured_size():
    async def scenario(fake: FakeVLLM):
        config = ClientConfig(fake.url, model="m", max_sequences=4, stream=False)
        async with sized_client(config, False, ModelClient) as client:
            assert client.config.max_sequences == 4
        async with sized_client(config, True, ModelClient) as client:  # launched: the recipe sized it
            assert client.config.max_sequences == 4

    with FakeVLLM() as fake:
        fake.load = None
        asyncio.run(scenario(fake))


def test_sized_to_what_the_simulated_gpus_memory_holds():
    """SimulatedVLLM (solver/simulator/) with memory for 3 sequences: 8 asked at once, 5 wait in its queue, and
    the client, reading its /metrics, shrinks to the 3 it runs."""
    from solver.simulator import GpuModel, Lengths, NemotronShape, SimulatedVLLM

    gpu = GpuModel(expected_reply_tokens=1_000)
    gpu.memory_bytes = gpu.weight_bytes + gpu.overhead_bytes + 3.5 * gpu.reservation(2, 1_000)
    # replies of 50k tokens: at 250 tokens/s alone and 20x, each runs for seconds of real time, so all 8 are
    # surely in (3 running, 5 waiting) when the sizer reads /metrics; they are cancelled after that
    shape = NemotronShape(lambda messages: "```cpp\nint main(){}\n```", thinking=Lengths(50_000, 0),
                          explanation=Lengths(0, 0))

    async def scenario(server: SimulatedVLLM):
        config = ClientConfig(server.base_url, max_sequences=8, stream=True, timeout_s=60)
        async with httpx.AsyncClient() as http:
            sizer = await probe(config, http)
            async with ModelClient(sizer.widened(config)) as client:
                await client.resize(sizer.size)
                calls = [asyncio.create_task(client.chat([{"role": "user", "content": "hi"}], max_tokens=60_000))
                         for _ in range(8)]
                try:
                    while len(server.engine.waiting) < 5:
                        assert not any(c.done() for c in calls), "a reply ended before all 8 were in"
                        await asyncio.sleep(0.01)
                    assert await sizer.step(http, client) == 3
                    assert sizer.last.running == 3 and sizer.last.waiting == 5 and 0.8 < sizer.last.kv_usage < 0.9
                finally:
                    for call in calls:
                        call.cancel()
                    await asyncio.gather(*calls, return_exceptions=True)

    with SimulatedVLLM(shape, gpu=gpu, time_scale=20, tick_s=0.02) as server:
        asyncio.run(scenario(server))
