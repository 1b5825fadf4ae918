"""A scripted OpenAI-compatible chat server for deterministic agent tests (test code only, never shipped).

A `Script` decides each answer from the prompt, the way a model would react to what it is asked; the server
records every request, so tests can assert on exactly what the model was shown.
"""
from __future__ import annotations

import json
import math
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable, Union


@dataclass
class Answer:
    """A reply with more than text: reasoning (sent as vLLM's reasoning_content) and a finish reason."""

    content: str | None = ""
    """None is sent as `content: null`, the way vLLM's reasoning parser answers a reply that never left its thought."""
    reasoning: str = ""
    finish_reason: str = "stop"


@dataclass
class Refusal:
    """An HTTP error instead of a reply."""

    code: int = 500
    message: str = "scripted failure"


#: The context check's tokenizer: this many characters a token (the agent's estimate must stay above it).
CHARS_PER_TOKEN = 4


class ScriptedServer:
    def __init__(self, answer: Callable[[list[dict]], Union[str, Answer, Refusal]], model: str = "scripted-model",
                 max_model_len: int | None = None, port: int = 0, root: str | None = None):
        self.answer = answer
        self.model = model
        self.root = root
        """Listed at /v1/models as vLLM's `root` (the model path behind a served name) when set."""
        self.max_model_len = max_model_len
        """Reported at /v1/models as vLLM does; a request whose prompt plus max_tokens exceeds it gets vLLM's 400."""
        self.requests: list[dict] = []
        self.in_flight = 0
        self.max_in_flight = 0
        """The most chat requests that were being answered at once."""
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                pass

            def _send(self, code: int, body: dict) -> None:
                data = json.dumps(body).encode()
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _stream(self, choices: list[dict], usage: dict) -> None:
                """Server-sent events as vLLM sends them: one delta per choice, a usage chunk, [DONE]."""
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Connection", "close")
                self.end_headers()
                base = {"id": f"chatcmpl-{time.time_ns()}", "object": "chat.completion.chunk",
                        "created": int(time.time()), "model": server.model}
                for c in choices:
                    if c["message"].get("reasoning_content"):
                        thought = {"index": c["index"], "finish_reason": None,
                                   "delta": {"role": "assistant", "reasoning_content": c["message"]["reasoning_content"]}}
                        self.wfile.write(b"data: " + json.dumps({**base, "choices": [thought]}).encode() + b"\n\n")
                    delta = {"index": c["index"], "delta": {"role": "assistant", "content": c["message"]["content"]},
                             "finish_reason": None}
                    self.wfile.write(b"data: " + json.dumps({**base, "choices": [delta]}).encode() + b"\n\n")
                    done = {"index": c["index"], "delta": {}, "finish_reason": c["finish_reason"]}
                    self.wfile.write(b"data: " + json.dumps({**base, "choices": [done]}).encode() + b"\n\n")
                self.wfile.write(b"data: " + json.dumps({**base, "choices": [], "usage": usage}).encode() + b"\n\n")
                self.wfile.write(b"data: [DONE]\n\n")
                self.wfile.flush()
                self.close_connection = True

            def do_GET(self):
                if self.path.rstrip("/").endswith("/models"):
                    entry = {"id": server.model, "object": "model"}
                    if server.root is not None:
                        entry["root"] = server.root
                    if server.max_model_len is not None:
                        entry["max_model_len"] = server.max_model_len
                    self._send(200, {"object": "list", "data": [entry]})
                else:
                    self._send(404, {"error": {"message": "not found"}})

            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                body = json.loads(self.rfile.read(length) or b"{}")
                if "messages" not in body:  # the client gave up before sending its body (a cancelled call)
                    self.close_connection = True
                    return
                with server._lock:
                    server.requests.append(body)
                    server.in_flight += 1
                    server.max_in_flight = max(server.max_in_flight, server.in_flight)
                try:
                    self._answer(body)
                finally:
                    with server._lock:
                        server.in_flight -= 1

            def _answer(self, body: dict) -> None:
                if server.max_model_len is not None:
                    prompt = sum(math.ceil(len(m["content"]) / CHARS_PER_TOKEN) for m in body["messages"])
                    want = int(body.get("max_tokens") or 0)
                    if prompt + want > server.max_model_len:
                        self._send(400, {"error": {"message": f"This model's maximum context length is "
                                                              f"{server.max_model_len} tokens. However, you requested "
                                                              f"{prompt + want} tokens ({prompt} in the messages, "
                                                              f"{want} in the completion).", "code": 400}})
                        return
                n = int(body.get("n") or 1)
                choices = []
                for i in range(n):
                    result = server.answer(body["messages"])
                    if isinstance(result, Refusal):
                        self._send(result.code, {"error": {"message": result.message, "code": result.code}})
                        return
                    reply = result if isinstance(result, Answer) else Answer(result)
                    message = {"role": "assistant", "content": reply.content}
                    if reply.reasoning:
                        message["reasoning_content"] = reply.reasoning
                    choices.append({"index": i, "message": message, "finish_reason": reply.finish_reason})
                prompt_tokens = sum(len(m["content"].split()) for m in body["messages"])
                completion_tokens = sum(len((c["message"]["content"] or "").split())
                                        + len(c["message"].get("reasoning_content", "").split()) for c in choices)
                usage = {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                         "total_tokens": prompt_tokens + completion_tokens}
                if body.get("stream"):
                    self._stream(choices, usage)
                    return
                self._send(200, {"id": f"chatcmpl-{time.time_ns()}", "object": "chat.completion",
                                 "created": int(time.time()), "model": server.model, "choices": choices,
                                 "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                                           "total_tokens": prompt_tokens + completion_tokens}})

        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> "ScriptedServer":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def prompts(self) -> list[str]:
        return [m["content"] for r in self.requests for m in r["messages"]]


def serve_forever(answer: Callable[[list[dict]], str], port_file: str) -> None:
    """Run a server in this process until killed, writing its URL to `port_file` (for subprocess tests)."""
    with ScriptedServer(answer) as server:
        with open(port_file, "w") as f:
            f.write(server.url)
        while True:
            time.sleep(3600)
