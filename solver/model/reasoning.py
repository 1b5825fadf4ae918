"""Keep a model's reasoning apart from its answer.

Two sources, in order of trust: the server's own split (vLLM's `reasoning_content`, renamed `reasoning` in newer
releases, when it runs with a reasoning parser), else `<think>…</think>` tags parsed out of the text. A reply that
opened a thought and never closed it ran out of budget while thinking; that is reported, because its answer part is
empty for a reason the agent must know (raise the budget or stop thinking), not because the model had nothing to say.
"""
from __future__ import annotations

from dataclasses import dataclass

THINK_OPEN = "<think>"
THINK_CLOSE = "</think>"


@dataclass(frozen=True)
class Split:
    """One reply, divided."""

    reasoning: str
    """The thinking, without its tags ("" when the model did not think)."""
    answer: str
    """What the model meant the user to read."""
    unterminated: bool
    """The reply stopped while still thinking (budget exhausted): `answer` is empty or partial for that reason."""


def split_reasoning(content: str | None, reasoning: str | None = None, finish_reason: str | None = None) -> Split:
    """Split a reply into reasoning and answer.

    `reasoning` is the server's reasoning field when it sent one; `finish_reason` tells a server-side split that
    ended mid-thought ("length" with no answer) from one that finished thinking and answered.
    """
    content = content or ""
    if reasoning:
        # vLLM's parsers leave `content` empty until the end tag arrives, so an empty answer on a
        # length stop means the thought was cut, whatever the parser itself would have said
        cut = finish_reason == "length" and not content.strip()
        return Split(reasoning=reasoning, answer=content, unterminated=cut)
    close = content.find(THINK_CLOSE)
    if close >= 0:
        # the chat template may have put <think> in the prompt, so the opening tag is optional here
        head = content[:close]
        opened = head.find(THINK_OPEN)
        thought = head[opened + len(THINK_OPEN):] if opened >= 0 else head
        return Split(reasoning=thought.strip(), answer=content[close + len(THINK_CLOSE):].strip(), unterminated=False)
    opened = content.find(THINK_OPEN)
    if opened >= 0:
        return Split(reasoning=content[opened + len(THINK_OPEN):].strip(), answer=content[:opened].strip(),
                     unterminated=True)
    return Split(reasoning="", answer=content, unterminated=False)
