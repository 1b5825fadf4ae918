"""The client's limit on sequences in flight, shared fairly between the problems of a batch or a contest day."""
from __future__ import annotations

import asyncio
from collections import Counter
from contextvars import ContextVar

#: Who a request is for (a problem id, set by `solve_with`). A batch or a contest day shares one client between
#: problems; a freed slot goes to the waiting owner that holds fewest, so a problem that asked last does not wait
#: behind another's whole queue, and a solved problem's slots go to the open ones at once.
REQUEST_OWNER: ContextVar[str] = ContextVar("request_owner", default="")


class Slots:
    """A counting semaphore that takes several units at once (one per sample), fair between owners: among the
    owners whose request fits in what is free, the one holding fewest goes first (first come first served within
    an owner and between equals)."""

    def __init__(self, total: int):
        self.total = total
        self.free = total
        self.held: Counter[str] = Counter()
        self._waiting: dict[str, list[int]] = {}
        self.owners: Counter[str] = Counter()
        """Owners at work now (`join` to `leave`), each with a claim to an even share of the slots."""
        self._changed = asyncio.Condition()

    def join(self, owner: str) -> None:
        self.owners[owner] += 1

    def leave(self, owner: str) -> None:
        self.owners[owner] -= 1
        if self.owners[owner] <= 0:
            del self.owners[owner]

    def room(self, owner: str) -> int:
        """Slots OWNER may plan new work for now: what is free, less what the other owners at work hold below
        their even share (they will ask for it; a problem that starts drafting first must not plan the whole
        batch for itself). Alone, every free slot."""
        others = [o for o in self.owners if o != owner]
        if not others:
            return self.free
        share = self.total // (len(others) + 1)
        promised = sum(max(0, share - self.held[o]) for o in others)
        return max(0, self.free - promised)

    def _turn(self, owner: str, k: int) -> bool:
        if self.free < k:
            return False
        fits = [o for o, asks in self._waiting.items() if min(asks) <= self.free]
        return self.held[owner] <= min(self.held[o] for o in fits)

    async def acquire(self, k: int, owner: str = "") -> int:
        # a request larger than the whole budget waits for all of it rather than forever
        k = min(k, self.total)
        async with self._changed:
            asks = self._waiting.setdefault(owner, [])
            asks.append(k)
            try:
                await self._changed.wait_for(lambda: self._turn(owner, k))
            finally:
                asks.remove(k)
                if not asks:
                    del self._waiting[owner]
            self.free -= k
            self.held[owner] += k
            # waiters that found it not their turn went back to sleep: what is still free may be theirs now
            self._changed.notify_all()
        return k

    async def release(self, k: int, owner: str = "") -> None:
        async with self._changed:
            self.free += k
            self.held[owner] -= k
            if self.held[owner] <= 0:
                del self.held[owner]
            self._changed.notify_all()

    async def resize(self, total: int) -> None:
        """From now on TOTAL units; requests in flight above it finish, and no new one starts until below."""
        async with self._changed:
            self.free += total - self.total
            self.total = total
            self._changed.notify_all()
