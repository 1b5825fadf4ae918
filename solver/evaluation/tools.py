"""`cpsolve eval --tools`: each sample is a tool-integrated conversation, as in the Nemotron-Cascade-2 paper's
"with tools" protocol (arXiv 2603.19220 §6.2): a stateful Python executor, up to 100 calls, switched on by a line
appended to the system prompt, 131k tokens of response over the whole conversation. The final answer's code
block is the sample, judged like any other.

We could not find the paper's exact line; TOOL_LINE is ours (README says so). A conversation is journaled when it ends:
a run killed mid-conversation redoes that sample's conversation from its start on resume (the interpreter's
state cannot be rebuilt without re-running the calls, and the paper's protocol never re-runs a call).
"""
from __future__ import annotations

import asyncio

from sandbox.session import SessionLimits

from ..problems.model import Problem
from ..tools.conversation import ConversationLimits, converse, with_system_line
from ..tools.executor import ToolExecutor
from ..tools.setup import problem_session

TOOL_LINE = ("You may call the `python` tool, a stateful Python interpreter (variables persist between calls; the "
             "sample inputs are files in /work/samples), up to {max_calls} times while you think, to test ideas "
             "and check your solution on the samples.")
"""Appended to the system prompt to switch tool use on. OURS, not the paper's: its wording was not found."""


def tool_messages(messages: list[dict], max_calls: int) -> list[dict]:
    """MESSAGES with TOOL_LINE appended to the system prompt (a system message is added when there is none)."""
    return with_system_line(messages, TOOL_LINE.format(max_calls=max_calls))


async def tool_sample(problem: Problem, messages: list[dict], model, pool, image: str, cfg) -> dict:
    """One conversation with the python tool; returns the journal record of a sample (text, usage) plus the
    conversation's tool counts. MODEL is the eval's ClientModel (its HTTP client carries the tools)."""
    docker_client = pool.workers[0].container.client
    limits = ConversationLimits(max_calls=cfg.max_tool_calls, response_tokens=cfg.tool_response_tokens)
    params = {} if cfg.temperature is None else {"temperature": cfg.temperature}
    session = problem_session(problem, docker_client, image, SessionLimits())
    # a container starts and goes in a thread: the event loop keeps streaming the other conversations meanwhile
    await asyncio.to_thread(session.__enter__)
    try:
        conversation = await converse(model.client, tool_messages(messages, cfg.max_tool_calls),
                                      ToolExecutor(session, ["python"]), limits, **params)
        conversation.sandbox_s = session.sandbox_s  # its container's start included
    finally:
        await asyncio.to_thread(session.close)
    return {"text": conversation.answer, "finish_reason": conversation.finish_reason, "latency": 0.0,
            "usage": {"prompt": conversation.prompt_tokens, "completion": conversation.completion_tokens,
                      "reasoning": conversation.reasoning_tokens},
            "tools": conversation.to_json()}


def tool_totals(samples: list[dict]) -> dict:
    """Per problem: tool calls, sandbox seconds and turns summed over its samples (for result.json)."""
    tools = [s.get("tools") or {} for s in samples]
    return {"calls": sum(t.get("calls", 0) for t in tools), "refused_calls": sum(t.get("refused_calls", 0)
                                                                                 for t in tools),
            "malformed_calls": sum(t.get("malformed_calls", 0) for t in tools),
            "turns": sum(t.get("turns", 0) for t in tools),
            "sandbox_s": round(sum(t.get("sandbox_s", 0.0) for t in tools), 3)}


def tools_markdown(results: list[dict]) -> str:
    """Per problem: calls, tokens (prompt and completion) and sandbox seconds of its tool conversations."""
    lines = ["| problem | samples | tool calls | turns | prompt tokens | completion tokens | sandbox s |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        t = r.get("tools")
        if t is None:
            continue
        lines.append(f"| {r['problem']} | {r['submissions_used']} | {t['calls']} | {t['turns']} | "
                     f"{r['tokens']['prompt']} | {r['tokens']['completion']} | {t['sandbox_s']:.2f} |")
    return "\n".join(lines) + "\n"
