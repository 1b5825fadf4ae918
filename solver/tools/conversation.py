"""A tool-integrated conversation: the model thinks, calls tools, reads their results, and finally answers.

Each model turn is one chat call with the tools offered; the calls it makes are read by `select_calls` and run
by a `ToolExecutor`, their results sent back as `tool` messages. The conversation ends when a turn makes no call
(its answer is the final one), when the response budget over the whole conversation is spent, or when the model
keeps calling past its cap (each call past it is answered CALL_CAP_MESSAGE; a few such turns and it ends).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .executor import ToolExecutor
from .parsing import select_calls, strip_calls
from .schemas import TOOLS

CALL_CAP_MESSAGE = "no more tool calls: give your final answer"
"""The result of every call past the cap (the paper's protocol allows 100)."""
TURNS_PAST_CAP = 3
"""Turns the model gets after its first refused call before the conversation ends without a final answer."""


@dataclass
class ConversationLimits:
    """The protocol's limits (Nemotron-Cascade-2 paper §6.2: up to 100 calls, 131k of response)."""

    max_calls: int = 100
    """Tool calls answered per conversation (malformed ones included); later ones get CALL_CAP_MESSAGE."""
    response_tokens: int = 131_072
    """Completion tokens over the whole conversation (every turn's thinking and answer)."""
    turn_tokens: int | None = None
    """Completion tokens one turn may take (None: what is left of `response_tokens`)."""


@dataclass
class Conversation:
    """What a conversation produced and cost."""

    answer: str = ""
    """The final turn's answer (its code block is the sample)."""
    finish_reason: str = "stop"
    """stop | length (the response budget ran out) | tool_cap (it kept calling past the cap)."""
    calls: int = 0
    """Tool calls run (refused calls past the cap not counted)."""
    refused_calls: int = 0
    malformed_calls: int = 0
    turns: int = 0
    prompt_tokens: int = 0
    """Summed over turns: each turn's prompt holds the whole conversation so far."""
    completion_tokens: int = 0
    reasoning_tokens: int = 0
    sandbox_s: float = 0.0
    """Wall seconds spent in tool calls."""
    log: list[dict] = field(default_factory=list)
    """Per call: tool, origin, status, seconds (for the journal)."""

    def to_json(self) -> dict:
        return {"calls": self.calls, "refused_calls": self.refused_calls, "malformed_calls": self.malformed_calls,
                "turns": self.turns, "sandbox_s": round(self.sandbox_s, 3), "finish_reason": self.finish_reason,
                "log": self.log}


async def converse(client, messages: list[dict], executor: ToolExecutor, limits: ConversationLimits,
                   **params) -> Conversation:
    """Run a conversation from MESSAGES (not changed) with CLIENT (a ModelClient); PARAMS go to every call."""
    messages = list(messages)
    tools = [TOOLS[name] for name in executor.offered]
    result = Conversation()
    turns_past_cap = 0
    while True:
        left = limits.response_tokens - result.completion_tokens
        if left <= 0:
            result.finish_reason = "length"
            return result
        budget = min(left, limits.turn_tokens or left)
        completion = await client.chat(messages, n=1, tools=tools, max_tokens=budget, **params)
        sample, usage = completion.samples[0], completion.usage
        result.turns += 1
        result.prompt_tokens += usage.prompt_tokens
        result.completion_tokens += usage.completion_tokens
        result.reasoning_tokens += usage.reasoning_tokens
        calls = select_calls(sample.answer, sample.reasoning, sample.tool_calls)
        result.answer = sample.answer
        if not calls:
            result.finish_reason = "length" if sample.finish_reason == "length" else "stop"
            return result
        ids = [call.id or f"call_{result.turns}_{i}" for i, call in enumerate(calls)]
        # calls read from the text leave it and travel as tool_calls, as server-parsed ones do; the turn's thought
        # rides along as reasoning_content, for templates that keep the thinking between tool calls
        turn = {"role": "assistant", "content": strip_calls(sample.answer),
                "tool_calls": [call.openai(i) for call, i in zip(calls, ids)]}
        if sample.reasoning:
            turn["reasoning_content"] = sample.reasoning
        messages.append(turn)
        refused_this_turn = False
        for call, call_id in zip(calls, ids):
            if result.calls + result.malformed_calls >= limits.max_calls:
                result.refused_calls += 1
                refused_this_turn = True
                text = CALL_CAP_MESSAGE
            else:
                outcome = await executor.run(call)
                if outcome.status == "malformed":
                    result.malformed_calls += 1
                else:
                    result.calls += 1
                result.sandbox_s += outcome.wall_s
                result.log.append({"tool": call.name, "origin": call.origin, "status": outcome.status,
                                   "wall_s": round(outcome.wall_s, 3)})
                text = outcome.output
            messages.append({"role": "tool", "tool_call_id": call_id, "content": text})
        if refused_this_turn:
            turns_past_cap += 1
            if turns_past_cap > TURNS_PAST_CAP:
                result.finish_reason = "tool_cap"
                return result


def with_system_line(messages: list[dict], line: str) -> list[dict]:
    """A copy of MESSAGES with LINE appended to the system prompt (a system message is added when there is none):
    how a tool protocol is switched on, for eval's conversations and the agent's alike."""
    out = [dict(m) for m in messages]
    if out and out[0]["role"] == "system":
        out[0]["content"] = out[0]["content"].rstrip("\n") + "\n\n" + line
    else:
        out.insert(0, {"role": "system", "content": line})
    return out
