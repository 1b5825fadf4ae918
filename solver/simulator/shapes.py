"""What a simulated Nemotron reply says: thinking, then a line of prose, the scripted answer and a trailing
"sample run" block, as `vllm serve nvidia/Nemotron-Cascade-2-30B-A3B --reasoning-parser nemotron_v3` returns it.

A reply is planned once (`Plan`) and then sent token by token; a token is 4 characters of text, so that the
client's characters-to-tokens estimates match what the server counts. Thinking is sent as 4-character words.
"""
from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from typing import Callable, Literal, Union

#: The simulated tokenizer: this many characters a token (the agent's own estimate, 3 a token, stays above it).
CHARS_PER_TOKEN = 4
#: Thinking is made of these 3-letter words plus a space: one token each.
_WORDS = ("let", "try", "sum", "odd", "max", "min", "set", "dp_", "log", "fix", "way", "cut", "add", "run", "bit",
          "arr", "use", "yes", "not", "all", "end", "now", "new", "key", "map", "gcd", "mod", "two", "one", "big")
#: A server with the reasoning parser strips these; a server without it leaves them in the content.
THINK_OPEN, THINK_CLOSE = "<think>\n", "\n</think>\n\n"


@dataclass
class Lengths:
    """A reply-part length in tokens, drawn per reply: lognormal with this mean, clipped to [low, cap]."""

    mean: float
    sigma: float = 0.6
    """Spread of the lognormal (its log's standard deviation); 0 gives `mean` every time."""
    low: int = 1
    cap: int = 131_072
    """The longest the model writes (the recipe's per-call budget); the tail reaches it."""

    def draw(self, rng: random.Random) -> int:
        if self.sigma <= 0:
            return max(self.low, min(self.cap, int(self.mean)))
        mu = math.log(max(self.mean, 1.0)) - self.sigma ** 2 / 2  # so that the (unclipped) mean is `mean`
        return max(self.low, min(self.cap, int(rng.lognormvariate(mu, self.sigma))))


@dataclass
class ShapedAnswer:
    """The scripted answer with a reply shape for extraction tests (every field has a realistic default)."""

    text: str
    """The clean answer the model means, e.g. a ```cpp block."""
    prose: str = "Here is my solution."
    """The line of prose before the blocks."""
    trailing_block: str | None = "Sample run:\n```\n3\n```"
    """The untagged block the real model writes after the program; None leaves it out."""
    extra_blocks: list[str] = field(default_factory=list)
    """More code blocks before the answer (e.g. a first attempt the model then corrects)."""
    thinking_tokens: int | None = None
    """Thinking length; None draws it from the shape's distribution."""
    explanation_tokens: int | None = None
    """Prose tokens in the content before the program; None draws them."""
    think_in_content: bool = False
    """A server without the reasoning parser: `<think>…</think>` left at the start of the content."""
    content_null: bool = False
    """Content JSON null with the reasoning present and finish_reason "stop" (vLLM #39103's shape)."""
    cut: Literal["thought", "answer"] | None = None
    """Cut with finish_reason "length" in the middle of the thought or of the answer, whatever max_tokens says."""


Answerer = Callable[[list[dict]], Union[str, ShapedAnswer]]


@dataclass
class Plan:
    """One reply as it will be sent: `tokens` in all, the first `reasoning_tokens` of them thinking."""

    reasoning_tokens: int
    content: str | None
    """The content (thinking included for a server without the parser); None sends JSON null."""
    finish_reason: str
    cut: bool
    trailing_block: bool
    seed: int
    think_in_content: bool = False

    @property
    def content_tokens(self) -> int:
        return 0 if self.content is None else math.ceil(len(self.content) / CHARS_PER_TOKEN)

    @property
    def tokens(self) -> int:
        return (0 if self.think_in_content else self.reasoning_tokens) + self.content_tokens

    def reasoning_text(self, start: int, stop: int) -> str:
        """Thinking tokens [start, stop): cheap to make for any slice, so 30,000-token thoughts cost nothing."""
        if self.think_in_content:
            return ""
        stop = min(stop, self.reasoning_tokens)
        return "".join(_word(self.seed, i) for i in range(start, stop))

    def content_text(self, start: int, stop: int) -> str:
        """Content of tokens [start, stop), counted from the first token of the reply."""
        if self.content is None:
            return ""
        offset = 0 if self.think_in_content else self.reasoning_tokens
        a, b = max(start - offset, 0), max(stop - offset, 0)
        return self.content[a * CHARS_PER_TOKEN:b * CHARS_PER_TOKEN]


def _word(seed: int, i: int) -> str:
    return _WORDS[(seed * 7919 + i * 31 + (i >> 3)) % len(_WORDS)] + " "


@dataclass
class NemotronShape:
    """Turns a scripted answerer into Nemotron-shaped replies.

    `answer(messages)` gives the clean answer text (or a `ShapedAnswer`); the shape adds the thinking (in the
    reasoning field), the prose line, an explanation and the trailing sample-run block. Defaults give replies of
    ~45,000 tokens (~30,000 thinking); tests pass small `Lengths`."""

    answer: Answerer
    thinking: Lengths = field(default_factory=lambda: Lengths(30_000))
    """Thinking tokens per reply."""
    explanation: Lengths = field(default_factory=lambda: Lengths(15_000))
    """Prose tokens in the content before the program (the rest of a ~45k-token reply)."""
    reasoning_key: str = "reasoning"
    """The delta/message field of the thinking. vLLM renamed `reasoning_content` to `reasoning` (PR #27752) and
    removed the old name (PR #33402, Jan 2026); the model card asks for vLLM >= 0.17.1, which sends `reasoning`.
    Pass "reasoning_content" to play an older server."""

    def plan(self, messages: list[dict], max_tokens: int, rng: random.Random) -> Plan:
        """The reply to `messages`, cut at `max_tokens` as vLLM cuts it."""
        got = self.answer(messages)
        shaped = got if isinstance(got, ShapedAnswer) else ShapedAnswer(str(got))
        thinking = shaped.thinking_tokens if shaped.thinking_tokens is not None else self.thinking.draw(rng)
        explain = shaped.explanation_tokens if shaped.explanation_tokens is not None else self.explanation.draw(rng)
        seed = rng.randrange(1 << 30)
        parts = [shaped.prose]
        if explain > 1:
            filler = "".join(_word(seed + 1, i) for i in range(explain - 1)).rstrip()
            parts.append(filler + ".")
        parts += shaped.extra_blocks + [shaped.text]
        if shaped.trailing_block:
            parts.append(shaped.trailing_block)
        answer = "\n\n".join(p for p in parts if p) + "\n"
        if shaped.think_in_content:
            thought = "".join(_word(seed, i) for i in range(thinking))
            answer = THINK_OPEN + thought + THINK_CLOSE + answer
        plan = Plan(reasoning_tokens=thinking, content=answer, finish_reason="stop", cut=False,
                    trailing_block=bool(shaped.trailing_block), seed=seed, think_in_content=shaped.think_in_content)
        if shaped.content_null:
            plan.content = None
            return plan
        limit = max_tokens
        if shaped.cut == "thought":
            limit = min(limit, max(1, thinking // 2))
        elif shaped.cut == "answer":
            limit = min(limit, plan.tokens - max(1, plan.content_tokens // 2))
        return cut(plan, limit)


def cut(plan: Plan, limit: int) -> Plan:
    """The plan stopped after `limit` tokens with finish_reason "length" (unchanged when it fits)."""
    if plan.tokens <= limit:
        return plan
    plan.cut, plan.finish_reason, plan.trailing_block = True, "length", False
    if plan.think_in_content:
        plan.content = plan.content[:limit * CHARS_PER_TOKEN] if plan.content is not None else None
    elif limit <= plan.reasoning_tokens:
        # cut in the thought: the parser never saw the end of thinking, so the content is null
        plan.reasoning_tokens, plan.content = limit, None
    elif plan.content is not None:
        plan.content = plan.content[:(limit - plan.reasoning_tokens) * CHARS_PER_TOKEN]
    return plan
