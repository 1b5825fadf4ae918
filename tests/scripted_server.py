"""The one scripted OpenAI-compatible HTTP server of the test suite (test code only, never shipped).

Each chat request gets a behaviour: the next one pushed on the script, else what the `answer` function returns for
the conversation (the way a model reacts to what it is asked), else `default`. A behaviour is
- a `Reply` (an `Answer`: the agent tests' reply, its usage counted in words; a plain string is an Answer),
- a `Turn` of a tool-calling model, its calls in Nemotron's XML handed over as vLLM would (see `Turn.mode`),
- a fault a real server will not produce on demand: `Status` (an HTTP error), `DropMidStream`, `Malformed`.
Every request body is recorded, so tests can assert on exactly what the model was shown. /v1/models lists the
served models (with vLLM's `root` and `max_model_len` when set; a prompt plus max_tokens over max_model_len gets
vLLM's 400) and /metrics serves `metrics()` when set. It is written on raw asyncio streams rather than a web
framework so that it can misbehave at the byte level; it runs in a thread with its own event loop, on 127.0.0.1.
"""
from __future__ import annotations

import asyncio
import json
import math
import socket
import threading
import time
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Callable

#: The context check's tokenizer: this many characters a token (the agent's estimate must stay above it).
CHARS_PER_TOKEN = 4


@dataclass
class Reply:
    """A well-formed answer; every one of the `n` choices gets `content` (or `contents[i]`)."""

    content: str | None = "Hello!"
    """None is sent as `content: null`, the way vLLM's reasoning parser answers a reply that never left its thought."""
    contents: list[str] | None = None
    reasoning: str | None = None
    reasoning_key: str = "reasoning_content"
    finish_reason: str = "stop"
    prompt_tokens: int | None = 11
    """None (with completion_tokens None): usage counted in words of the prompt and of the reply."""
    completion_tokens: int | None = 7
    reasoning_tokens: int | None = None
    delay_s: float = 0.0
    """Wait this long before the response headers (past the client's timeout = a slow server)."""
    chunk_delay_s: float = 0.0
    """Wait this long before each streamed reasoning chunk (a generation still going when the client gives up)."""
    piece_chars: int | None = 3
    """Streamed: the content in pieces this long and the reasoning a word at a time, as vLLM's parser emits it;
    None: each in one delta."""

    def message(self, i: int) -> dict:
        message = {"role": "assistant", "content": self.contents[i] if self.contents else self.content}
        if self.reasoning:
            message[self.reasoning_key] = self.reasoning
        return message

    def usage(self, request: dict, choices: list[dict]) -> dict:
        if self.prompt_tokens is None:
            prompt = sum(len((m.get("content") or "").split()) for m in request["messages"])
            done = sum(len((c["message"]["content"] or "").split())
                       + len(c["message"].get(self.reasoning_key, "").split()) for c in choices)
            return {"prompt_tokens": prompt, "completion_tokens": done, "total_tokens": prompt + done}
        done = self.completion_tokens * len(choices)
        usage = {"prompt_tokens": self.prompt_tokens, "completion_tokens": done,
                 "total_tokens": self.prompt_tokens + done}
        if self.reasoning_tokens is not None:
            usage["completion_tokens_details"] = {"reasoning_tokens": self.reasoning_tokens * len(choices)}
        return usage


@dataclass
class Answer(Reply):
    """An agent test's reply: content, reasoning and finish reason, streamed in one delta each, usage in words."""

    content: str | None = ""
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    piece_chars: int | None = None


def xml_call(name: str, **arguments: str) -> str:
    """A call as Nemotron writes it."""
    params = "".join(f"<parameter={k}>\n{v}\n</parameter>\n" for k, v in arguments.items())
    return f"<tool_call>\n<function={name}>\n{params}</function>\n</tool_call>"


@dataclass
class Turn:
    """A tool-calling model's turn: a thought, an answer and calls. How the server hands the calls over (`mode`):
    "parsed": as `tool_calls` (vLLM's qwen3_coder parser worked), the XML removed from the content; "raw": left in
    the content as text (no server-side parser, or it gave up); "broken_json": as `tool_calls` whose arguments are
    the raw code in JSON quotes (vLLM #47761); "in_thought": inside the thought, so a server would lose it (#39056).
    Usage: characters / 4."""

    answer: str = ""
    thought: str = ""
    calls: list[tuple[str, dict]] = field(default_factory=list)
    mode: str = "parsed"
    reasoning_key = "reasoning_content"
    piece_chars = None
    chunk_delay_s = 0.0

    def message(self, i: int) -> dict:
        """The assistant message a vLLM server would return for this turn."""
        xml = "\n".join(xml_call(name, **args) for name, args in self.calls)
        message = {"role": "assistant", "content": self.answer}
        thought = self.thought
        if self.mode == "raw":
            message["content"] = (self.answer + "\n" + xml).strip()
        elif self.mode == "in_thought":
            thought = (thought + "\n" + xml).strip()
        elif self.calls:
            calls = []
            for k, (name, args) in enumerate(self.calls):
                if self.mode == "broken_json":  # the raw value between JSON quotes, nothing escaped
                    (key, value), = args.items()
                    text = '{"' + key + '": "' + value + '"}'
                else:
                    text = json.dumps(args)
                calls.append({"id": f"chatcmpl-tool-{time.time_ns()}-{k}", "type": "function",
                              "function": {"name": name, "arguments": text}})
            message["tool_calls"] = calls
        if thought:
            message["reasoning_content"] = thought
        return message

    @property
    def finish_reason(self) -> str:
        return "tool_calls" if self.calls and self.mode != "in_thought" else "stop"

    def usage(self, request: dict, choices: list[dict]) -> dict:
        prompt = sum(len(json.dumps(m)) for m in request["messages"]) // 4
        done = sum((len(c["message"].get("content") or "") + len(c["message"].get("reasoning_content") or "")
                    + len(json.dumps(c["message"].get("tool_calls", [])))) // 4 + 1 for c in choices)
        return {"prompt_tokens": prompt, "completion_tokens": done, "total_tokens": prompt + done}


def tool_results(messages: list[dict]) -> list[str]:
    """The contents of the tool messages so far, in order."""
    return [m["content"] for m in messages if m["role"] == "tool"]


@dataclass
class Status:
    """An HTTP error with vLLM's error body."""

    code: int = 500
    message: str = "scripted error"
    retry_after: float | None = None


@dataclass
class DropMidStream:
    """Send the headers and part of the body, then close the connection."""


@dataclass
class Malformed:
    """A 200 whose body (or stream chunk) is not JSON."""


class ScriptedServer:
    """Use as `with ScriptedServer(answer) as server:`; `server.url` is the API root to give the client."""

    def __init__(self, answer: Callable[[list[dict]], object] | None = None, *, model: str = "scripted-model",
                 models: list[str] | None = None, root: str | None = None, max_model_len: int | None = None,
                 default: object | None = None, reject_n: bool = False,
                 metrics: Callable[[], str | None] | None = None, port: int = 0):
        self.answer, self.default = answer, default if default is not None else Reply()
        self.models = models or [model]
        self.root = root
        """Listed at /v1/models as vLLM's `root` (the model path behind a served name) when set."""
        self.max_model_len = max_model_len
        self.reject_n = reject_n
        """Answer 400 to n > 1, like a server without `n` support."""
        self.metrics = metrics
        """/metrics' text (None from it, or no function: 404, as a server without them)."""
        self.script: deque = deque()
        self.requests: list[dict] = []
        self.in_flight = self.max_in_flight = 0
        # bound now, so that the URL is known before it starts; a stopped server (or a new one given its port)
        # starts again on the same port
        self._socket: socket.socket | None = socket.create_server(("127.0.0.1", port))
        self.port = self._socket.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/v1"

    def push(self, *behaviours: object) -> None:
        """Queue behaviours for the next requests, in order (before the answer function or the default)."""
        self.script.extend(behaviours)

    def prompts(self) -> list[str]:
        return [m["content"] for r in self.requests for m in r["messages"]]

    def __enter__(self) -> ScriptedServer:
        self._loop = asyncio.new_event_loop()
        # answer functions may block (a held reply): each runs in a thread, as many at once as requests come
        self._threads = ThreadPoolExecutor(256)
        self._loop.set_default_executor(self._threads)
        listener = self._socket or socket.create_server(("127.0.0.1", self.port))
        self._socket = None  # closed with the server
        started = threading.Event()

        def run() -> None:
            asyncio.set_event_loop(self._loop)
            self._server = self._loop.run_until_complete(asyncio.start_server(self._handle, sock=listener))
            started.set()
            self._loop.run_forever()

        self._thread = threading.Thread(target=run, daemon=True)
        self._thread.start()
        started.wait(10)
        return self

    def __exit__(self, *exc: object) -> None:
        async def shutdown() -> None:
            self._server.close()
            # aborting lingering connections (hung test clients) rather than waiting for them
            for task in asyncio.all_tasks():
                if task is not asyncio.current_task():
                    task.cancel()

        asyncio.run_coroutine_threadsafe(shutdown(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._threads.shutdown(wait=False)

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode().split("\r\n")
                method, path, _ = lines[0].split(" ", 2)
                headers = {k.lower(): v.strip() for k, v in (ln.split(":", 1) for ln in lines[1:] if ":" in ln)}
                body = await reader.readexactly(int(headers.get("content-length", 0)))
                text = self.metrics() if self.metrics and path == "/metrics" else None
                if text is not None:
                    await _send_raw(writer, 200, text.encode(), kind="text/plain; version=0.0.4")
                elif path.rstrip("/").endswith("/models") and method == "GET":
                    await _send_json(writer, 200, {"object": "list", "data": [self._listed(m) for m in self.models]})
                elif path.endswith("/chat/completions") and method == "POST":
                    if not await self._chat(writer, json.loads(body or b"{}")):
                        break
                else:
                    await _send_json(writer, 404, {"error": {"message": f"no route {method} {path}"}})
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.CancelledError):
            pass  # a client that gave up while sending (a call cancelled at the token bound) made no request
        finally:
            writer.close()

    def _listed(self, model: str) -> dict:
        entry = {"id": model, "object": "model"}
        if self.root is not None:
            entry["root"] = self.root
        if self.max_model_len is not None:
            entry["max_model_len"] = self.max_model_len
        return entry

    async def _behaviours(self, request: dict, n: int) -> list[object]:
        """What answers each of the N choices: one scripted behaviour for all, or the answer function's, n times."""
        if self.script:
            return [self.script.popleft()] * n
        if self.answer is None:
            return [self.default] * n
        found: list[object] = []
        while len(found) < n and not (found and isinstance(found[-1], Status)):  # a refusal ends the request
            answer = await asyncio.to_thread(self.answer, request["messages"])
            found.append(Answer(answer) if isinstance(answer, str) else answer)
        return found

    async def _chat(self, writer: asyncio.StreamWriter, request: dict) -> bool:
        """Answer one chat request; False when the connection was dropped on purpose."""
        self.requests.append(request)
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            n = int(request.get("n") or 1)
            if self.reject_n and n > 1:
                return await _refuse(writer, Status(400, "n > 1 is not supported by this server"))
            if self.max_model_len is not None:
                prompt = sum(math.ceil(len(m.get("content") or "") / CHARS_PER_TOKEN) for m in request["messages"])
                want = int(request.get("max_tokens") or 0)
                if prompt + want > self.max_model_len:
                    return await _refuse(writer, Status(400, f"This model's maximum context length is "
                                                             f"{self.max_model_len} tokens. However, you requested "
                                                             f"{prompt + want} tokens ({prompt} in the messages, "
                                                             f"{want} in the completion)."))
            behaviours = await self._behaviours(request, n)
            stream = bool(request.get("stream"))
            first = behaviours[0]
            refused = next((b for b in behaviours if isinstance(b, Status)), None)
            if refused is not None:
                return await _refuse(writer, refused)
            if isinstance(first, Malformed):
                if stream:
                    await _start_stream(writer)
                    await _chunk(writer, b'data: {"choices": [{"index": 0, "delta": {"content": "Hel\n\n')
                    await _chunk(writer, b"data: [DONE]\n\n")
                    await _chunk(writer, b"")
                else:
                    await _send_raw(writer, 200, b'{"id": "x", "choices": [{"message": ')
                return True
            if isinstance(first, DropMidStream):
                if stream:
                    await _start_stream(writer)
                    await _chunk(writer, _event(_delta_chunk(request, 0, {"content": "partial"})))
                else:
                    writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n"
                                 b'{"choices": ')
                await writer.drain()
                writer.transport.abort()
                return False
            assert all(isinstance(b, (Reply, Turn)) for b in behaviours), behaviours
            if getattr(first, "delay_s", 0):
                await asyncio.sleep(first.delay_s)
            choices = [{"index": i, "message": b.message(i), "finish_reason": b.finish_reason}
                       for i, b in enumerate(behaviours)]
            usage = first.usage(request, choices)
            if stream:
                await _stream(writer, request, behaviours, choices, usage)
            else:
                await _send_json(writer, 200, {"id": "chatcmpl-scripted", "object": "chat.completion",
                                               "created": int(time.time()), "model": request.get("model"),
                                               "choices": choices, "usage": usage})
            return True
        finally:
            self.in_flight -= 1


async def _stream(writer: asyncio.StreamWriter, request: dict, behaviours: list, choices: list[dict],
                  usage: dict) -> None:
    """Server-sent events as vLLM sends them: a choice's reasoning, content and tool calls (id and name first, then
    the arguments' text in two pieces), its finish reason; then a usage chunk and [DONE]."""
    await _start_stream(writer)
    for b, c in zip(behaviours, choices):
        i, message = c["index"], c["message"]
        whole = b.piece_chars is None  # one delta each, the role in it
        role = {"role": "assistant"} if whole else {}
        reasoning = message.get(b.reasoning_key)
        if reasoning:
            for word in ([reasoning] if whole else [w + " " for w in reasoning.split(" ")]):
                await asyncio.sleep(b.chunk_delay_s)
                await _chunk(writer, _event(_delta_chunk(request, i, {**role, b.reasoning_key: word})))
        text = message["content"]
        for piece in ([text] if whole else [text[k:k + b.piece_chars] for k in range(0, len(text), b.piece_chars)]):
            await _chunk(writer, _event(_delta_chunk(request, i, {**role, "content": piece})))
        for k, call in enumerate(message.get("tool_calls", [])):
            args = call["function"]["arguments"]
            half = len(args) // 2
            await _chunk(writer, _event(_delta_chunk(request, i, {"tool_calls": [{
                "index": k, "id": call["id"], "type": "function",
                "function": {"name": call["function"]["name"], "arguments": ""}}]})))
            for part in (args[:half], args[half:]):
                await _chunk(writer, _event(_delta_chunk(request, i, {"tool_calls": [{
                    "index": k, "function": {"arguments": part}}]})))
        await _chunk(writer, _event(_delta_chunk(request, i, {}, c["finish_reason"])))
    await _chunk(writer, _event({"id": "chatcmpl-scripted", "object": "chat.completion.chunk",
                                 "model": request.get("model"), "choices": [], "usage": usage}))
    await _chunk(writer, b"data: [DONE]\n\n")
    await _chunk(writer, b"")


def _delta_chunk(request: dict, index: int, delta: dict, finish: str | None = None) -> dict:
    return {"id": "chatcmpl-scripted", "object": "chat.completion.chunk", "created": int(time.time()),
            "model": request.get("model"), "choices": [{"index": index, "delta": delta, "finish_reason": finish}]}


def _event(obj: dict) -> bytes:
    return b"data: " + json.dumps(obj).encode() + b"\n\n"


async def _refuse(writer: asyncio.StreamWriter, status: Status) -> bool:
    extra = {"Retry-After": f"{status.retry_after:g}"} if status.retry_after is not None else {}
    await _send_json(writer, status.code, {"error": {"message": status.message, "code": status.code}}, extra)
    return True


async def _start_stream(writer: asyncio.StreamWriter) -> None:
    writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n")
    await writer.drain()


async def _chunk(writer: asyncio.StreamWriter, data: bytes) -> None:
    writer.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
    await writer.drain()


async def _send_json(writer: asyncio.StreamWriter, code: int, obj: dict, headers: dict | None = None) -> None:
    await _send_raw(writer, code, json.dumps(obj).encode(), headers)


async def _send_raw(writer: asyncio.StreamWriter, code: int, body: bytes, headers: dict | None = None,
                    kind: str = "application/json") -> None:
    extra = "".join(f"{k}: {v}\r\n" for k, v in (headers or {}).items())
    writer.write(f"HTTP/1.1 {code} X\r\nContent-Type: {kind}\r\nContent-Length: {len(body)}\r\n{extra}\r\n"
                 .encode() + body)
    await writer.drain()
