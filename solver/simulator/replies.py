"""What the simulated server sends, byte for byte: vLLM's bodies for /v1/models and its errors, the record of each
reply, and HTTP/1.1 with chunked server-sent events written on asyncio streams."""
from __future__ import annotations

import asyncio
import json
import math
import time
from dataclasses import dataclass

from .shapes import CHARS_PER_TOKEN


@dataclass
class SentReply:
    """What the server sent for one choice of one chat request."""

    body: dict
    """The request as received."""
    index: int
    reasoning_tokens: int
    """Thinking tokens sent in the reasoning field (or inside `<think>` in the content)."""
    content: str | None
    finish_reason: str
    cut: bool
    """Stopped by max_tokens (finish_reason "length")."""
    trailing_block: bool
    """The content ends with the untagged sample-run block."""
    prompt_tokens: int
    completion_tokens: int
    reasoning_field: str | None
    """The field name the thinking went in; None when it stayed in the content."""
    arrived_at: float
    admitted_at: float
    finished_at: float
    """Simulated seconds (the engine's clock)."""

    @property
    def tokens_per_s(self) -> float | None:
        """This reply's decode speed on the simulated clock (None when made at once)."""
        took = self.finished_at - self.admitted_at
        return self.completion_tokens / took if took > 0 else None


def prompt_tokens(messages: list[dict]) -> int:
    """The simulated tokenizer's count: 4 characters a token per message (the agent estimates at 3, above it)."""
    return sum(math.ceil(len(m.get("content") or "") / CHARS_PER_TOKEN) for m in messages)


def models_body(model_id: str, max_model_len: int) -> dict:
    """GET /v1/models as vLLM answers it."""
    # vLLM's OpenAIServingModels.show_available_models: id = served name (the HF id by default),
    # root = the model path, max_model_len, owned_by "vllm", one permission entry
    now = int(time.time())
    return {"object": "list", "data": [{
        "id": model_id, "object": "model", "created": now, "owned_by": "vllm", "root": model_id,
        "parent": None, "max_model_len": max_model_len,
        "permission": [{"id": f"modelperm-{now}", "object": "model_permission", "created": now,
                        "allow_create_engine": False, "allow_sampling": True, "allow_logprobs": True,
                        "allow_search_indices": False, "allow_view": True, "allow_fine_tuning": False,
                        "organization": "*", "group": None, "is_blocking": False}]}]}


def context_error(max_model_len: int, prompt: int, max_tokens: object) -> str | None:
    """vLLM's 400 texts (serving_engine's input validation) for a request the context cannot hold."""
    if prompt >= max_model_len:
        return (f"This model's maximum context length is {max_model_len} tokens. However, your request has "
                f"{prompt} input tokens. Please reduce the length of the input messages.")
    if max_tokens is not None and prompt + int(max_tokens) > max_model_len:
        return (f"'max_tokens' or 'max_completion_tokens' is too large: {max_tokens}. This model's maximum "
                f"context length is {max_model_len} tokens and your request has {prompt} input tokens "
                f"({max_tokens} > {max_model_len} - {prompt}).")
    return None


async def event(writer: asyncio.StreamWriter, obj: dict) -> None:
    """One server-sent event, `data: {json}`."""
    await chunk(writer, b"data: " + json.dumps(obj).encode() + b"\n\n")


async def chunk(writer: asyncio.StreamWriter, data: bytes) -> None:
    """One HTTP/1.1 chunk (an empty one ends the body)."""
    writer.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
    await writer.drain()


async def send_json(writer: asyncio.StreamWriter, code: int, obj: dict) -> None:
    """A whole JSON response with its Content-Length (the connection stays open)."""
    await send_raw(writer, code, json.dumps(obj).encode(), "application/json")


async def send_raw(writer: asyncio.StreamWriter, code: int, body: bytes, kind: str) -> None:
    reason = {200: "OK", 400: "Bad Request", 404: "Not Found"}.get(code, "Error")
    writer.write(f"HTTP/1.1 {code} {reason}\r\nContent-Type: {kind}\r\nContent-Length: {len(body)}\r\n\r\n".encode()
                 + body)
    await writer.drain()
