"""Several servers of one model behind one client: `EndpointPool` has `ModelClient`'s `chat`, `models` and
`aclose`, and spreads requests over the servers by the tokens each has outstanding.

A server that stops answering (refused or dropped connections, timeouts) is dropped at once and its request
goes to another; a probe of its `/v1/models` every few seconds takes it back when it recovers. Busy answers
(429, 5xx) are waited out with backoff, like the single client does. Every call's usage names the server that
answered (`Usage.server`).
"""
from __future__ import annotations

import asyncio
import random
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Sequence

from .client import ClientConfig, Message, ModelClient, message_chars
from .usage import UsageLog
from .wire import Completion, ModelError

#: tokens assumed for a reply when the request sets no max_tokens (only the spreading uses it)
DEFAULT_REPLY_TOKENS = 1024


@dataclass
class Server:
    """One endpoint and what the pool knows of it."""

    url: str
    client: ModelClient
    outstanding: int = 0
    """Tokens (prompt estimate plus the replies' budget) of the requests it is serving now."""
    up: bool = True
    probe: asyncio.Task | None = None


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

    def __init__(self, configs: Sequence[ClientConfig], usage_log: UsageLog | None = None, probe_s: float = 2.0,
                 down_wait_s: float = 120.0):
        if not configs:
            raise ValueError("an endpoint pool needs at least one endpoint")
        # the pool keeps every server's batch full: its batch is theirs together
        self.config = replace(configs[0], max_sequences=sum(c.max_sequences for c in configs))
        self.usage_log = usage_log if usage_log is not None else UsageLog()
        self.probe_s, self.down_wait_s = probe_s, down_wait_s
        # one try per server: a failure moves the request to another server instead of waiting on this one
        self.servers = [Server(c.base_url, ModelClient(replace(c, max_attempts=1), usage_log=UsageLog()))
                        for c in configs]
        self._changed: asyncio.Condition | None = None

    async def __aenter__(self) -> EndpointPool:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Stop the probes and close every server's connections."""
        for s in self.servers:
            if s.probe is not None:
                s.probe.cancel()
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
        """Like `ModelClient.chat`, on the up server with the fewest outstanding tokens."""
        cfg = self.config
        cost = sum(message_chars(m) for m in messages) // 4 + n * int(
            params.get("max_tokens") or cfg.sampling.get("max_tokens") or DEFAULT_REPLY_TOKENS)
        busy_tries = 0
        while True:
            server = await self._pick()
            server.outstanding += cost
            try:
                completion = await server.client.chat(messages, n, **params)
            except ModelError as e:
                if e.status is None:  # no answer at all: the server is gone, try another at once
                    self._drop(server)
                    continue
                busy_tries += 1
                if e.status < 500 and e.status not in (408, 409, 425, 429) or busy_tries >= cfg.max_attempts:
                    raise
                delay = min(cfg.backoff_max_s, cfg.backoff_initial_s * 2 ** (busy_tries - 1))
                await asyncio.sleep(delay + random.uniform(0, cfg.backoff_initial_s))
                continue
            finally:
                server.outstanding -= cost
            usage = replace(completion.usage, server=server.url)
            self.usage_log.add(usage)
            return replace(completion, usage=usage)

    async def _pick(self) -> Server:
        if self._changed is None:
            self._changed = asyncio.Condition()  # created inside the running loop
        async with self._changed:
            try:
                await asyncio.wait_for(self._changed.wait_for(lambda: any(s.up for s in self.servers)),
                                       self.down_wait_s)
            except asyncio.TimeoutError:
                urls = ", ".join(s.url for s in self.servers)
                raise ModelError(urls, f"no server answered for {self.down_wait_s:g} s") from None
            return min((s for s in self.servers if s.up), key=lambda s: s.outstanding)

    def _drop(self, server: Server) -> None:
        if server.up:
            server.up = False
            server.probe = asyncio.get_running_loop().create_task(self._probe(server))

    async def _probe(self, server: Server) -> None:
        while True:
            await asyncio.sleep(self.probe_s)
            try:
                await server.client.models()
            except ModelError:
                continue
            async with self._changed:
                server.up, server.probe = True, None
                self._changed.notify_all()
            return


def model_client(more: Sequence[ClientConfig], first: ClientConfig, usage_log: UsageLog | None = None):
    """One server: a plain `ModelClient`, exactly as before. More: an `EndpointPool` over all of them."""
    if not more:
        return ModelClient(first, usage_log=usage_log)
    return EndpointPool([first, *more], usage_log=usage_log)
