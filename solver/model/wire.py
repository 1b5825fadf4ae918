"""The chat-completions wire format: request bodies in, `Completion`s out, failures classified.

Kept apart from the client so the parsing of both response shapes (one JSON object, or a stream of server-sent
events) can be read in one place, and so the client module stays about retries and concurrency.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from .reasoning import split_reasoning
from .tokens import text_tokens, tokens_for
from .usage import Usage


class ModelError(RuntimeError):
    """A model call that failed for good. The message names the endpoint and the cause."""

    def __init__(self, endpoint: str, cause: str, attempts: int = 1, status: int | None = None,
                 outage: bool = False):
        tries = f" after {attempts} attempts" if attempts > 1 else ""
        super().__init__(f"{endpoint}: {cause}{tries}")
        self.endpoint = endpoint
        """The URL that was called."""
        self.cause = cause
        """What went wrong the last time, in words."""
        self.attempts = attempts
        """How many tries were made."""
        self.status = status
        """The last HTTP status, when there was a response."""
        self.outage = outage
        """The server stopped answering (and did not answer again within the client's patience): no fault of the
        request, nor of the caller's work."""


#: Statuses of a server that is not there (a proxy in front of a dead or restarting one): waited out as an outage.
OUTAGE_STATUSES = (502, 503, 504)


class Failure(Exception):
    """One attempt's failure, with whether trying again can help (internal to the client). An OUTAGE (no answer,
    or a gateway's 502-504) is waited out until the server answers again; other retryable failures get a few
    tries with backoff."""

    def __init__(self, cause: str, retryable: bool, status: int | None = None, retry_after: float | None = None,
                 outage: bool = False):
        super().__init__(cause)
        self.cause = cause
        self.retryable = retryable or outage
        self.status = status
        self.retry_after = retry_after
        self.outage = outage


@dataclass(frozen=True)
class Sample:
    """One of the `n` replies to a request."""

    index: int
    """Its position among the samples."""
    answer: str
    """The text meant for the user, reasoning removed."""
    reasoning: str
    """The thinking ("" when none)."""
    finish_reason: str
    """"stop", "length", … as the server said ("unknown" when it did not)."""
    unterminated_reasoning: bool
    """It stopped mid-thought (the budget ran out while thinking)."""
    tool_calls: tuple[dict, ...] = ()
    """The calls the server parsed, each {"id", "name", "arguments"}: `arguments` is the JSON text as sent, which
    may be malformed (solver/tools/parsing.py decides what counts)."""


@dataclass(frozen=True)
class Completion:
    """A finished call: its samples in index order and what it cost."""

    samples: list[Sample]
    usage: Usage

    @property
    def answer(self) -> str:
        """The first sample's answer (the common n=1 case)."""
        return self.samples[0].answer


@dataclass
class _Choice:
    content: list[str] = field(default_factory=list)
    reasoning: list[str] = field(default_factory=list)
    finish_reason: str | None = None
    tool_calls: dict[int, dict] = field(default_factory=dict)
    """Streamed tool calls by their index: the id and name arrive once, the arguments in pieces."""


def http_failure(status: int, body: bytes, retry_after: str | None) -> Failure:
    """Classify an HTTP error: 408, 409, 425, 429 and 5xx are worth retrying; any other 4xx is the request's fault."""
    message = body.decode(errors="replace").strip()
    try:
        err = json.loads(message).get("error", {})
        message = err.get("message", message) if isinstance(err, dict) else str(err)
    except (ValueError, AttributeError):
        pass
    retryable = status >= 500 or status in (408, 409, 425, 429)
    wait = None
    if retry_after:
        try:
            wait = float(retry_after)
        except ValueError:
            pass
    return Failure(f"HTTP {status}: {message[:500] or '(empty body)'}", retryable, status, wait,
                   outage=status in OUTAGE_STATUSES)


def _load(text: str, what: str) -> dict:
    # a garbled body is the server's or the wire's fault, not the request's: worth another try
    try:
        data = json.loads(text)
    except ValueError as e:
        raise Failure(f"malformed JSON in {what} ({e}): {text[:200]!r}", retryable=True) from None
    if not isinstance(data, dict):
        raise Failure(f"unexpected {what}: {text[:200]!r}", retryable=True)
    if "error" in data and "choices" not in data:
        raise Failure(f"error in {what}: {str(data['error'])[:500]}", retryable=True)
    return data


def _add_choices(choices: dict[int, _Choice], items: list, key: str) -> tuple[int, int]:
    """Adds ITEMS to CHOICES; returns the characters of text they carried, and how many were digits."""
    chars = digits = 0
    for item in items:
        choice = choices.setdefault(int(item.get("index", 0)), _Choice())
        part = item.get(key) or {}
        if part.get("content"):
            choice.content.append(part["content"])
        # vLLM renamed reasoning_content to reasoning; other servers still send the old name
        thought = part.get("reasoning_content") or part.get("reasoning")
        if thought:
            choice.reasoning.append(thought)
        for text in (part.get("content"), thought):
            if isinstance(text, str):
                chars += len(text)
                digits += sum(ch.isdigit() for ch in text)
        if item.get("finish_reason"):
            choice.finish_reason = item["finish_reason"]
        _add_tool_calls(choice, part.get("tool_calls") or [])
    return chars, digits


def _add_tool_calls(choice: _Choice, calls: list) -> None:
    """A whole message's tool calls, or a stream's pieces of them (the arguments' text arrives in fragments)."""
    for position, call in enumerate(calls):
        if not isinstance(call, dict):
            continue
        key = int(call.get("index", position))
        slot = choice.tool_calls.setdefault(key, {"id": "", "name": "", "arguments": ""})
        slot["id"] = call.get("id") or slot["id"]
        function = call.get("function") or {}
        slot["name"] = function.get("name") or slot["name"]
        arguments = function.get("arguments")
        if isinstance(arguments, dict):  # some servers send an object instead of its JSON text
            arguments = json.dumps(arguments)
        slot["arguments"] += arguments or ""


def parse_body(text: str) -> tuple[dict[int, _Choice], dict, str]:
    """Choices, usage and model id of a non-streamed response."""
    data = _load(text, "response")
    choices: dict[int, _Choice] = {}
    _add_choices(choices, data.get("choices") or [], "message")
    return choices, data.get("usage") or {}, data.get("model", "")


class StreamParser:
    """Accumulates server-sent events (`data: {...}` lines) into choices and usage; `done` after `[DONE]`."""

    def __init__(self) -> None:
        self.choices: dict[int, _Choice] = {}
        self.usage: dict = {}
        self.model = ""
        self.done = False
        self._chars = self._digits = 0

    def feed(self, line: str) -> None:
        """One line of the event stream."""
        if not line.startswith("data:"):
            return  # blank separators, comments and `event:` lines carry nothing we use
        payload = line[5:].strip()
        if payload == "[DONE]":
            self.done = True
            return
        chunk = _load(payload, "stream chunk")
        self.model = chunk.get("model") or self.model
        if chunk.get("usage"):
            self.usage = chunk["usage"]
        chars, digits = _add_choices(self.choices, chunk.get("choices") or [], "delta")
        self._chars, self._digits = self._chars + chars, self._digits + digits

    @property
    def tokens(self) -> int:
        """Estimated tokens of the text streamed so far (the one estimate): what an attempt cost when it ends
        without the server's count."""
        return tokens_for(self._chars, self._digits)


def build_completion(choices: dict[int, _Choice], usage: dict, model: str, n: int, latency_s: float,
                     attempts: int) -> Completion:
    """Samples with reasoning split off, and the call's `Usage` (reasoning tokens apportioned when not reported)."""
    if not choices:
        raise Failure("response had no choices", retryable=True)
    samples = []
    for index in sorted(choices):
        c = choices[index]
        split = split_reasoning("".join(c.content), "".join(c.reasoning), c.finish_reason)
        samples.append(Sample(index=index, answer=split.answer, reasoning=split.reasoning,
                              finish_reason=c.finish_reason or "unknown", unterminated_reasoning=split.unterminated,
                              tool_calls=tuple(c.tool_calls[k] for k in sorted(c.tool_calls))))
    completion_tokens = int(usage.get("completion_tokens") or 0)
    counted = "completion_tokens" in usage
    if not counted:
        # the server sent no count: the text says about how much it generated (the one estimate)
        completion_tokens = sum(text_tokens(s.answer) + text_tokens(s.reasoning) for s in samples)
    details = usage.get("completion_tokens_details") or {}
    reasoning_tokens = details.get("reasoning_tokens")
    estimated = False
    if reasoning_tokens is None:
        # no count from the server: split the completion tokens by characters, which is close for one tokenizer
        thought = sum(len(s.reasoning) for s in samples)
        total = thought + sum(len(s.answer) for s in samples)
        reasoning_tokens = round(completion_tokens * thought / total) if thought and total else 0
        estimated = bool(thought)
    usage_record = Usage(model=model, prompt_tokens=int(usage.get("prompt_tokens") or 0),
                         completion_tokens=completion_tokens, reasoning_tokens=int(reasoning_tokens),
                         reasoning_estimated=estimated, latency_s=round(latency_s, 6),
                         finish_reasons=tuple(s.finish_reason for s in samples), attempts=attempts, n=n,
                         tokens_estimated=not counted)
    return Completion(samples=samples, usage=usage_record)
