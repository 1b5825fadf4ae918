"""What the agent needs from a model: chat completions with usage. Any client that has this shape works."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass
class Reply:
    text: str
    """The answer without the reasoning."""
    reasoning: str = ""
    finish_reason: str = "stop"
    prompt_tokens: int = 0
    completion_tokens: int = 0
    reasoning_tokens: int = 0
    latency: float = 0.0
    thinking_unterminated: bool = False


class ChatModel(Protocol):
    async def chat(self, messages: list[dict], *, n: int = 1, max_tokens: int | None = None,
                   temperature: float | None = None) -> list[Reply]: ...


class ClientModel:
    """The agent's view of `solver.model.client.ModelClient`: one Reply per sample, usage split evenly."""

    def __init__(self, client):
        self.client = client

    async def chat(self, messages: list[dict], *, n: int = 1, max_tokens: int | None = None,
                   temperature: float | None = None) -> list[Reply]:
        params = {}
        if max_tokens is not None:
            params["max_tokens"] = max_tokens
        if temperature is not None:
            params["temperature"] = temperature
        completion = await self.client.chat(messages, n=n, **params)
        u = completion.usage
        k = max(1, len(completion.samples))
        return [Reply(text=s.answer, reasoning=s.reasoning, finish_reason=s.finish_reason,
                      prompt_tokens=u.prompt_tokens if i == 0 else 0, completion_tokens=u.completion_tokens // k,
                      reasoning_tokens=u.reasoning_tokens // k, latency=u.latency_s,
                      thinking_unterminated=s.unterminated_reasoning)
                for i, s in enumerate(completion.samples)]
