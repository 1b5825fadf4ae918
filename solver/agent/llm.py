"""What the agent needs from a model: chat completions with usage, and what the model is. Any client with this
shape works (`solver.agent.scripted.ScriptedModel` is one without HTTP, for benchmarks)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from ..model.identity import UNREPORTED_CALL_TOKENS

#: Per-call completion budget of a client configured without one (a real endpoint's comes from its identity:
#: solver/model/identity.py states the rule).
DEFAULT_COMPLETION_TOKENS = UNREPORTED_CALL_TOKENS


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


@dataclass(frozen=True)
class ModelInfo:
    """What the agent plans with: which model, how much fits in one call, how many calls keep it busy."""

    model: str
    """The model id the server answers to (recorded in run.json)."""
    recipe: str | None = None
    """The recipe it is served and sampled with, None for a bare endpoint."""
    max_model_len: int | None = None
    """Prompt + completion tokens the server accepts in one call; None when it does not say."""
    completion_tokens: int = DEFAULT_COMPLETION_TOKENS
    """The per-call completion budget (thinking and answer): the recipe's, or derived from the server's context."""
    thinking_budget: int | None = None
    """vLLM's thinking_token_budget, sent only where the recipe says the server honours it."""
    batch_size: int = 1
    """Requests the client keeps in flight (the recipe's max_sequences): fewer leave the server's batch idle."""


class ChatModel(Protocol):
    async def chat(self, messages: list[dict], *, n: int = 1, max_tokens: int | None = None,
                   temperature: float | None = None, thinking_budget: int | None = None) -> list[Reply]: ...

    async def info(self) -> ModelInfo: ...


class ClientModel:
    """The agent's view of `solver.model.client.ModelClient`: one Reply per sample, usage split evenly."""

    def __init__(self, client):
        self.client = client
        self._info: ModelInfo | None = None

    async def info(self) -> ModelInfo:
        if self._info is None:
            cfg = self.client.config
            self._info = ModelInfo(model=await self.client.model_id(), recipe=cfg.recipe,
                                   max_model_len=await self.client.max_model_len(),
                                   completion_tokens=cfg.max_completion_tokens or DEFAULT_COMPLETION_TOKENS,
                                   thinking_budget=cfg.thinking_budget, batch_size=cfg.max_sequences)
        return self._info

    async def chat(self, messages: list[dict], *, n: int = 1, max_tokens: int | None = None,
                   temperature: float | None = None, thinking_budget: int | None = None) -> list[Reply]:
        params = {}
        if max_tokens is not None:
            params["max_tokens"] = max_tokens
        if temperature is not None:
            params["temperature"] = temperature
        if thinking_budget is not None:
            params["thinking_token_budget"] = thinking_budget
        completion = await self.client.chat(messages, n=n, **params)
        u = completion.usage
        k = max(1, len(completion.samples))
        return [Reply(text=s.answer, reasoning=s.reasoning, finish_reason=s.finish_reason,
                      prompt_tokens=u.prompt_tokens if i == 0 else 0, completion_tokens=u.completion_tokens // k,
                      reasoning_tokens=u.reasoning_tokens // k, latency=u.latency_s,
                      thinking_unterminated=s.unterminated_reasoning)
                for i, s in enumerate(completion.samples)]
