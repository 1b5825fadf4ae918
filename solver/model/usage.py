"""Usage records: one per model call, the raw material of the agent's cost report."""
from __future__ import annotations

import json
from contextvars import ContextVar
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Protocol


@dataclass(frozen=True)
class Usage:
    """What one chat-completion call cost."""

    model: str
    """The model id the server answered with."""
    prompt_tokens: int
    """Tokens in the prompt (counted once, even with `n` > 1)."""
    completion_tokens: int
    """Tokens generated, all samples together, reasoning included."""
    reasoning_tokens: int
    """The part of `completion_tokens` spent thinking."""
    reasoning_estimated: bool
    """The server gave no reasoning count, so it was apportioned by characters."""
    latency_s: float
    """Wall time of the successful attempt, request sent to last byte."""
    finish_reasons: tuple[str, ...]
    """Per sample: "stop", "length", … ("unknown" where the server sent none)."""
    attempts: int = 1
    """Tries it took (1 = no retry)."""
    n: int = 1
    """Samples asked for."""
    server: str = ""
    """The API root that answered, when several serve the model ("" with one)."""
    tokens_estimated: bool = False
    """The server sent no token count: `completion_tokens` is estimated from the text (solver/model/tokens.py)."""
    lost: bool = False
    """An attempt that returned no completion (its stream dropped, it was cancelled): `completion_tokens` is the
    estimate of what it streamed before it ended, spent all the same."""

    def to_json(self) -> dict:
        return asdict(self)


@dataclass
class UsageLog:
    """Every call's usage, in order, with totals; appended to a JSONL file as each call ends when `path` is set."""

    path: Path | None = None
    """Where records are appended (one JSON object a line); None keeps them in memory only."""
    records: list[Usage] = field(default_factory=list)
    """The calls so far."""

    def add(self, usage: Usage) -> None:
        """Record one call (and append it to the file)."""
        self.records.append(usage)
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a") as f:
                f.write(json.dumps(usage.to_json()) + "\n")

    def totals(self) -> dict:
        """Calls, tokens by kind, summed latency and finish-reason counts across all records."""
        reasons: dict[str, int] = {}
        for r in self.records:
            for reason in r.finish_reasons:
                reasons[reason] = reasons.get(reason, 0) + 1
        return {
            "calls": len(self.records),
            "samples": sum(len(r.finish_reasons) for r in self.records),
            "prompt_tokens": sum(r.prompt_tokens for r in self.records),
            "completion_tokens": sum(r.completion_tokens for r in self.records),
            "reasoning_tokens": sum(r.reasoning_tokens for r in self.records),
            "latency_s": round(sum(r.latency_s for r in self.records), 3),
            "retries": sum(r.attempts - 1 for r in self.records),
            "lost_attempts": sum(r.lost for r in self.records),
            "finish_reasons": reasons,
        }


class TokenMeter(Protocol):
    """A caller that bounds the tokens of all its calls in flight together (the agent's token budget)."""

    def streaming(self, tokens: int) -> None:
        """TOKENS more were streamed by an attempt in flight (estimated); raising here stops that call."""

    def settled(self, streamed: int, lost: bool) -> None:
        """An attempt that had streamed STREAMED tokens ended; LOST: no completion will report them (dropped,
        cancelled, stopped), so they are spent as estimated."""


#: The meter of the task making a call, when its caller set one (the client reports to it; nobody else needs to).
TOKEN_METER: ContextVar[TokenMeter | None] = ContextVar("token_meter", default=None)
