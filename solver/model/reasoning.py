"""Keep a model's reasoning apart from its answer.

Two sources, in order of trust: the server's own split (vLLM's `reasoning_content`, renamed `reasoning` in newer
releases, when it runs with a reasoning parser), else `<think>…</think>` tags parsed out of the text. Tags are
removed from the answer even when the server split the reply too: a parser that missed a second thought leaves it
in `content`, and code written while thinking is a draft the model did not choose.

A reply is cut (`unterminated`) when it opened a thought and never closed it, or when the server sent reasoning and
no answer at all (vLLM sends `content: null` until the end tag arrives, so a reply that stopped thinking at the
budget, or ended without ever answering, looks like that). Its answer part is empty for a reason the agent must
know (raise the budget), not because the model had nothing to say.
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
    """What the model meant the user to read, every `<think>…</think>` removed."""
    unterminated: bool
    """The reply has no finished answer because it stopped while still thinking (budget exhausted), or it sent
    reasoning and no answer at all: `answer` is empty or partial for that reason."""


def split_reasoning(content: str | None, reasoning: str | None = None, finish_reason: str | None = None) -> Split:
    """Split a reply into reasoning and answer.

    `reasoning` is the server's reasoning field when it sent one; `content` may still hold thoughts in tags, which
    join it. `finish_reason` is kept for callers' symmetry: a cut is told from the text itself (an open tag, or
    reasoning with no answer), whatever the server says about why it stopped.
    """
    thoughts, answer, open_thought = strip_thoughts(content or "")
    if reasoning:
        thought = "\n".join(t for t in (reasoning, thoughts) if t)
        return Split(reasoning=thought, answer=answer, unterminated=open_thought or not answer.strip())
    return Split(reasoning=thoughts, answer=answer, unterminated=open_thought)


def strip_thoughts(text: str) -> tuple[str, str, bool]:
    """(thoughts, the text without them, whether the last thought never closed).

    A `</think>` before any `<think>` closes a thought the chat template opened in the prompt, so what precedes it
    is thought. Text with no tag at all comes back unchanged."""
    if THINK_OPEN not in text and THINK_CLOSE not in text:
        return "", text, False
    thoughts: list[str] = []
    kept: list[str] = []
    rest = text
    close, opened = rest.find(THINK_CLOSE), rest.find(THINK_OPEN)
    if close >= 0 and (opened < 0 or close < opened):
        thoughts.append(rest[:close])
        rest = rest[close + len(THINK_CLOSE):]
    open_thought = False
    while rest:
        opened = rest.find(THINK_OPEN)
        if opened < 0:
            kept.append(rest)
            break
        kept.append(rest[:opened])
        close = rest.find(THINK_CLOSE, opened + len(THINK_OPEN))
        if close < 0:
            thoughts.append(rest[opened + len(THINK_OPEN):])
            open_thought = True
            break
        thoughts.append(rest[opened + len(THINK_OPEN):close])
        rest = rest[close + len(THINK_CLOSE):]
    thought = "\n".join(t.strip() for t in thoughts if t.strip())
    return thought, "".join(kept).strip(), open_thought
