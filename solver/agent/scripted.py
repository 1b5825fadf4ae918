"""A scripted model in process: answers are a function of the prompt, given at once, with no server. It has the
`ChatModel` shape, so the whole agent runs on it; `cpsolve bench agent` uses it to measure the pipeline alone."""
from __future__ import annotations

from typing import Callable

from .llm import DEFAULT_COMPLETION_TOKENS, ModelInfo, Reply


class ScriptedModel:
    """ANSWER maps the chat messages to the reply text; usage counts words, as a stand-in for tokens."""

    def __init__(self, answer: Callable[[list[dict]], str], model: str = "scripted", batch_size: int = 64,
                 max_model_len: int | None = None):
        self.answer = answer
        self._info = ModelInfo(model=model, max_model_len=max_model_len, completion_tokens=DEFAULT_COMPLETION_TOKENS,
                               batch_size=batch_size)
        self.calls = 0

    async def info(self) -> ModelInfo:
        return self._info

    async def chat(self, messages: list[dict], *, n: int = 1, max_tokens: int | None = None,
                   temperature: float | None = None, thinking_budget: int | None = None) -> list[Reply]:
        self.calls += n
        prompt = sum(len(m["content"].split()) for m in messages)
        texts = [self.answer(messages) for _ in range(n)]
        return [Reply(text=t, prompt_tokens=prompt if i == 0 else 0, completion_tokens=len(t.split()))
                for i, t in enumerate(texts)]
