"""A task's budget: completion tokens and wall time, the contest clock it comes from, and how many lineages a
round can still afford.

IOI gives a contestant 5 hours for a day of 3 tasks; `--contest-time 5h` gives each task its share of that
clock (`contest_tasks`, 3 by default), unless `--task-time` sets the task's time outright.
"""
from __future__ import annotations

import math
import re
import time
from typing import Callable


class BudgetExhausted(Exception):
    """Tokens or wall time ran out: stop drafting, keep what was found."""


_UNITS = {"": 1.0, "s": 1.0, "m": 60.0, "min": 60.0, "h": 3600.0}


def parse_duration(text: str) -> float:
    """Seconds in "5h", "90m", "1h30m", "300s" or "300"; a ValueError names what is wrong."""
    s = text.strip().lower()
    parts = re.findall(r"(\d+(?:\.\d+)?)\s*(h|min|m|s|)", s)
    if not s or "".join(n + u for n, u in parts) != s.replace(" ", ""):
        raise ValueError(f"not a duration: {text!r} (try 5h, 90m or 300s)")
    seconds = sum(float(n) * _UNITS[u] for n, u in parts)
    if seconds <= 0:
        raise ValueError(f"not a positive duration: {text!r}")
    return seconds


def task_seconds(time_limit_s: float | None, contest_time_s: float | None, contest_tasks: int) -> float | None:
    """The task's wall-time budget: the explicit limit, else its share of the contest clock, else none."""
    if time_limit_s is not None:
        return time_limit_s
    if contest_time_s is not None:
        return contest_time_s / max(1, contest_tasks)
    return None


def batch_task_seconds(contest_time_s: float, problems: int, parallel: int) -> float:
    """Each problem's share when PARALLEL of PROBLEMS run at once under one contest clock: the whole archive
    ends within it."""
    return contest_time_s * min(parallel, problems) / max(1, problems)


class Budget:
    """Completion tokens and seconds for one task; the clock includes earlier sessions of a resumed run."""

    def __init__(self, max_tokens: int | None, seconds: float | None, started: float):
        self.max_tokens, self.seconds, self.started = max_tokens, seconds, started

    def check(self, completion_tokens: int) -> None:
        """Raise BudgetExhausted once either budget is spent."""
        if self.max_tokens is not None and completion_tokens >= self.max_tokens:
            raise BudgetExhausted("token budget spent")
        if self.seconds is not None and time.time() - self.started >= self.seconds:
            raise BudgetExhausted("time budget spent")

    def seconds_left(self) -> float | None:
        return None if self.seconds is None else max(0.0, self.seconds - (time.time() - self.started))

    def affordable_lineages(self, wanted: int, completion_tokens: int, lineage_costs: list[int]) -> int:
        """How many of WANTED lineages the tokens left pay for, at the mean cost of the lineages ended so far,
        abandoned ones included (all of them while nothing is known yet). Deterministic given the journal, so a resume plans the same."""
        if self.max_tokens is None or not lineage_costs:
            return wanted
        mean = max(1.0, sum(lineage_costs) / len(lineage_costs))
        left = self.max_tokens - completion_tokens
        return max(1, min(wanted, math.ceil(left / mean)))


class TokenBound:
    """The token budget as a bound on everything generated, calls in flight included (a `TokenMeter` for the
    model client): a call asks for no more than is left, a stream that reaches the bound is stopped
    (BudgetExhausted, which stops the round and cancels its siblings), and what a dropped, cancelled or stopped
    attempt streamed is spent all the same (ON_LOST). TOKENS is the task's running count ("completion")."""

    def __init__(self, max_tokens: int | None, tokens: dict[str, int], on_lost: Callable[[int], None]):
        self.max_tokens, self.tokens, self.on_lost = max_tokens, tokens, on_lost
        self.in_flight = 0
        """Estimated tokens streamed so far by the calls in flight."""

    def left(self) -> int | None:
        """Completion tokens a new call may still ask for; None without a token budget."""
        if self.max_tokens is None:
            return None
        return self.max_tokens - self.tokens["completion"] - self.in_flight

    def streaming(self, tokens: int) -> None:
        self.in_flight += tokens
        left = self.left()
        if left is not None and left <= 0:
            raise BudgetExhausted("token budget spent")

    def settled(self, streamed: int, lost: bool) -> None:
        self.in_flight -= streamed
        if lost and streamed:
            self.on_lost(streamed)
