"""A scripted OpenAI-compatible chat server for deterministic agent tests (test code only, never shipped).

A `Script` decides each answer from the prompt, the way a model would react to what it is asked; the server
records every request, so tests can assert on exactly what the model was shown.
"""
from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable


class ScriptedServer:
    def __init__(self, answer: Callable[[list[dict]], str], model: str = "scripted-model", port: int = 0):
        self.answer = answer
        self.model = model
        self.requests: list[dict] = []
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
                    delta = {"index": c["index"], "delta": {"role": "assistant", "content": c["message"]["content"]},
                             "finish_reason": None}
                    self.wfile.write(b"data: " + json.dumps({**base, "choices": [delta]}).encode() + b"\n\n")
                    done = {"index": c["index"], "delta": {}, "finish_reason": "stop"}
                    self.wfile.write(b"data: " + json.dumps({**base, "choices": [done]}).encode() + b"\n\n")
                self.wfile.write(b"data: " + json.dumps({**base, "choices": [], "usage": usage}).encode() + b"\n\n")
                self.wfile.write(b"data: [DONE]\n\n")
                self.wfile.flush()
                self.close_connection = True

            def do_GET(self):
                if self.path.rstrip("/").endswith("/models"):
                    self._send(200, {"object": "list", "data": [{"id": server.model, "object": "model"}]})
                else:
                    self._send(404, {"error": {"message": "not found"}})

            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                body = json.loads(self.rfile.read(length) or b"{}")
                with server._lock:
                    server.requests.append(body)
                n = int(body.get("n") or 1)
                choices = []
                for i in range(n):
                    text = server.answer(body["messages"])
                    choices.append({"index": i, "message": {"role": "assistant", "content": text},
                                    "finish_reason": "stop"})
                prompt_tokens = sum(len(m["content"].split()) for m in body["messages"])
                completion_tokens = sum(len(c["message"]["content"].split()) for c in choices)
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
