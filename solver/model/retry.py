"""The project's one retry mechanism (on tenacity), used by `ModelClient` and, through it, by `EndpointPool`.

Two kinds of retryable failure are told apart (`Failure.outage`, classified in wire.py and by the client):
- a busy or erring server (429, 500, a garbled body): a few tries (`max_attempts`) with exponential backoff and
  jitter, and a server's Retry-After believed up to the cap;
- an outage: the server stopped answering (refused or dropped connections, timeouts, 502-504). `Availability`
  marks it down and probes `/v1/models` until it answers; every call waits for that (new ones send nothing
  meanwhile), up to `outage_patience_s`. Waiting costs no try: a failure counts as one only when the probe
  answered at once (the call failed, not the server). A server that never answered is not waited for (a wrong URL
  is reported after `max_attempts`, not in 15 minutes).
"""
from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import Awaitable, Callable

from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, wait_exponential, wait_random

from .config import ClientConfig
from .wire import Completion, Failure, ModelError


@dataclass
class Outage:
    """One stretch of the server not answering."""

    since: float
    """time.monotonic() when a call first found it silent."""
    confirmed: bool = False
    """A probe of /v1/models failed too: the server was down, not just one connection."""


class Availability:
    """Whether one server answers. PROBE asks /v1/models (raising ModelError when it cannot); AFTER_DOWN runs once
    a confirmed outage ends, before the waiting calls go on (the client renews its connections there)."""

    def __init__(self, config: ClientConfig, probe: Callable[[], Awaitable[object]],
                 after_down: Callable[[], Awaitable[None]]):
        self.config, self._probe_once, self._after_down = config, probe, after_down
        self.outage: Outage | None = None
        """The outage going on, None while the server answers."""
        self.answered = False
        """The server has answered once: from then on, its silence is an outage to wait out."""
        self._up: asyncio.Event | None = None
        self._probe: asyncio.Task | None = None

    @property
    def up(self) -> bool:
        return self.outage is None

    def _event(self) -> asyncio.Event:
        if self._up is None:
            self._up = asyncio.Event()  # created inside the running loop
            self._up.set()
        return self._up

    def mark_down(self) -> None:
        """A call found the server silent: start probing (once per outage)."""
        if self.outage is None:
            self.outage = Outage(time.monotonic())
            self._event().clear()
            self._probe = asyncio.get_running_loop().create_task(self._watch(self.outage))

    async def _watch(self, outage: Outage) -> None:
        """Ask /v1/models until it answers (at once the first time: a lone dropped connection costs nothing),
        then let the waiting calls go on."""
        while True:
            try:
                await self._probe_once()
                break
            except ModelError:
                outage.confirmed = True
            await asyncio.sleep(self.config.probe_s)
        if outage.confirmed:
            await self._after_down()
        self.answered = True
        self.outage, self._probe = None, None
        self._event().set()

    async def until_up(self) -> None:
        """Returns once the server answers (at once while it does)."""
        await self._event().wait()

    async def wait_out(self) -> None:
        """Wait while the server is down, up to the patience counted from when it went down, then fail as an
        outage. Returns at once while it answers, or when it never has."""
        outage = self.outage
        if outage is None or not self.answered:
            return
        left = outage.since + self.config.outage_patience_s - time.monotonic()
        try:
            await asyncio.wait_for(self.until_up(), max(0.0, left))
        except asyncio.TimeoutError:
            raise Failure(f"no answer for {self.config.outage_patience_s:g} s (the server is down; /v1/models was "
                          f"asked every {self.config.probe_s:g} s)", retryable=True, outage=True) from None

    def waiting_out(self, failure: Failure | None) -> bool:
        """FAILURE is an outage this server's calls wait out (rather than a try of a few)."""
        return failure is not None and failure.outage and self.answered and self.outage is not None

    async def aclose(self) -> None:
        """Stop the probe."""
        if self._probe is not None:
            self._probe.cancel()
            await asyncio.gather(self._probe, return_exceptions=True)


async def with_retries(config: ClientConfig, availability: Availability, endpoint: str,
                       attempt: Callable[[int], Awaitable[Completion]]) -> Completion:
    """ATTEMPT(number) until it returns, retried as the module says; ModelError (naming ENDPOINT, the cause, the
    tries and whether it was an outage) when it fails for good."""
    cfg = config
    # exponential, plus jitter so that many requests failing together do not come back together
    backoff = wait_exponential(multiplier=cfg.backoff_initial_s, max=cfg.backoff_max_s) + wait_random(
        0, cfg.backoff_initial_s)
    tries = 0
    last: list[Failure | None] = [None]

    def failure_of(state: RetryCallState) -> Failure | None:
        failure = state.outcome.exception() if state.outcome else None
        return failure if isinstance(failure, Failure) else None

    def stop(state: RetryCallState) -> bool:
        nonlocal tries
        failure = last[0] = failure_of(state)
        outage = availability.outage
        if availability.waiting_out(failure) and outage is not None:
            # the pause decides whether it was a try (see below); only the patience stops it here
            return time.monotonic() - outage.since >= cfg.outage_patience_s
        tries += 1
        return tries >= cfg.max_attempts

    def wait(state: RetryCallState) -> float:
        failure = failure_of(state)
        if availability.waiting_out(failure):
            return 0.0  # the pause waits for /v1/models instead
        # a server that says when to come back (Retry-After on 429/503) is believed, up to the cap
        hint = getattr(failure, "retry_after", None) or 0.0
        return max(backoff(state), min(hint, cfg.backoff_max_s))

    async def pause(seconds: float) -> None:
        nonlocal tries
        failure = last[0]
        outage = availability.outage if availability.waiting_out(failure) else None
        await asyncio.sleep(seconds)
        await availability.wait_out()
        if outage is not None and not outage.confirmed:
            # /v1/models answered at once: this call failed, not the server; that is a try
            tries += 1
            if tries >= cfg.max_attempts and failure is not None:
                raise failure

    retrying = AsyncRetrying(stop=stop, wait=wait, sleep=pause, reraise=True,
                             retry=retry_if_exception(lambda e: isinstance(e, Failure) and e.retryable))
    number = 0
    try:
        async for try_ in retrying:
            with try_:
                number = try_.retry_state.attempt_number
                return await attempt(number)
    except Failure as f:
        raise ModelError(endpoint, f.cause, number, f.status, outage=f.outage) from None
    raise AssertionError("unreachable")  # pragma: no cover - tenacity either returns or raises
