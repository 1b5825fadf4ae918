"""Drafts and repairs as tool-integrated conversations (`tools: true`): the model thinks, calls `python` and
`run_cpp` in a sandbox session that holds the task's samples, reads the results, and finally answers. The answer
is then treated like any other draft's (compiled, judged on the samples, stress-tested, clustered, submitted).

The conversation is solver/tools/conversation.py's `converse`, run through two journaling wrappers:
- `JournaledModel` journals every model turn as it returns (`tool_turn:<step>:<n>`) and counts its tokens in the
  task's count at once (prompt tokens too: they grow every turn) and in the token bound (TOKEN_METER), so a
  conversation cannot outspend the budget between turns;
- `JournaledExecutor` journals every tool call with its result (`tool_call:<step>:<n>`).
A resumed run feeds the model the journaled turns and results (no model call, no new result). The interpreter
died with the killed process, so its state is rebuilt by running the journaled python calls again, in order,
in a fresh session; run_cpp keeps no state and is not re-run. Where a re-run call prints something else than it
did (randomness, time), the model still gets the journaled result it saw, the divergence is journaled
(`tool_replay_diverged`), and the next live result starts with a note saying which calls differ, so the model
knows variables they set may not be what it saw.

The model client takes a GPU slot per request and gives it back when the turn's reply is in: a conversation
waiting on its sandbox holds no slot, so another lineage's request takes it (the pool runs more lineages than
slots when tools are on: loop.py).
"""
from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from types import SimpleNamespace

from sandbox.session import SessionLimits, ToolOutcome

from ..model.tokens import text_tokens
from ..model.usage import TOKEN_METER
from ..problems.model import Problem
from ..tools.conversation import ConversationLimits, converse, with_system_line
from ..tools.executor import ToolExecutor
from ..tools.parsing import ToolCall
from ..tools.setup import problem_session
from .budget import BudgetExhausted
from .prompts import MIN_COMPLETION, PromptTooLong, estimate_tokens

AGENT_TOOLS = ["python", "run_cpp"]
"""The tools a drafting conversation offers."""
TOOL_LINE = ("While you think you may call tools, up to {max_calls} times in all: `python`, a stateful Python "
             "interpreter (variables persist between calls), and `run_cpp`, which compiles a C++ source with this "
             "task's compiler flags and runs it on an input you give. The statement's samples are files in "
             "/work/samples (NAME.in, NAME.out). Test your ideas and your program with them, then give your final "
             "answer as asked, with the complete program in one code block.")
"""Appended to the system prompt of a drafting or repair conversation."""
REPLAY_NOTE = ("[note: the session was restarted and its interpreter rebuilt by running your earlier python calls "
               "again; call(s) {calls} printed something different this time, so what they set may differ from "
               "what you saw]\n")


def with_tool_line(messages: list[dict], max_calls: int) -> list[dict]:
    """MESSAGES with TOOL_LINE appended to the system prompt (one is added when there is none)."""
    return with_system_line(messages, TOOL_LINE.format(max_calls=max_calls))


def conversation_tokens(messages: list[dict], factor: float = 1.0) -> int:
    """The prompt estimate (prompts.estimate_tokens) with what it does not read: the calls' arguments and the
    thoughts carried along (counted although a template may drop them: an estimate must not come out short)."""
    extra = sum(text_tokens(json.dumps(m.get("tool_calls", []))) + text_tokens(m.get("reasoning_content") or "")
                for m in messages if m["role"] == "assistant")
    return estimate_tokens(messages, factor) + int(extra * factor)


@dataclass
class Spent:
    """Tokens a conversation has counted so far, turn by turn (taken back when its whole record is counted)."""

    prompt: int = 0
    completion: int = 0


class JournaledModel:
    """The model side of a conversation: journaled turns fed back, live turns asked for, journaled, counted."""

    def __init__(self, asker, step_key: str, spent: Spent):
        self.asker, self.step_key, self.spent = asker, step_key, spent
        self.client = asker.model.client
        self.turn = 0
        self.reasoning: list[str] = []

    async def chat(self, messages: list[dict], n: int = 1, max_tokens: int | None = None, **params):
        key = f"tool_turn:{self.step_key}:{self.turn}"
        self.turn += 1
        event = self.asker.journal.done.get(key)
        if event is None:
            self.asker.check_limits()
            left = self.asker.bound.left()
            if left is not None and left <= 0:
                raise BudgetExhausted("token budget spent")
            if left is not None and max_tokens is not None:
                max_tokens = min(max_tokens, left)
            window = (await self.asker.info()).max_model_len
            if window is not None and max_tokens is not None:
                # the prompt grows every turn: the turn asks for what the model's context still has room for
                room = window - conversation_tokens(messages, self.asker.token_factor)
                if room < MIN_COMPLETION:
                    raise PromptTooLong(f"{self.step_key}: the conversation no longer fits the model's context "
                                        f"({window} tokens)")
                max_tokens = min(max_tokens, room)
            TOKEN_METER.set(self.asker.bound)  # this turn's streaming reports to the task's bound
            completion = await self.client.chat(messages, n=n, max_tokens=max_tokens, **params)
            s, u = completion.samples[0], completion.usage
            data = {"answer": s.answer, "reasoning": s.reasoning, "finish_reason": s.finish_reason,
                    "unterminated": s.unterminated_reasoning, "tool_calls": [dict(c) for c in s.tool_calls],
                    "usage": {"prompt": u.prompt_tokens, "completion": u.completion_tokens,
                              "reasoning": u.reasoning_tokens}}
            self.asker.journal.write({"key": key, "type": "tool_turn", "data": data})
        else:
            data = event["data"]
        usage = data["usage"]
        self.asker.count_tokens(usage["prompt"], usage["completion"])
        self.spent.prompt += usage["prompt"]
        self.spent.completion += usage["completion"]
        self.reasoning.append(data["reasoning"])
        sample = SimpleNamespace(answer=data["answer"], reasoning=data["reasoning"],
                                 finish_reason=data["finish_reason"], unterminated_reasoning=data["unterminated"],
                                 tool_calls=tuple(data["tool_calls"]))
        return SimpleNamespace(samples=[sample], usage=SimpleNamespace(
            prompt_tokens=usage["prompt"], completion_tokens=usage["completion"], reasoning_tokens=usage["reasoning"]))

    @property
    def last_unterminated(self) -> bool:
        event = self.asker.journal.done.get(f"tool_turn:{self.step_key}:{self.turn - 1}")
        return bool(event and event["data"]["unterminated"])


class JournaledExecutor(ToolExecutor):
    """Tool calls run in the session and journaled; journaled ones answered from the journal (python re-run to
    rebuild the interpreter, its output compared)."""

    def __init__(self, session, offered: list[str], journal, step_key: str):
        super().__init__(session, offered)
        self.journal, self.step_key = journal, step_key
        self.index = 0
        self.replay_s = 0.0
        """Sandbox seconds spent re-running journaled python calls on resume."""
        self.diverged: list[int] = []
        self._unreported: list[int] = []

    async def run(self, call: ToolCall) -> ToolOutcome:
        key = f"tool_call:{self.step_key}:{self.index}"
        number = self.index
        self.index += 1
        event = self.journal.done.get(key)
        if event is not None:
            data = event["data"]
            if data["tool"] == "python" and data["status"] != "malformed":
                again = await super().run(call)
                self.replay_s += again.wall_s
                if again.output != data["output"]:
                    self.diverged.append(number)
                    self._unreported.append(number)
                    self.journal.write({"type": "tool_replay_diverged", "data": {
                        "step": self.step_key, "call": number, "journaled": data["output"][:2000],
                        "now": again.output[:2000]}})
            return ToolOutcome(data["output"], data["status"], wall_s=data["wall_s"])
        outcome = await super().run(call)
        if self._unreported:
            outcome.output = REPLAY_NOTE.format(calls=", ".join(map(str, self._unreported))) + outcome.output
            self._unreported = []
        self.journal.write({"key": key, "type": "tool_call", "data": {
            "tool": call.name, "arguments": call.arguments, "origin": call.origin, "status": outcome.status,
            "output": outcome.output, "wall_s": round(outcome.wall_s, 3), "cpu_s": round(outcome.cpu_s, 3)}})
        return outcome


class ToolConversations:
    """Drafting and repair calls as tool conversations for one problem (the Asker routes them here)."""

    def __init__(self, problem: Problem, docker_client, image: str, max_calls: int,
                 limits: SessionLimits | None = None):
        self.problem, self.docker_client, self.image = problem, docker_client, image
        self.max_calls = max_calls
        self.limits = limits or SessionLimits()

    async def call(self, asker, step_key: str, messages: list[dict], completion: int, temperature) -> dict:
        """One conversation from MESSAGES (the fitted draft or repair prompt) with COMPLETION tokens of response
        over all its turns; returns the Asker's record of a model call plus the conversation's tool counts. Its
        turns' tokens are counted as they come and taken back here, so the Asker counts the record's totals."""
        spent = Spent()
        model = JournaledModel(asker, step_key, spent)
        session = problem_session(self.problem, self.docker_client, self.image, self.limits)
        # a container starts in a thread: the event loop keeps streaming the other lineages meanwhile
        await asyncio.to_thread(session.__enter__)
        try:
            executor = JournaledExecutor(session, AGENT_TOOLS, asker.journal, step_key)
            params = {} if temperature is None else {"temperature": temperature}
            conversation = await converse(model, with_tool_line(messages, self.max_calls), executor,
                                          ConversationLimits(max_calls=self.max_calls, response_tokens=completion),
                                          **params)
        finally:
            await asyncio.to_thread(session.close)
        asker.count_tokens(-spent.prompt, -spent.completion)
        unterminated = model.last_unterminated
        tools = conversation.to_json()
        tools.update(replay_s=round(executor.replay_s, 3), diverged=executor.diverged,
                     sandbox_s=round(conversation.sandbox_s, 3))
        return {"purpose": step_key.split(":")[1], "messages": messages, "text": conversation.answer,
                "reasoning_chars": sum(map(len, model.reasoning)),
                "reasoning_file": asker.save_trace(step_key, "\n\n".join(r for r in model.reasoning if r)),
                "finish_reason": conversation.finish_reason, "thinking_unterminated": unterminated,
                "cut_off": unterminated or conversation.finish_reason == "length", "max_tokens": completion,
                "thinking_budget": None, "clip_scale": [], "latency": 0.0,
                "usage": {"prompt": conversation.prompt_tokens, "completion": conversation.completion_tokens,
                          "reasoning": conversation.reasoning_tokens},
                "tools": tools}


def tool_totals(journal) -> dict:
    """Over a run's finished tool conversations: conversations, calls, turns, sandbox seconds (for the result)."""
    records = [e["data"]["tools"] for e in journal.done.values()
               if e.get("type") == "model_call" and "tools" in e["data"]]
    return {"conversations": len(records), "calls": sum(r["calls"] for r in records),
            "malformed_calls": sum(r["malformed_calls"] for r in records),
            "turns": sum(r["turns"] for r in records),
            "sandbox_s": round(sum(r["sandbox_s"] for r in records), 3)}
