"""Tool calls mapped onto a sandbox tool session: arguments checked, the call run, its result as text."""
from __future__ import annotations

import asyncio

from sandbox.session import ToolOutcome, ToolSession

from .parsing import ToolCall
from .schemas import TOOLS, required_parameters


class ToolExecutor:
    """Runs the calls of one conversation in its session. A call that cannot run (malformed, unknown tool,
    missing or non-text argument) is answered with an error message; the conversation goes on."""

    def __init__(self, session: ToolSession, offered: list[str]):
        self.session = session
        self.offered = offered
        """The tool names this conversation offers (run_cpp needs a C++ setup in the session)."""

    async def run(self, call: ToolCall) -> ToolOutcome:
        problem = self._check(call)
        if problem:
            return ToolOutcome(f"error: {problem}", "malformed")
        if call.name == "python":
            return await asyncio.to_thread(self.session.python, call.arguments["code"])
        return await asyncio.to_thread(self.session.run_cpp, call.arguments["source"],
                                       call.arguments.get("input", ""))

    def _check(self, call: ToolCall) -> str:
        if call.error:
            return f"the tool call could not be read: {call.error}. Write it as <tool_call><function=NAME>" \
                   "<parameter=NAME>value</parameter></function></tool_call>."
        if call.name not in self.offered or call.name not in TOOLS:
            return f"no tool named {call.name!r}; the tools are: {', '.join(self.offered)}"
        for name in required_parameters(call.name):
            if name not in call.arguments:
                return f"{call.name} needs the parameter {name!r}"
        for name, value in call.arguments.items():
            if not isinstance(value, str):
                return f"{call.name}: the parameter {name!r} must be text"
        return ""
