"""What a model client is configured with (`ClientConfig`) and the messages it sends (`Message`): apart from the
client itself, so the retry mechanism (retry.py) and the endpoint pool (endpoints.py) read them without importing
the client."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NotRequired, TypedDict


class Message(TypedDict):
    """One chat message: system, user, assistant (with the tool calls it made, if any) or tool (one call's
    result, answering `tool_call_id`)."""

    role: str
    content: str
    tool_calls: NotRequired[list[dict]]
    """Assistant turns only: OpenAI's [{"id", "type": "function", "function": {"name", "arguments"}}]."""
    tool_call_id: NotRequired[str]
    """Tool turns only: the id of the call this message answers."""


def message_chars(message: Message) -> int:
    """Characters a message puts in the prompt: its content (None or absent on a turn that only calls tools) and
    the arguments of its tool calls."""
    calls = message.get("tool_calls") or []
    return len(message.get("content") or "") + sum(len(c.get("function", {}).get("arguments") or "") + 16
                                                   for c in calls)


@dataclass
class ClientConfig:
    """How to reach the model and how hard to try."""

    base_url: str
    """The API root, ending in /v1 (e.g. http://127.0.0.1:8000/v1)."""
    model: str | None = None
    """Model id to ask for; None takes the first one the server lists at /v1/models."""
    api_key: str | None = None
    """Sent as a bearer token when set (local vLLM needs none)."""
    max_sequences: int = 64
    """Sequences in flight at once, a request for n samples counting n: enough to fill the server's batch."""
    timeout_s: float = 600.0
    """Longest silence while waiting for the response (between chunks when streaming)."""
    connect_timeout_s: float = 10.0
    """Longest wait to open a connection."""
    max_attempts: int = 4
    """Tries per call, the first included, before giving up on a busy server (429, 500, a garbled answer)."""
    outage_patience_s: float = 900.0
    """How long calls wait for a server that stopped answering (restart, OOM kill, network loss) to answer
    /v1/models again before they fail; 0 fails at once (EndpointPool moves the request to another server)."""
    probe_s: float = 2.0
    """How often /v1/models is asked while the server is down."""
    backoff_initial_s: float = 0.5
    """First wait between tries; it doubles each time, with up to as much again added at random."""
    backoff_max_s: float = 30.0
    """Longest single wait between tries."""
    stream: bool = True
    """Stream the response: a dead server is noticed within `timeout_s` even during a long generation."""
    native_n: bool = True
    """The server takes `n` > 1 itself; False sends n single requests in parallel and merges them."""
    sampling: dict[str, Any] = field(default_factory=dict)
    """Defaults merged into every request body (temperature, top_p, chat_template_kwargs, …)."""
    recipe: str | None = None
    """The model recipe this configuration came from (recorded in a run directory), None for a bare endpoint."""
    max_model_len: int | None = None
    """Context length to assume when the server does not report one at /v1/models (the recipe's --max-model-len)."""
    max_completion_tokens: int | None = None
    """Per-call completion budget the recipe asks for (thinking and answer together); None: the caller decides."""
    thinking_budget: int | None = None
    """vLLM's `thinking_token_budget` where the server honours it (see Recipe.thinking_budget); None: not sent."""
