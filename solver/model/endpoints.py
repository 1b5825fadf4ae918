"""Several servers of one model behind one client: `EndpointPool` has `ModelClient`'s `chat`, `models` and
`aclose`, and spreads requests over the servers by the tokens each has outstanding.

A server that stops answering (refused or dropped connections, timeouts, 502-504) is dropped at once and its
request goes to another; its client's probe of `/v1/models` takes it back when it recovers (the client's one
retry mechanism, solver/model/client.py, which also waits out busy answers). With every server down, requests
wait up to the outage patience. Every call's usage names the server that
answered (`Usage.server`).
"""
from __future__ import annotations

import asyncio
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Sequence

from .client import ModelClient
from .config import ClientConfig, Message, message_chars
from .tokens import tokens_for
from .usage import UsageLog
from .wire import Completion, ModelError

def estimate_tokens(messages: Sequence[Message]) -> int:
    """The prompt's tokens by the project's one estimate (only the spreading uses it); a turn that only calls
    tools counts its calls' arguments."""
    return sum(tokens_for(message_chars(m)) for m in messages)


#: tokens assumed for a reply when the request sets no max_tokens (only the spreading uses it)
DEFAULT_REPLY_TOKENS = 1024


@dataclass
class Server:
    """One endpoint and what the pool knows of it."""

    url: str
    client: ModelClient
    outstanding: int = 0
    """Tokens (prompt estimate plus the replies' budget) of the requests it is serving now."""

    @property
    def up(self) -> bool:
        """Its client has not found it down (or its probe has seen it answer again)."""
        return self.client.up


def read_endpoints_file(path: Path) -> list[str]:
    """One API root a line; blank lines and `#` comments are skipped. A bad line is a one-line error."""
    try:
        lines = path.read_text().splitlines()
    except OSError as e:
        raise ValueError(f"{path}: cannot read the endpoints file: {e.strerror}") from None
    urls = []
    for number, line in enumerate(lines, 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        if not line.startswith(("http://", "https://")) or " " in line:
            raise ValueError(f"{path}: line {number}: expected an http(s):// API root, got {line!r}")
        urls.append(line)
    if not urls:
        raise ValueError(f"{path}: no endpoints in the file")
    return urls


class EndpointPool:
    """`ModelClient` over several servers. CONFIGS share the model and sampling; each names its own base_url."""

    def __init__(self, configs: Sequence[ClientConfig], usage_log: UsageLog | None = None):
        if not configs:
            raise ValueError("an endpoint pool needs at least one endpoint")
        # the pool keeps every server's batch full: its batch is theirs together
        self.config = replace(configs[0], max_sequences=sum(c.max_sequences for c in configs))
        self.usage_log = usage_log if usage_log is not None else UsageLog()
        # each server's client waits out busy answers itself (the client's one retry mechanism), but not an
        # outage: that fails at once, so the request moves to another server while the client probes its own
        self.servers = [Server(c.base_url, ModelClient(replace(c, outage_patience_s=0.0), usage_log=UsageLog()))
                        for c in configs]

    async def __aenter__(self) -> EndpointPool:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Stop the probes and close every server's connections."""
        for s in self.servers:
            await s.client.aclose()

    async def models(self) -> list[str]:
        """The model ids the first answering server lists."""
        return await self._first_answer(lambda c: c.models())

    async def model_id(self) -> str:
        """The model asked for: the configured one, else the first the first answering server lists."""
        return await self._first_answer(lambda c: c.model_id())

    async def max_model_len(self) -> int | None:
        """The context length the first answering server reports (else the configured fallback)."""
        return await self._first_answer(lambda c: c.max_model_len())

    async def _first_answer(self, ask):
        last: ModelError | None = None
        for s in self.servers:
            try:
                return await ask(s.client)
            except ModelError as e:
                last = e
        raise last  # type: ignore[misc]

    async def chat(self, messages: Sequence[Message], n: int = 1, **params: Any) -> Completion:
        """Like `ModelClient.chat`, on the up server with the fewest outstanding tokens; a server that stops
        answering passes the request to another (or, with none up, it waits up to the outage patience)."""
        cfg = self.config
        cost = estimate_tokens(messages) + n * int(
            params.get("max_tokens") or cfg.sampling.get("max_tokens") or DEFAULT_REPLY_TOKENS)
        while True:
            server = await self._pick()
            server.outstanding += cost
            try:
                completion = await server.client.chat(messages, n, **params)
            except ModelError as e:
                if e.outage:  # that server's client now probes it; another takes the request
                    continue
                raise
            finally:
                server.outstanding -= cost
            usage = replace(completion.usage, server=server.url)
            self.usage_log.add(usage)
            return replace(completion, usage=usage)

    async def _pick(self) -> Server:
        up = [s for s in self.servers if s.up]
        if not up:
            waits = [asyncio.ensure_future(s.client.until_up()) for s in self.servers]
            done, _ = await asyncio.wait(waits, timeout=self.config.outage_patience_s,
                                         return_when=asyncio.FIRST_COMPLETED)
            for w in waits:
                w.cancel()
            if not done:
                urls = ", ".join(s.url for s in self.servers)
                raise ModelError(urls, f"no server answered for {self.config.outage_patience_s:g} s", outage=True)
            up = [s for s in self.servers if s.up]
        return min(up, key=lambda s: s.outstanding)


def model_client(more: Sequence[ClientConfig], first: ClientConfig, usage_log: UsageLog | None = None):
    """One server: a plain `ModelClient`, exactly as before. More: an `EndpointPool` over all of them."""
    if not more:
        return ModelClient(first, usage_log=usage_log)
    return EndpointPool([first, *more], usage_log=usage_log)
