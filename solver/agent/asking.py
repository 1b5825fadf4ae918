"""One journaled model call: a prompt that fits the model's context, a completion budget from the recipe, a reply
whose thinking was cut off asked again (not repaired), and the reasoning kept compressed in the run directory.

The call's key names what it depends on; a resample takes the key plus `~N`, so a resumed run walks the same
keys and replays every attempt that finished.
"""
from __future__ import annotations

import contextvars
import gzip
import os
from pathlib import Path
from typing import Callable

from ..model.wire import ModelError
from .config import AgentConfig
from .cuts import ReplyTally, cut_reason
from .journal import Journal
from .llm import ChatModel, ModelInfo
from .prompts import fit_messages

#: Completion tokens of the lineage the current task runs, when one does (set by the drafting pool).
LINEAGE_TOKENS: contextvars.ContextVar[list[int] | None] = contextvars.ContextVar("lineage_tokens", default=None)
#: Part of a completion budget kept for the answer when vLLM's thinking budget is sent.
ANSWER_SHARE, ANSWER_MAX = 0.25, 8192
#: Times a call is tried again with a tighter prompt after the server said it does not fit.
OVERFLOW_RETRIES = 2


class ThinkingCutOff(Exception):
    """Every sample of a call ran out of completion budget before its answer was complete."""


def is_context_overflow(error: ModelError) -> bool:
    """A 400 that says the prompt plus completion exceed the model's context (vLLM's wording, and OpenAI's)."""
    cause = error.cause.lower()
    return error.status == 400 and any(s in cause for s in ("maximum context length", "max_model_len",
                                                            "context window", "context_length_exceeded"))


class Asker:
    """The agent's model calls: fitted, journaled, resampled when cut off, traced."""

    def __init__(self, model: ChatModel, journal: Journal, config: AgentConfig, tokens: dict[str, int],
                 check_limits: Callable[[], None], replies: ReplyTally | None = None,
                 on_reply: Callable[[], None] = lambda: None):
        self.model, self.journal, self.config, self.tokens = model, journal, config, tokens
        self.check_limits = check_limits
        self.replies = replies if replies is not None else ReplyTally(stop_rule=False)
        """Replies and cut replies (the live view and the result show them). Most cut stops the calls only with
        the caller's own tally (the agent's); without one (eval) they are counted and every call is made."""
        self.on_reply = on_reply
        """Called after each reply is counted: the live view shows cuts as they come, not at the next candidate."""
        self.token_factor = 1.0
        """Grows when the server finds a prompt longer than estimated: later estimates are scaled up by it."""
        self._info: ModelInfo | None = None

    async def info(self) -> ModelInfo:
        if self._info is None:
            self._info = await self.model.info()
        return self._info

    async def ask(self, key: str, template: str, context: dict) -> str:
        """The answer text of one call (reasoning kept apart); ThinkingCutOff when every resample was cut off,
        MostRepliesCut (a BudgetExhausted) when most of this session's replies were."""
        info = await self.info()
        completion = self.config.max_completion_tokens or info.completion_tokens
        for attempt in range(self.config.resample_attempts + 1):
            step_key = f"model:{key}" if attempt == 0 else f"model:{key}~{attempt}"
            fresh = step_key not in self.journal.done
            if fresh:
                self.replies.check(completion)  # no new call once most replies are cut
            data = await self.journal.once(step_key, "model_call",
                                           lambda k=step_key: self._call(k, template, context, completion, info))
            self.tokens["prompt"] += data["usage"]["prompt"]
            self.tokens["completion"] += data["usage"]["completion"]
            lineage = LINEAGE_TOKENS.get()
            if lineage is not None:
                lineage[0] += data["usage"]["completion"]
            self.replies.count(cut_reason(data["finish_reason"], data["thinking_unterminated"]), fresh)
            self.on_reply()
            if fresh:
                self.replies.check(completion)
            if not data.get("cut_off", False):
                return data["text"]
        raise ThinkingCutOff(f"{key}: the completion budget ran out before the answer, "
                             f"{self.config.resample_attempts + 1} times")

    async def _call(self, step_key: str, template: str, context: dict, completion: int, info: ModelInfo) -> dict:
        self.check_limits()
        for retry in range(OVERFLOW_RETRIES + 1):
            fitted = fit_messages(template, context, completion, info.max_model_len, self.token_factor)
            thinking = None
            if info.thinking_budget is not None:
                # the thought must end with room left for the answer inside the completion budget
                answer = min(ANSWER_MAX, int(fitted.max_tokens * ANSWER_SHARE))
                thinking = max(1, min(info.thinking_budget, fitted.max_tokens - answer))
            try:
                reply = (await self.model.chat(fitted.messages, n=1, max_tokens=fitted.max_tokens,
                                               temperature=self.config.temperature, thinking_budget=thinking))[0]
                break
            except ModelError as e:
                if retry == OVERFLOW_RETRIES or not is_context_overflow(e):
                    raise
                # our estimate was short for this tokenizer: count every later prompt as longer
                self.token_factor *= 1.5
        # cut off: the thought never ended, or the answer stopped at the budget (a program cut mid-way)
        cut_off = reply.thinking_unterminated or reply.finish_reason == "length"
        return {"purpose": template, "messages": fitted.messages, "text": reply.text,
                "reasoning_chars": len(reply.reasoning), "reasoning_file": self._save_trace(step_key, reply.reasoning),
                "finish_reason": reply.finish_reason, "thinking_unterminated": reply.thinking_unterminated,
                "cut_off": cut_off, "max_tokens": fitted.max_tokens, "thinking_budget": thinking,
                "clip_scale": list(fitted.scale), "latency": round(reply.latency, 3),
                "usage": {"prompt": reply.prompt_tokens, "completion": reply.completion_tokens,
                          "reasoning": reply.reasoning_tokens}}

    def _save_trace(self, step_key: str, reasoning: str) -> str | None:
        """RUN_DIR/reasoning/<key>.txt.gz, written whole before the journal names it."""
        if not reasoning:
            return None
        folder = self.journal.run_dir / "reasoning"
        folder.mkdir(exist_ok=True)
        name = step_key.removeprefix("model:").replace(":", "_").replace("/", "_") + ".txt.gz"
        path = folder / name
        tmp = path.with_suffix(".tmp")
        with gzip.open(tmp, "wt", encoding="utf-8") as f:
            f.write(reasoning)
        os.replace(tmp, path)
        return str(Path("reasoning") / name)
