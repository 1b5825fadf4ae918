"""The project's one token estimate, for text no tokenizer has counted: prompts fitted to the context, requests
spread over servers, and tokens a server generated but never reported (a cut stream, a cancelled call)."""
from __future__ import annotations

#: Characters per token for text that is not digits: conservative (most tokenizers average nearer 4).
CHARS_PER_TOKEN = 3


def tokens_for(chars: int, digits: int = 0) -> int:
    """Tokens in CHARS characters of which DIGITS are digits: a token per 3 other characters, rounded up, and a
    token per digit (many tokenizers split numbers into digits, and test data is mostly numbers)."""
    return (chars - digits + CHARS_PER_TOKEN - 1) // CHARS_PER_TOKEN + digits


def text_tokens(text: str) -> int:
    """The estimate for TEXT (see tokens_for)."""
    return tokens_for(len(text), sum(ch.isdigit() for ch in text))
