"""The simulated engine: which sequences run, how many tokens each has made, on a simulated clock.

Without a `GpuModel` every reply is made at once. With one, a tick loop advances simulated time by
`time_scale` x the real time that passed and shares it among the running sequences exactly (processor sharing,
one token per sequence per step, step time from `GpuModel.step_seconds`), admitting waiting requests in arrival
order as memory and `max_num_seqs` allow.
"""
from __future__ import annotations

import asyncio
import time
from collections import deque
from dataclasses import dataclass, field

from .gpu import GpuModel
from .shapes import Plan


@dataclass
class Sequence:
    """One reply being generated (a request with n choices is n sequences sharing one `wake`)."""

    plan: Plan
    prompt_tokens: int
    reserve: float
    wake: asyncio.Event
    generated: float = 0.0
    arrived_at: float = 0.0
    """Simulated seconds at which the request came (all times below too)."""
    admitted_at: float | None = None
    finished_at: float | None = None

    @property
    def remaining(self) -> float:
        return self.plan.tokens - self.generated

    @property
    def done(self) -> bool:
        return self.remaining <= 1e-9

    def tokens_per_s(self) -> float | None:
        """Its decode speed on the simulated clock, once finished."""
        if self.finished_at is None or self.admitted_at is None or self.finished_at <= self.admitted_at:
            return None
        return self.plan.tokens / (self.finished_at - self.admitted_at)


@dataclass
class Engine:
    gpu: GpuModel | None
    time_scale: float = 10.0
    """Simulated seconds per real second."""
    tick_s: float = 0.05
    """Real seconds between engine updates: each stream gets at most one chunk a tick (keeps CPU use low)."""
    clock: float = 0.0
    """Simulated seconds this engine has run."""
    tokens: float = 0.0
    """Tokens generated so far, all sequences."""
    busy: float = 0.0
    """Integral of sequences in flight over simulated time (mean in flight = busy / clock)."""
    history: list[tuple[float, float, float, int, int]] = field(default_factory=list)
    """(clock, tokens so far, busy so far, running, waiting) after each tick."""
    waiting: deque = field(default_factory=deque)
    running: list[Sequence] = field(default_factory=list)
    finished: list[Sequence] = field(default_factory=list)
    reserved: float = 0.0
    max_running: int = 0
    """The most sequences that ran at once."""
    max_waiting: int = 0
    """The most requests that waited for memory or a seat at once."""
    _kick: asyncio.Event = field(default_factory=asyncio.Event)

    def submit(self, seqs: list[Sequence]) -> None:
        for s in seqs:
            s.arrived_at = self.clock
            if self.gpu is None:
                s.generated = float(s.plan.tokens)
                s.admitted_at = s.finished_at = self.clock
                self.tokens += s.plan.tokens
                s.wake.set()
            else:
                self.waiting.append(s)
        if self.gpu is not None:
            self._admit()
            self.max_waiting = max(self.max_waiting, len(self.waiting))
            self._kick.set()

    def cancel(self, seqs: list[Sequence]) -> None:
        """A client went away: its sequences stop and free their memory (vLLM aborts the request)."""
        for s in seqs:
            if s in self.running:
                self.running.remove(s)
                self.reserved -= s.reserve
            elif s in self.waiting:
                self.waiting.remove(s)

    def drop_all(self) -> None:
        """The server went down: everything in flight or waiting is lost."""
        self.waiting.clear()
        self.running.clear()
        self.reserved = 0.0

    @property
    def kv_usage(self) -> float:
        """Fraction of the cache memory reserved (vLLM's kv_cache_usage_perc, 0..1)."""
        if self.gpu is None:
            return 0.0
        return min(1.0, self.reserved / self.gpu.cache_bytes)

    def utilisation(self) -> float:
        """Tokens generated / what the GPU makes with its batch full, over the clock so far."""
        if self.gpu is None or self.clock <= 0:
            return 0.0
        return self.tokens / (self.gpu.full_batch_tokens_per_s() * self.clock)

    def mean_in_flight(self) -> float:
        return self.busy / self.clock if self.clock > 0 else 0.0

    def at(self, clock: float) -> tuple[float, float]:
        """(tokens, busy) as they stood at simulated second `clock` (the last tick before it)."""
        tokens = busy = 0.0
        for when, t, b, _, _ in self.history:
            if when > clock:
                break
            tokens, busy = t, b
        return tokens, busy

    async def run(self) -> None:
        """The tick loop (only with a GPU model); runs until cancelled."""
        last = time.monotonic()
        while True:
            if not self.running and not self.waiting:
                await self._kick.wait()
            self._kick.clear()
            await asyncio.sleep(self.tick_s)
            now = time.monotonic()
            self.advance((now - last) * self.time_scale)
            last = now

    def advance(self, dt: float) -> None:
        """Run the GPU for `dt` simulated seconds."""
        assert self.gpu is not None
        self._admit()
        while dt > 1e-12 and self.running:
            step = self.gpu.step_seconds([s.prompt_tokens + s.generated for s in self.running])
            least = min(s.remaining for s in self.running)
            made, used = (least, least * step) if least * step <= dt else (dt / step, dt)
            for s in self.running:
                s.generated += made
                s.wake.set()
            self.tokens += made * len(self.running)
            self.busy += used * len(self.running)
            self.clock += used
            dt -= used
            for s in [s for s in self.running if s.done]:
                s.generated = float(s.plan.tokens)
                s.finished_at = self.clock
                self.running.remove(s)
                self.reserved -= s.reserve
                self.finished.append(s)
            self._admit()
        self.clock += max(dt, 0.0)
        self.history.append((self.clock, self.tokens, self.busy, len(self.running), len(self.waiting)))

    def _admit(self) -> None:
        """vLLM's scheduler, simplified: first come first served while seats and memory last."""
        if self.gpu is None:
            return
        while self.waiting and len(self.running) < self.gpu.max_num_seqs:
            s = self.waiting[0]
            if self.running and self.reserved + s.reserve > self.gpu.cache_bytes:
                break
            self.waiting.popleft()
            s.admitted_at = self.clock
            self.running.append(s)
            self.reserved += s.reserve
        self.max_running = max(self.max_running, len(self.running))
