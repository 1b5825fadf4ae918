"""A scripted OpenAI-compatible HTTP server for the faults a real one will not produce on demand.

Each request to /v1/chat/completions takes the next behaviour from the script (the default one when the script is
empty): a normal reply (streamed or not, as asked), an HTTP error, a reply slower than the client's timeout, a
connection dropped mid-stream, or malformed JSON. It is written on raw asyncio streams rather than a web framework
so that it can misbehave at the byte level. It runs in a thread with its own event loop, on 127.0.0.1, port 0.
"""
from __future__ import annotations

import asyncio
import json
import threading
from collections import deque
from dataclasses import dataclass, field


@dataclass
class Reply:
    """A well-formed answer; every one of the `n` choices gets `content` (or `contents[i]`)."""

    content: str = "Hello!"
    contents: list[str] | None = None
    reasoning: str | None = None
    reasoning_key: str = "reasoning_content"
    finish_reason: str = "stop"
    prompt_tokens: int = 11
    completion_tokens: int = 7
    reasoning_tokens: int | None = None
    delay_s: float = 0.0
    """Wait this long before the response headers (past the client's timeout = a slow server)."""
    chunk_delay_s: float = 0.0
    """Wait this long before each streamed chunk (a generation still going when the client gives up)."""


@dataclass
class Status:
    """An HTTP error with vLLM's error body."""

    code: int
    message: str = "scripted error"
    retry_after: float | None = None


@dataclass
class DropMidStream:
    """Send the headers and part of the body, then close the connection."""


@dataclass
class Malformed:
    """A 200 whose body (or stream chunk) is not JSON."""


@dataclass
class Received:
    """What the server saw of one chat request."""

    body: dict
    headers: dict[str, str]


@dataclass
class ScriptedServer:
    """Use as `with ScriptedServer() as server:`; `server.base_url` is the API root to give the client."""

    default: object = field(default_factory=Reply)
    models: list[str] = field(default_factory=lambda: ["scripted-model"])
    reject_n: bool = False
    """Answer 400 to n > 1, like a server without `n` support."""
    script: deque = field(default_factory=deque)
    requests: list[Received] = field(default_factory=list)
    max_in_flight: int = 0
    _in_flight: int = 0
    port: int = 0
    """0: any free port; set it (to a stopped server's) to start again where that one was."""

    def push(self, *behaviours: object) -> None:
        """Queue behaviours for the next requests, in order."""
        self.script.extend(behaviours)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def __enter__(self) -> ScriptedServer:
        self._loop = asyncio.new_event_loop()
        started = threading.Event()

        def run() -> None:
            asyncio.set_event_loop(self._loop)
            self._server = self._loop.run_until_complete(asyncio.start_server(self._handle, "127.0.0.1",
                                                                                        self.port))
            self.port = self._server.sockets[0].getsockname()[1]
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

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode().split("\r\n")
                method, path, _ = lines[0].split(" ", 2)
                headers = {k.lower(): v.strip() for k, v in (ln.split(":", 1) for ln in lines[1:] if ":" in ln)}
                body = await reader.readexactly(int(headers.get("content-length", 0)))
                if path.endswith("/models") and method == "GET":
                    await _send_json(writer, 200, {"object": "list", "data": [{"id": m, "object": "model"}
                                                                             for m in self.models]})
                elif path.endswith("/chat/completions") and method == "POST":
                    if not await self._chat(writer, json.loads(body), headers):
                        break
                else:
                    await _send_json(writer, 404, {"error": {"message": f"no route {method} {path}"}})
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.CancelledError):
            pass
        finally:
            writer.close()

    async def _chat(self, writer: asyncio.StreamWriter, request: dict, headers: dict[str, str]) -> bool:
        """Answer one chat request; False when the connection was dropped on purpose."""
        self.requests.append(Received(request, headers))
        self._in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self._in_flight)
        try:
            behaviour = self.script.popleft() if self.script else self.default
            n = int(request.get("n", 1))
            if self.reject_n and n > 1:
                behaviour = Status(400, "n > 1 is not supported by this server")
            if isinstance(behaviour, Status):
                extra = {"Retry-After": f"{behaviour.retry_after:g}"} if behaviour.retry_after is not None else {}
                await _send_json(writer, behaviour.code, {"error": {"message": behaviour.message,
                                                                    "code": behaviour.code}}, extra)
                return True
            stream = bool(request.get("stream"))
            if isinstance(behaviour, Malformed):
                if stream:
                    await _start_stream(writer)
                    await _chunk(writer, b'data: {"choices": [{"index": 0, "delta": {"content": "Hel\n\n')
                    await _chunk(writer, b"data: [DONE]\n\n")
                    await _chunk(writer, b"")
                else:
                    await _send_raw(writer, 200, b'{"id": "x", "choices": [{"message": ')
                return True
            if isinstance(behaviour, DropMidStream):
                if stream:
                    await _start_stream(writer)
                    await _chunk(writer, _event(_delta_chunk(request, 0, {"content": "partial"})))
                else:
                    writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n"
                                 b'{"choices": ')
                await writer.drain()
                writer.transport.abort()
                return False
            assert isinstance(behaviour, Reply), behaviour
            if behaviour.delay_s:
                await asyncio.sleep(behaviour.delay_s)
            if stream:
                await self._stream_reply(writer, request, behaviour, n)
            else:
                await _send_json(writer, 200, _full_reply(request, behaviour, n))
            return True
        finally:
            self._in_flight -= 1

    async def _stream_reply(self, writer: asyncio.StreamWriter, request: dict, r: Reply, n: int) -> None:
        await _start_stream(writer)
        for i in range(n):
            if r.reasoning:
                # reasoning first, a word at a time, as vLLM's parser emits it
                for word in r.reasoning.split(" "):
                    await asyncio.sleep(r.chunk_delay_s)
                    await _chunk(writer, _event(_delta_chunk(request, i, {r.reasoning_key: word + " "})))
            text = _content(r, i)
            for k in range(0, len(text), 3):
                await _chunk(writer, _event(_delta_chunk(request, i, {"content": text[k:k + 3]})))
            await _chunk(writer, _event(_delta_chunk(request, i, {}, r.finish_reason)))
        await _chunk(writer, _event({"id": "chatcmpl-scripted", "object": "chat.completion.chunk",
                                     "model": request.get("model"), "choices": [], "usage": _usage(r, n)}))
        await _chunk(writer, b"data: [DONE]\n\n")
        await _chunk(writer, b"")


def _content(r: Reply, i: int) -> str:
    return r.contents[i] if r.contents else r.content


def _usage(r: Reply, n: int) -> dict:
    usage = {"prompt_tokens": r.prompt_tokens, "completion_tokens": r.completion_tokens * n,
             "total_tokens": r.prompt_tokens + r.completion_tokens * n}
    if r.reasoning_tokens is not None:
        usage["completion_tokens_details"] = {"reasoning_tokens": r.reasoning_tokens * n}
    return usage


def _full_reply(request: dict, r: Reply, n: int) -> dict:
    choices = []
    for i in range(n):
        message = {"role": "assistant", "content": _content(r, i)}
        if r.reasoning:
            message[r.reasoning_key] = r.reasoning
        choices.append({"index": i, "message": message, "finish_reason": r.finish_reason})
    return {"id": "chatcmpl-scripted", "object": "chat.completion", "model": request.get("model"),
            "choices": choices, "usage": _usage(r, n)}


def _delta_chunk(request: dict, index: int, delta: dict, finish: str | None = None) -> dict:
    return {"id": "chatcmpl-scripted", "object": "chat.completion.chunk", "model": request.get("model"),
            "choices": [{"index": index, "delta": delta, "finish_reason": finish}]}


def _event(obj: dict) -> bytes:
    return b"data: " + json.dumps(obj).encode() + b"\n\n"


async def _start_stream(writer: asyncio.StreamWriter) -> None:
    writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n")
    await writer.drain()


async def _chunk(writer: asyncio.StreamWriter, data: bytes) -> None:
    writer.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
    await writer.drain()


async def _send_json(writer: asyncio.StreamWriter, code: int, obj: dict, headers: dict | None = None) -> None:
    await _send_raw(writer, code, json.dumps(obj).encode(), headers)


async def _send_raw(writer: asyncio.StreamWriter, code: int, body: bytes, headers: dict | None = None) -> None:
    extra = "".join(f"{k}: {v}\r\n" for k, v in (headers or {}).items())
    writer.write(f"HTTP/1.1 {code} X\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n{extra}\r\n"
                 .encode() + body)
    await writer.drain()
