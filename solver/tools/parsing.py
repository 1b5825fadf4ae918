"""Which tool calls a model turn made: the server's parsed `tool_calls` when they are sound, else the model's own
text read here.

Nemotron-Cascade-2 writes calls in Qwen3-Coder's XML (vLLM's `qwen3_coder` parser reads it server-side):

    <tool_call>
    <function=python>
    <parameter=code>
    print(1)
    </parameter>
    </function>
    </tool_call>

The server's parsing fails two known ways: code-valued arguments come back as broken JSON (vLLM #47761,
"Unterminated string"), and a call written inside `<think>` is lost (#39056). So:

1. server calls whose arguments are a JSON object are used as they are;
2. otherwise every complete call in the answer (the text after the thought) counts, in order;
3. otherwise only the LAST complete call in the thought counts: a thought may quote an example call or drafts
   that it then revises, and the last one is what the model settled on;
4. a server call with malformed arguments and no call in the text is salvaged when it has one string argument,
   else it comes back with an `error`, which the executor answers as the call's result (never a crash).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

_BLOCK = re.compile(r"<tool_call>(.*?)(?:</tool_call>|\Z)", re.S)
_FUNCTION = re.compile(r"<function=([^>\n]*)>")
_PARAMETER = re.compile(r"<parameter=([^>\n]*)>")


@dataclass
class ToolCall:
    """One call as the model meant it."""

    name: str
    arguments: dict = field(default_factory=dict)
    id: str = ""
    error: str = ""
    """Why the call could not be read ("" when it could): the model gets this back as the call's result."""
    origin: str = "server"
    """server | answer | thought: where the call was read."""

    def openai(self, fallback_id: str) -> dict:
        """The call as an assistant message carries it (arguments as JSON text)."""
        return {"id": self.id or fallback_id, "type": "function",
                "function": {"name": self.name or "invalid", "arguments": json.dumps(self.arguments)}}


def parse_text_calls(text: str, origin: str) -> list[ToolCall]:
    """Every `<tool_call>` block of TEXT, in order; a block with no closed `<function=...>` is malformed."""
    calls = []
    for block in _BLOCK.finditer(text):
        calls.append(_parse_block(block.group(1), complete=block.group(0).endswith("</tool_call>"), origin=origin))
    return calls


def _parse_block(body: str, complete: bool, origin: str) -> ToolCall:
    stripped = body.strip()
    if stripped.startswith("{"):  # the JSON form (Hermes, Qwen3): {"name": ..., "arguments": {...}}
        try:
            data = json.loads(stripped, strict=False)
            args = data.get("arguments", {})
            args = json.loads(args, strict=False) if isinstance(args, str) else args
            if isinstance(data.get("name"), str) and isinstance(args, dict):
                return ToolCall(data["name"], args, origin=origin)
        except (ValueError, AttributeError):
            pass
        return ToolCall("", error="a <tool_call> holding JSON that is not {\"name\": ..., \"arguments\": {...}}",
                        origin=origin)
    function = _FUNCTION.search(body)
    end = body.rfind("</function>")
    if function is None:
        return ToolCall("", error="a <tool_call> without <function=NAME>", origin=origin)
    name = function.group(1).strip()
    if end < function.end():
        if complete:
            return ToolCall(name, error=f"<function={name}> is not closed with </function>", origin=origin)
        return ToolCall(name, error="the tool call was cut off before </function>", origin=origin)
    inner = body[function.end():end]
    marks = list(_PARAMETER.finditer(inner))
    arguments = {}
    for i, mark in enumerate(marks):
        # a value runs to the next <parameter= (or the function's end), so a "</parameter>" inside code is kept
        stop = marks[i + 1].start() if i + 1 < len(marks) else len(inner)
        value = inner[mark.end():stop].rstrip()
        if not value.endswith("</parameter>"):
            return ToolCall(name, error=f"<parameter={mark.group(1)}> is not closed with </parameter>",
                            origin=origin)
        value = value[: -len("</parameter>")]
        # the format puts a value on lines of its own: one newline after the tag and one before the close
        if value.startswith("\n"):
            value = value[1:]
        if value.endswith("\n"):
            value = value[:-1]
        arguments[mark.group(1).strip()] = value
    return ToolCall(name, arguments, origin=origin)


def strip_calls(text: str) -> str:
    """TEXT without its `<tool_call>` blocks (they travel as `tool_calls`; kept in the content too they would be
    rendered twice)."""
    return _BLOCK.sub("", text).strip()


def _server_call(call: dict) -> ToolCall:
    text = call.get("arguments") or "{}"
    try:
        arguments = json.loads(text, strict=False)  # strict=False: raw newlines and tabs inside strings pass
        if isinstance(arguments, dict):
            return ToolCall(call.get("name", ""), arguments, id=call.get("id", ""))
        error = "the arguments are JSON but not an object"
    except ValueError as e:
        error = f"the arguments are not valid JSON ({e})"
        salvaged = _salvage_single_string(text)
        if salvaged is not None:
            return ToolCall(call.get("name", ""), salvaged, id=call.get("id", ""))
    return ToolCall(call.get("name", ""), id=call.get("id", ""), error=error)


_SINGLE_STRING = re.compile(r'\A\s*\{\s*"([A-Za-z_][A-Za-z0-9_]*)"\s*:\s*"(.*)"\s*\}\s*\Z', re.S)


def _salvage_single_string(text: str) -> dict | None:
    """`{"code": "<raw code with unescaped quotes>"}`, the shape #47761 produces: take the raw value whole."""
    match = _SINGLE_STRING.match(text)
    if match is None:
        return None
    raw = match.group(2)
    try:
        value = json.loads(f'"{raw}"', strict=False)
    except ValueError:
        value = raw  # unescaped quotes: the text between the outer quotes is the code as written
    return {match.group(1): value}


def select_calls(answer: str, reasoning: str, server_calls: tuple[dict, ...] | list[dict] = ()) -> list[ToolCall]:
    """The calls a turn made (see the module docstring for the order of trust)."""
    parsed = [_server_call(c) for c in server_calls]
    if parsed and all(not c.error for c in parsed):
        return parsed
    in_answer = parse_text_calls(answer, "answer")
    if in_answer:
        return in_answer
    in_thought = [c for c in parse_text_calls(reasoning, "thought") if not c.error]
    if in_thought and not parsed:
        return in_thought[-1:]
    return parsed
