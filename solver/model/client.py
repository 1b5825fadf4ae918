"""An async client for any OpenAI-compatible chat-completions endpoint (vLLM, SGLang, a hosted API).

It keeps the server's batch full without flooding it (a limit on sequences in flight, where a request for `n`
samples counts `n`), retries what a retry can fix with the project's one retry mechanism (solver/model/retry.py:
a busy server gets a few tries with backoff; a server that stopped answering is waited out until /v1/models
answers, up to `outage_patience_s`), fails at once on a request the server rejects (other 4xx), and records every
call's usage, and the tokens of attempts that returned nothing (dropped, cancelled): see `TokenMeter`.
"""
from __future__ import annotations

import asyncio
import functools
import time
from dataclasses import replace
from typing import Any, Sequence

import httpx

from .config import ClientConfig, Message
from .retry import Availability, with_retries
from .slots import REQUEST_OWNER, Slots
from .usage import TOKEN_METER, Usage, UsageLog
from .wire import Completion, Failure, ModelError, StreamParser, build_completion, http_failure, parse_body


#: Connections per httpx pool (see ModelClient.__init__).
SHARD_SIZE = 16


@functools.cache
def tls_context():
    """One TLS context for every client of this process: httpx builds one per client otherwise (loading the CA
    bundle, tens of ms), and a client makes a connection pool per shard, again after an outage (solver/model/retry.py)."""
    return httpx.create_ssl_context()


class ModelClient:
    """Chat completions against one endpoint. Use as `async with ModelClient(config) as client:`."""

    def __init__(self, config: ClientConfig, usage_log: UsageLog | None = None):
        self.config = config
        self.usage_log = usage_log if usage_log is not None else UsageLog()
        self.endpoint = config.base_url.rstrip("/") + "/chat/completions"
        headers = {"Authorization": f"Bearer {config.api_key}"} if config.api_key else {}
        timeout = httpx.Timeout(config.timeout_s, connect=config.connect_timeout_s, pool=None)
        # httpx's pool does O(connections x waiting requests) work on every request start and end, so one pool of
        # 128 connections spends most of its CPU there; shards of SHARD_SIZE keep that cost flat
        shards = -(-config.max_sequences // SHARD_SIZE)
        size = -(-config.max_sequences // shards)
        limits = httpx.Limits(max_connections=size, max_keepalive_connections=size)
        self._new_shard = lambda: httpx.AsyncClient(headers=headers, timeout=timeout, limits=limits,
                                                    verify=tls_context())
        self._shards = [self._new_shard() for _ in range(shards)]
        self._busy = [0] * shards
        self._slots: Slots | None = None
        self._model = config.model
        self._listing: list[dict] | None = None
        self.availability = Availability(config, self._model_list, self._renew_connections)
        """Whether the server answers, and the probe that waits for it when it does not (solver/model/retry.py)."""

    async def __aenter__(self) -> ModelClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Stop the probe and close the connections."""
        await self.availability.aclose()
        for http in self._shards:
            await http.aclose()

    @property
    def up(self) -> bool:
        """False from a call that found no server until `/v1/models` answers again."""
        return self.availability.up

    async def until_up(self) -> None:
        """Returns once the server answers (at once while it does)."""
        await self.availability.until_up()

    async def _renew_connections(self) -> None:
        # the server went away: every connection kept from before is dead, and a call that took one would fail
        # once more for nothing
        old, self._shards = self._shards, [self._new_shard() for _ in self._shards]
        for http in old:
            await http.aclose()

    @property
    def sequences(self) -> int:
        """Sequences it keeps in flight at most now: `max_sequences`, or less since a `resize`."""
        return self.config.max_sequences if self._slots is None else self._slots.total

    @property
    def in_flight(self) -> int:
        """Sequences in flight now (a request for n samples counting n)."""
        return 0 if self._slots is None else self._slots.total - self._slots.free

    def _ensure_slots(self) -> Slots:
        if self._slots is None:
            self._slots = Slots(self.config.max_sequences)
        return self._slots

    def join(self, owner: str) -> None:
        """OWNER (a problem of a batch or contest day) is at work: it has a claim to an even share of the slots."""
        self._ensure_slots().join(owner)

    def leave(self, owner: str) -> None:
        """OWNER is done: its share goes to the owners still at work."""
        self._ensure_slots().leave(owner)

    def room(self, owner: str) -> int:
        """Slots OWNER may plan new requests for now without taking other owners' shares (Slots.room)."""
        return self._ensure_slots().room(owner)

    async def resize(self, sequences: int) -> None:
        """Keep at most SEQUENCES in flight from now on, never more than `max_sequences` (which sized the
        connection pool): solver/model/metrics.py follows a server's /metrics with it."""
        await self._ensure_slots().resize(max(1, min(sequences, self.config.max_sequences)))

    async def models(self) -> list[str]:
        """The model ids the server lists (one try: this is a health check, not work to protect)."""
        return [m["id"] for m in await self.listing()]

    async def listing(self) -> list[dict]:
        """The server's /v1/models entries as sent: `id`, and from vLLM `root` (what it loaded) and `max_model_len`
        (its context). One try; a ModelError says why there is none."""
        return await self._model_list()

    async def model_id(self) -> str:
        """The model this client asks for: the configured one, else the first the server lists."""
        return self._model or await self._default_model()

    async def max_model_len(self) -> int | None:
        """The context length (prompt + completion, in tokens) of the model in use: what vLLM reports at /v1/models
        as `max_model_len`, else the configured fallback, else None (unknown)."""
        model = await self.model_id()
        if self._listing is None:
            try:
                self._listing = await self._model_list()
            except ModelError:
                self._listing = []
        for entry in self._listing:
            if entry.get("id") == model and isinstance(entry.get("max_model_len"), int):
                return entry["max_model_len"]
        return self.config.max_model_len

    async def _model_list(self) -> list[dict]:
        url = self.config.base_url.rstrip("/") + "/models"
        try:
            response = await self._shards[0].get(url)
        except httpx.HTTPError as e:
            raise ModelError(url, _describe(e, self.config.timeout_s), outage=True) from None
        if response.status_code != 200:
            raise ModelError(url, http_failure(response.status_code, response.content, None).cause,
                             status=response.status_code)
        try:
            listing = [dict(m) for m in response.json()["data"]]
            if all(isinstance(m.get("id"), str) for m in listing):
                self.availability.answered = True
                return listing
        except (ValueError, KeyError, TypeError):
            pass
        raise ModelError(url, f"not an OpenAI model list: {response.text[:200]!r}") from None

    async def chat(self, messages: Sequence[Message], n: int = 1, **params: Any) -> Completion:
        """Ask for `n` replies to MESSAGES; `params` (max_tokens, temperature, …) override the sampling defaults.

        Raises `ModelError` when the call fails for good: at once for a request the server rejects, after
        `max_attempts` tries for connection errors, timeouts, 429 and 5xx.
        """
        if not self.config.native_n and n > 1:
            parts = await asyncio.gather(*(self.chat(messages, 1, **params) for _ in range(n)))
            return _merge(parts)
        owner = REQUEST_OWNER.get()
        held = await self._ensure_slots().acquire(n, owner)
        try:
            body = {**self.config.sampling, **params, "model": self._model, "messages": list(messages), "n": n}
            if self.config.stream:
                body["stream"] = True
                body["stream_options"] = {"include_usage": True}
            completion = await self._with_retries(body, n)
        finally:
            await self._slots.release(held, owner)
        self.usage_log.add(completion.usage)
        return completion

    async def _default_model(self) -> str:
        try:
            ids = await self.models()
        except ModelError as e:
            raise ModelError(self.endpoint, f"cannot list models: {e.cause}", outage=e.outage) from None
        if not ids:
            raise ModelError(self.endpoint, "the server lists no models")
        self._model = ids[0]
        return self._model

    async def _with_retries(self, body: dict, n: int) -> Completion:
        return await with_retries(self.config, self.availability, self.endpoint,
                                  lambda attempt: self._once(body, n, attempt))

    async def _once(self, body: dict, n: int, attempt: int) -> Completion:
        await self.availability.wait_out()  # a server known to be down is not sent new work
        if body["model"] is None:
            try:
                body["model"] = await self._default_model()
            except ModelError as e:
                if e.outage:
                    self.availability.mark_down()
                raise Failure(e.cause, retryable=e.outage, status=e.status, outage=e.outage) from None
        # the least busy shard always has a free connection: the slots cap requests at the shards' total size
        shard = min(range(len(self._shards)), key=self._busy.__getitem__)
        self._busy[shard] += 1
        try:
            return await self._send(self._shards[shard], body, n, attempt)
        finally:
            self._busy[shard] -= 1

    async def _send(self, http: httpx.AsyncClient, body: dict, n: int, attempt: int) -> Completion:
        start = time.perf_counter()
        meter = TOKEN_METER.get()
        parser = StreamParser()
        told = 0  # tokens of this attempt the meter has heard of
        completion: Completion | None = None
        try:
            if body.get("stream"):
                async with http.stream("POST", self.endpoint, json=body) as response:
                    if response.status_code != 200:
                        raise http_failure(response.status_code, await response.aread(),
                                           response.headers.get("retry-after"))
                    async for line in response.aiter_lines():
                        parser.feed(line)
                        if meter is not None and parser.tokens > told:
                            grown, told = parser.tokens - told, parser.tokens
                            meter.streaming(grown)  # may raise: the caller's bound is reached
                if not parser.done:
                    self.availability.mark_down()
                    raise Failure("connection dropped mid-stream (no [DONE])", retryable=True, outage=True)
                choices, usage, model = parser.choices, parser.usage, parser.model
            else:
                response = await http.post(self.endpoint, json=body)
                if response.status_code != 200:
                    raise http_failure(response.status_code, response.content, response.headers.get("retry-after"))
                choices, usage, model = parse_body(response.text)
            completion = build_completion(choices, usage, model or body["model"], n, time.perf_counter() - start,
                                          attempt)
            self.availability.answered = True
            return completion
        except httpx.HTTPError as e:
            self.availability.mark_down()
            raise Failure(_describe(e, self.config.timeout_s), retryable=True, outage=True) from None
        except Failure as f:
            if f.outage:
                self.availability.mark_down()
            raise
        finally:
            if completion is None and parser.tokens:
                # dropped, cancelled or stopped mid-stream: the server generated this much all the same
                self.usage_log.add(Usage(model=parser.model or body["model"], prompt_tokens=0,
                                         completion_tokens=parser.tokens, reasoning_tokens=0,
                                         reasoning_estimated=False, latency_s=round(time.perf_counter() - start, 6),
                                         finish_reasons=(), attempts=attempt, n=n, tokens_estimated=True,
                                         lost=True))
            if meter is not None:
                meter.settled(told, lost=completion is None)


def _describe(e: httpx.HTTPError, timeout_s: float) -> str:
    """The cause of a transport failure in words a user can act on."""
    if isinstance(e, httpx.ConnectTimeout):
        return "timed out connecting"
    if isinstance(e, httpx.TimeoutException):
        return f"timed out: no response for {timeout_s:g} s"
    if isinstance(e, httpx.ConnectError):
        # httpx says "All connection attempts failed"; the OS error underneath says why
        cause: BaseException | None = e
        while cause is not None and not isinstance(cause, ConnectionRefusedError):
            cause = cause.__cause__ or cause.__context__
        return "connection refused" if cause is not None else f"cannot connect: {e}"
    if isinstance(e, (httpx.RemoteProtocolError, httpx.ReadError)):
        return f"connection dropped mid-response: {e or type(e).__name__}"
    return f"{type(e).__name__}: {e}"


def _merge(parts: list[Completion]) -> Completion:
    """n single-sample completions as one (the fan-out for servers without `n`)."""
    samples = [replace(p.samples[0], index=i) for i, p in enumerate(parts)]
    usages = [p.usage for p in parts]
    usage = replace(usages[0], prompt_tokens=sum(u.prompt_tokens for u in usages),
                    completion_tokens=sum(u.completion_tokens for u in usages),
                    reasoning_tokens=sum(u.reasoning_tokens for u in usages),
                    reasoning_estimated=any(u.reasoning_estimated for u in usages),
                    latency_s=max(u.latency_s for u in usages), finish_reasons=tuple(s.finish_reason for s in samples),
                    attempts=max(u.attempts for u in usages), n=len(parts))
    return Completion(samples=samples, usage=usage)
