"""`SimulatedVLLM`: an OpenAI-compatible server that answers as vLLM serving Nemotron-Cascade-2 does.

Raw asyncio streams in a background thread with its own event loop (so an outage can drop connections mid-stream
at the byte level). Routes: GET /v1/models, /health, /metrics; POST /v1/chat/completions, streamed (SSE) or not,
with `n`. Replies are planned by a `NemotronShape`, timed by an `Engine` (with or without a `GpuModel`), and
every finished reply is recorded in `sent`.
"""
from __future__ import annotations

import asyncio
import json
import random
import threading
import time

from .engine import Engine, Sequence
from .gpu import GpuModel
from .replies import SentReply, chunk, context_error, event, models_body, prompt_tokens, send_json, send_raw
from .shapes import NemotronShape


class SimulatedVLLM:
    """Use as `with SimulatedVLLM(shape) as server:`; `server.base_url` is the API root for the client."""

    def __init__(self, shape: NemotronShape, model_id: str = "nvidia/Nemotron-Cascade-2-30B-A3B",
                 max_model_len: int = 262_144, gpu: GpuModel | None = None, time_scale: float = 10.0,
                 port: int = 0, seed: int = 0, tick_s: float = 0.05, chunk_tokens: int = 4096):
        self.shape = shape
        self.model_id = model_id
        self.max_model_len = max_model_len
        self.engine = Engine(gpu, time_scale=time_scale, tick_s=tick_s)
        self.port = port
        self.chunk_tokens = chunk_tokens
        """Without a GPU model: tokens per streamed chunk (with one, a chunk per engine tick)."""
        self.rng = random.Random(seed)
        self.sent: list[SentReply] = []
        self.requests = 0
        """Chat requests received (refused ones included)."""
        self.in_flight = 0
        self.max_in_flight = 0
        self.dropped = 0
        """Chat requests cut off by `stop()` before their reply ended."""
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: asyncio.AbstractServer | None = None
        self._handlers: set[asyncio.Task] = set()
        self._writers: set[asyncio.StreamWriter] = set()

    # ---- life cycle -------------------------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def __enter__(self) -> SimulatedVLLM:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self) -> None:
        """Listen (again, on the same port after the first start)."""
        if self._loop is None:
            self._loop = asyncio.new_event_loop()
            ready = threading.Event()

            def run() -> None:
                asyncio.set_event_loop(self._loop)
                if self.engine.gpu is not None:
                    self._ticker = self._loop.create_task(self.engine.run())
                self._loop.call_soon(ready.set)
                self._loop.run_forever()

            self._thread = threading.Thread(target=run, name="simulated-vllm", daemon=True)
            self._thread.start()
            ready.wait(10)
        self._call(self._listen())

    def stop(self) -> None:
        """An outage: close the listener and drop every connection, mid-stream ones included."""
        if self._loop is not None:
            self._call(self._shutdown())

    def restart(self) -> None:
        self.stop()
        self.start()

    def close(self) -> None:
        """Stop and end the background thread."""
        if self._loop is None:
            return
        self.stop()
        if self.engine.gpu is not None:
            self._call(_cancel(self._ticker))
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop.close()
        self._loop = None

    def _call(self, coro) -> object:
        assert self._loop is not None
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(30)

    async def _listen(self) -> None:
        if self._server is None:
            self._server = await asyncio.start_server(self._handle, "127.0.0.1", self.port, reuse_address=True)
            self.port = self._server.sockets[0].getsockname()[1]

    async def _shutdown(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        for w in list(self._writers):
            w.transport.abort()
        for task in list(self._handlers):
            task.cancel()
        self.engine.drop_all()

    # ---- figures ----------------------------------------------------------------------------------------------
    def sim_time(self) -> float:
        """Simulated seconds so far (the engine's clock)."""
        return self.engine.clock

    def metrics_text(self) -> str:
        """/metrics in Prometheus text as vLLM V1 exports these gauges."""
        label = f'{{engine="0",model_name="{self.model_id}"}}'
        running = len(self.engine.running) if self.engine.gpu else self.in_flight
        lines = []
        for name, help_, value in (
                ("vllm:num_requests_running", "Number of requests in model execution batches.", running),
                ("vllm:num_requests_waiting", "Number of requests waiting to be processed.", len(self.engine.waiting)),
                ("vllm:kv_cache_usage_perc", "KV-cache usage. 1 means 100 percent usage.", self.engine.kv_usage)):
            lines += [f"# HELP {name} {help_}", f"# TYPE {name} gauge", f"{name}{label} {float(value)}"]
        return "\n".join(lines) + "\n"

    # ---- HTTP -------------------------------------------------------------------------------------------------
    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        self._handlers.add(task)
        self._writers.add(writer)
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                method, path, _ = lines[0].split(" ", 2)
                headers = {k.lower(): v.strip() for k, v in (ln.split(":", 1) for ln in lines[1:] if ":" in ln)}
                body = await reader.readexactly(int(headers.get("content-length", 0)))
                path = path.split("?", 1)[0].rstrip("/")
                if method == "GET" and path.endswith("/models"):
                    await send_json(writer, 200, models_body(self.model_id, self.max_model_len))
                elif method == "GET" and path == "/health":
                    await send_raw(writer, 200, b"", "text/plain")
                elif method == "GET" and path == "/metrics":
                    await send_raw(writer, 200, self.metrics_text().encode(), "text/plain; version=0.0.4")
                elif method == "POST" and path.endswith("/chat/completions"):
                    if not await self._chat(writer, json.loads(body or b"{}")):
                        break
                else:
                    await send_json(writer, 404, {"error": {"message": f"no route {method} {path}", "code": 404}})
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.CancelledError, ValueError):
            pass
        finally:
            self._handlers.discard(task)
            self._writers.discard(writer)
            writer.close()

    async def _chat(self, writer: asyncio.StreamWriter, body: dict) -> bool:
        """Answer one chat request; False when the connection must close."""
        self.requests += 1
        messages = body.get("messages") or []
        prompt = prompt_tokens(messages)
        max_tokens = body.get("max_completion_tokens") or body.get("max_tokens")
        if body.get("model") not in (None, self.model_id):
            # vLLM's OpenAIServing._check_model: a request for a name it does not serve
            await send_json(writer, 404, {"object": "error", "message": f"The model `{body['model']}` does not exist.",
                                          "type": "NotFoundError", "param": "model", "code": 404})
            return True
        error = context_error(self.max_model_len, prompt, max_tokens)
        if error:
            await send_json(writer, 400, {"object": "error", "message": error, "type": "BadRequestError",
                                          "param": None, "code": 400})
            return True
        limit = int(max_tokens) if max_tokens else self.max_model_len - prompt
        wake = asyncio.Event()
        seqs = []
        for _ in range(int(body.get("n") or 1)):
            plan = self.shape.plan(messages, limit, self.rng)
            reserve = self.engine.gpu.reservation(prompt, limit) if self.engine.gpu else 0.0
            seqs.append(Sequence(plan=plan, prompt_tokens=prompt, reserve=reserve, wake=wake))
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        finished = False
        try:
            self.engine.submit(seqs)
            if body.get("stream"):
                await self._stream(writer, body, seqs, prompt)
            else:
                while not all(s.done for s in seqs):
                    await wake.wait()
                    wake.clear()
                self._record(body, seqs, prompt)
                await send_json(writer, 200, self._full(body, seqs, prompt))
            finished = True
            return not body.get("stream")
        finally:
            self.in_flight -= 1
            if not finished:
                self.dropped += 1
                self.engine.cancel(seqs)

    def _record(self, body: dict, seqs: list[Sequence], prompt: int) -> None:
        """Recorded before the last bytes go out, so a client that has its reply finds it in `sent`."""
        for index, s in enumerate(seqs):
            self._record_one(body, index, s, prompt)

    def _record_one(self, body: dict, index: int, s: Sequence, prompt: int) -> None:
        p = s.plan
        self.sent.append(SentReply(
            body=body, index=index, reasoning_tokens=p.reasoning_tokens, content=p.content,
            finish_reason=p.finish_reason, cut=p.cut, trailing_block=p.trailing_block, prompt_tokens=prompt,
            completion_tokens=p.tokens, reasoning_field=None if p.think_in_content else self.shape.reasoning_key,
            arrived_at=s.arrived_at, admitted_at=s.admitted_at or 0.0, finished_at=s.finished_at or 0.0))

    def _usage(self, seqs: list[Sequence], prompt: int) -> dict:
        made = sum(s.plan.tokens for s in seqs)
        thought = sum(0 if s.plan.think_in_content else s.plan.reasoning_tokens for s in seqs)
        return {"prompt_tokens": prompt, "total_tokens": prompt + made, "completion_tokens": made,
                "prompt_tokens_details": None, "completion_tokens_details": {"reasoning_tokens": thought}}

    def _full(self, body: dict, seqs: list[Sequence], prompt: int) -> dict:
        choices = []
        for i, s in enumerate(seqs):
            p = s.plan
            message = {"role": "assistant", "content": p.content, "refusal": None, "tool_calls": []}
            if not p.think_in_content:
                message[self.shape.reasoning_key] = p.reasoning_text(0, p.reasoning_tokens)
            choices.append({"index": i, "message": message, "logprobs": None, "finish_reason": p.finish_reason,
                            "stop_reason": None})
        return {"id": f"chatcmpl-{self.requests}", "object": "chat.completion", "created": int(time.time()),
                "model": self.model_id, "choices": choices, "usage": self._usage(seqs, prompt)}

    async def _stream(self, writer: asyncio.StreamWriter, body: dict, seqs: list[Sequence], prompt: int) -> None:
        """SSE as vLLM sends it: a role delta, reasoning deltas, content deltas, the finish, usage, [DONE]."""
        head = {"id": f"chatcmpl-{self.requests}", "object": "chat.completion.chunk", "created": int(time.time()),
                "model": self.model_id}
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n"
                     b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
        for i in range(len(seqs)):
            await event(writer, {**head, "choices": [{"index": i, "delta": {"role": "assistant", "content": ""},
                                                       "logprobs": None, "finish_reason": None}]})
        sent = [0] * len(seqs)
        wake = seqs[0].wake
        key = self.shape.reasoning_key
        while True:
            for i, s in enumerate(seqs):
                p = s.plan
                upto = p.tokens if s.done else int(s.generated)
                while sent[i] < upto:
                    stop = min(upto, sent[i] + self.chunk_tokens) if self.engine.gpu is None else upto
                    delta = {}
                    thought = p.reasoning_text(sent[i], stop)
                    if thought:
                        delta[key] = thought
                    text = p.content_text(sent[i], stop)
                    if text:
                        delta["content"] = text
                    sent[i] = stop
                    if delta:
                        await event(writer, {**head, "choices": [{"index": i, "delta": delta, "logprobs": None,
                                                                   "finish_reason": None}]})
            if all(s.done for s in seqs) and all(sent[i] >= s.plan.tokens for i, s in enumerate(seqs)):
                break
            await wake.wait()
            wake.clear()
        self._record(body, seqs, prompt)
        for i, s in enumerate(seqs):
            await event(writer, {**head, "choices": [{"index": i, "delta": {}, "logprobs": None,
                                                       "finish_reason": s.plan.finish_reason, "stop_reason": None}]})
        if (body.get("stream_options") or {}).get("include_usage"):
            await event(writer, {**head, "choices": [], "usage": self._usage(seqs, prompt)})
        await chunk(writer, b"data: [DONE]\n\n")
        await chunk(writer, b"")


async def _cancel(task: asyncio.Task) -> None:
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        pass
