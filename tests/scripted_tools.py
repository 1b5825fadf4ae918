"""A scripted tool-calling model behind an OpenAI-compatible HTTP server (test code only, never shipped).

A script maps the conversation so far to a `Turn`: a thought, an answer, and tool calls written in Nemotron's
(Qwen3-Coder's) XML. How the server hands the calls over is the turn's `mode`, covering what vLLM does:
- "parsed": as `tool_calls` (vLLM's qwen3_coder parser worked), the XML removed from the content;
- "raw": left in the content as text (no server-side parser, or it gave up);
- "broken_json": as `tool_calls` whose arguments are the raw code in JSON quotes (vLLM #47761);
- "in_thought": written inside the thought, so a server would lose it (vLLM #39056).
Every request is recorded, so tests can check what the model was sent (system line, tools, tool results).
"""
from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable


def xml_call(name: str, **arguments: str) -> str:
    """A call as Nemotron writes it."""
    params = "".join(f"<parameter={k}>\n{v}\n</parameter>\n" for k, v in arguments.items())
    return f"<tool_call>\n<function={name}>\n{params}</function>\n</tool_call>"


@dataclass
class Turn:
    answer: str = ""
    thought: str = ""
    calls: list[tuple[str, dict]] = field(default_factory=list)
    mode: str = "parsed"


def tool_results(messages: list[dict]) -> list[str]:
    """The contents of the tool messages so far, in order."""
    return [m["content"] for m in messages if m["role"] == "tool"]


class ToolModelServer:
    def __init__(self, script: Callable[[list[dict]], Turn], model: str = "scripted-tool-model",
                 max_model_len: int | None = None):
        self.script = script
        self.model = model
        self.max_model_len = max_model_len
        """The context length /v1/models reports (vLLM's `max_model_len`); None: not reported."""
        self.requests: list[dict] = []
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                entry = {"id": server.model, "object": "model"}
                if server.max_model_len is not None:
                    entry["max_model_len"] = server.max_model_len
                body = json.dumps({"object": "list", "data": [entry]}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
                with server._lock:
                    server.requests.append(body)
                message, finish = server.render(server.script(body["messages"]))
                prompt = sum(len(json.dumps(m)) for m in body["messages"]) // 4
                completion = (len(message.get("content") or "") + len(message.get("reasoning_content") or "")
                              + len(json.dumps(message.get("tool_calls", [])))) // 4 + 1
                usage = {"prompt_tokens": prompt, "completion_tokens": completion,
                         "total_tokens": prompt + completion}
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Connection", "close")
                self.end_headers()
                base = {"id": f"chatcmpl-{time.time_ns()}", "object": "chat.completion.chunk",
                        "created": int(time.time()), "model": server.model}

                def send(delta: dict, finish_reason=None) -> None:
                    chunk = {**base, "choices": [{"index": 0, "delta": delta, "finish_reason": finish_reason}]}
                    self.wfile.write(b"data: " + json.dumps(chunk).encode() + b"\n\n")

                if message.get("reasoning_content"):
                    send({"role": "assistant", "reasoning_content": message["reasoning_content"]})
                send({"role": "assistant", "content": message["content"]})
                for i, call in enumerate(message.get("tool_calls", [])):
                    # as vLLM streams them: id and name first, then the arguments' text in two pieces
                    args = call["function"]["arguments"]
                    half = len(args) // 2
                    send({"tool_calls": [{"index": i, "id": call["id"], "type": "function",
                                          "function": {"name": call["function"]["name"], "arguments": ""}}]})
                    send({"tool_calls": [{"index": i, "function": {"arguments": args[:half]}}]})
                    send({"tool_calls": [{"index": i, "function": {"arguments": args[half:]}}]})
                send({}, finish)
                self.wfile.write(b"data: " + json.dumps({**base, "choices": [], "usage": usage}).encode() + b"\n\n")
                self.wfile.write(b"data: [DONE]\n\n")
                self.wfile.flush()
                self.close_connection = True

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def render(self, turn: Turn) -> tuple[dict, str]:
        """The assistant message a vLLM server would return for TURN, and its finish reason."""
        xml = "\n".join(xml_call(name, **args) for name, args in turn.calls)
        message = {"role": "assistant", "content": turn.answer}
        thought = turn.thought
        if turn.mode == "raw":
            message["content"] = (turn.answer + "\n" + xml).strip()
        elif turn.mode == "in_thought":
            thought = (thought + "\n" + xml).strip()
        elif turn.calls:
            calls = []
            for i, (name, args) in enumerate(turn.calls):
                if turn.mode == "broken_json":  # the raw value between JSON quotes, nothing escaped
                    (key, value), = args.items()
                    text = '{"' + key + '": "' + value + '"}'
                else:
                    text = json.dumps(args)
                calls.append({"id": f"chatcmpl-tool-{time.time_ns()}-{i}", "type": "function",
                              "function": {"name": name, "arguments": text}})
            message["tool_calls"] = calls
        if thought:
            message["reasoning_content"] = thought
        return message, "tool_calls" if turn.calls and turn.mode != "in_thought" else "stop"

    def __enter__(self) -> "ToolModelServer":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def serve_forever(script: Callable[[list[dict]], Turn], port_file: str) -> None:
    """Run a server in this process until killed, writing its URL to PORT_FILE (for subprocess tests)."""
    with ToolModelServer(script) as server:
        with open(port_file, "w") as f:
            f.write(server.url)
        while True:
            time.sleep(3600)
