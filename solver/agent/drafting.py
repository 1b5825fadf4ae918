"""Drafting as a pool: lineages run a fixed number at a time, and each that finishes makes room for the next, so
the model's batch stays full while work remains.

Which lineages a round (or, under the clock policy, a wave: scheduler.py) drafts is decided from what is journaled
(open subtasks, tokens spent, the cost of finished lineages); the clock policy journals each wave's plan, so a
resumed run replays it. One lineage's model error ends that lineage only; a spent budget stops all of them at once, and none
is left running when the round returns.
"""
from __future__ import annotations

import asyncio
from collections import deque
from dataclasses import dataclass
from typing import Callable

from ..model.wire import ModelError
from ..problems.model import Subtask
from .asking import LINEAGE_TOKENS, ThinkingCutOff
from .budget import BudgetExhausted
from .prompts import PromptTooLong

#: Failures that end one lineage and not the run (unless they keep coming, see max_model_errors).
LINEAGE_FAILURES = (ModelError, PromptTooLong)
#: Longest wait of the pool between looks at its stop conditions.
POLL_S = 0.5


@dataclass(frozen=True)
class Lineage:
    target: Subtask | None
    round: int
    index: int

    @property
    def name(self) -> str:
        return f"{self.target.name if self.target else 'full'}.r{self.round}.d{self.index}"


def open_points(agent, target: Subtask | None) -> float:
    """Points a lineage for TARGET can still win: its subtask's, or for the whole problem every open subtask's."""
    open_subtasks = agent.selection.open_subtasks()
    if target is None:
        return sum(s.points for s in open_subtasks) or 1.0
    return target.points if target in open_subtasks else 0.0


def plan_round(agent, rnd: int, targets: list[Subtask | None], width: int) -> list[Lineage]:
    """drafts_per_target lineages for each target, and the rest of the round's size spread by open points
    (largest remainder), ordered so that the first ones in flight cover every target."""
    cfg = agent.config
    base = cfg.drafts_per_target * len(targets)
    size = max(base, cfg.lineages_per_round or 2 * width)
    size = max(len(targets), agent.budget.affordable_lineages(size, agent.progress.tokens["completion"],
                                                              agent.lineage_costs))
    counts = [min(cfg.drafts_per_target, -(-size // len(targets))) for _ in targets]
    extra = size - sum(counts)
    if extra > 0:
        weights = [open_points(agent, t) for t in targets]
        total = sum(weights) or 1.0
        shares = [extra * w / total for w in weights]
        floors = [int(s) for s in shares]
        by_remainder = sorted(range(len(targets)), key=lambda i: (-(shares[i] - floors[i]), i))
        for i in by_remainder[:extra - sum(floors)]:
            floors[i] += 1
        counts = [c + f for c, f in zip(counts, floors)]
    plan = [Lineage(t, rnd, k) for k in range(max(counts)) for t, c in zip(targets, counts) if k < c]
    return plan[:size]


def first_drafts(plan: list[Lineage], width: int) -> dict[str, asyncio.Future]:
    """Futures for the first draft of each subtask among the lineages that start at once (the first WIDTH of
    round 0's PLAN): the reference finder may wait for them as votes. Only lineages that start at once, and that
    never wait for the stress set-up themselves (targeted ones do not), can be waited for without a deadlock."""
    loop = asyncio.get_running_loop()
    return {ln.name: loop.create_future() for ln in plan[:width] if ln.target is not None and ln.index == 0}


def first_draft_done(agent, cid: str, cand) -> None:
    """Resolve CID's future, if it has one: the candidate when it passed the samples, else None."""
    future = agent.first_drafts.get(cid)
    if future is not None and not future.done():
        future.set_result(cand if cand is not None and cand.samples_passed else None)


async def run_round(agent, plan: list[Lineage], width: int) -> None:
    """Run PLAN's lineages WIDTH at a time (the "rounds" policy). Returns when all are done."""
    queue: deque[Lineage] = deque(plan)
    await run_pool(agent, lambda: queue.popleft() if queue else None, width, agent.budget.seconds_left)


async def run_pool(agent, next_lineage: Callable[[], Lineage | None], width: int | Callable[[int], int],
                   seconds_left: Callable[[], float | None], should_stop: Callable[[], bool] = lambda: False,
                   on_finished: Callable[[Lineage], None] = lambda ln: None) -> None:
    """Keep WIDTH lineages in flight, each taken from NEXT_LINEAGE as a slot frees (None: nothing more to start);
    a callable WIDTH is asked, with the lineages running, how many may run now (scheduler.Day.width_now).
    Returns when none is left, or SHOULD_STOP says so (the lineages still running are cancelled); raises
    BudgetExhausted (every sibling cancelled) when SECONDS_LEFT reaches 0 or the tokens run out, and the last model
    error when max_model_errors lineages fail in a row. ON_FINISHED hears of each lineage that ended, however."""
    running: dict[asyncio.Task, Lineage] = {}
    failures_in_row = 0
    stop: BaseException | None = None
    exhausted = False

    async def one(lineage: Lineage) -> None:
        cost = [0]
        LINEAGE_TOKENS.set(cost)  # this task's own context: only its calls count here
        try:
            await agent.lineage(lineage.target, lineage.round, lineage.index)
        except ThinkingCutOff:
            agent.lineage_costs.append(cost[0])  # abandoned lineages cost the most: the next round plans with them
            raise
        agent.lineage_costs.append(cost[0])

    try:
        while stop is None and not should_stop():
            allowed = width(len(running)) if callable(width) else width
            while not exhausted and len(running) < allowed:
                lineage = next_lineage()
                if lineage is None:
                    exhausted = True
                    break
                running[asyncio.create_task(one(lineage), name=lineage.name)] = lineage
            if not running:
                break
            left = seconds_left()
            if left is not None and left <= 0:
                stop = BudgetExhausted("time budget spent")
                break
            # woken at least every POLL_S: a stop (every point won) or a moved deadline is seen without a finish
            timeout = POLL_S if left is None else min(left, POLL_S)
            done, _ = await asyncio.wait(running, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                lineage = running.pop(task)
                error = task.exception()
                if error is None:
                    failures_in_row = 0
                elif isinstance(error, ThinkingCutOff):
                    agent.journal.write({"type": "lineage_abandoned", "data": {"lineage": lineage.name,
                                                                                "reason": str(error)}})
                elif isinstance(error, LINEAGE_FAILURES) and not getattr(error, "outage", False):
                    failures_in_row += 1
                    agent.journal.write({"type": "lineage_failed", "data": {"lineage": lineage.name,
                                                                             "error": f"{type(error).__name__}: "
                                                                                      f"{error}"}})
                    if failures_in_row >= agent.config.max_model_errors:
                        stop = error
                else:
                    # a spent budget, a server silent past the client's patience (no lineage's fault: the run
                    # stops and --resume, or batch's retry, goes on from the journal), or a bug
                    stop = error
                on_finished(lineage)
    finally:
        # siblings stop here, before anything else runs: none of them writes after the pool (or the journal) ends
        for task in running:
            task.cancel()
        await asyncio.gather(*running, return_exceptions=True)
    if stop is not None:
        raise stop


def answered_unjudged(agent) -> list[tuple[str, Subtask | None, str, str | None]]:
    """Drafts and repairs whose answer is journaled but whose candidate was never judged (their lineage was cut
    short by the run's stop): (candidate id, target, answer, parent). The run's end judges them too, so a stop
    never loses an answer already paid for."""
    subtasks = {s.name: s for s in agent.problem.subtasks}
    found: dict[str, tuple[str, Subtask | None, str, str | None]] = {}
    for key, event in agent.journal.done.items():
        kind, _, rest = key.removeprefix("model:").partition(":")
        if kind not in ("draft", "repair") or event["data"].get("cut_off", False):
            continue
        asked = rest.split("~")[0]
        if kind == "draft":
            cid, parent = asked, None
        else:
            base, _, attempt = asked.partition(".f") if ".f" in asked else (asked, "", "0")
            cid, parent = f"{base}.f{int(attempt) + 1}", asked
        if f"eval:{cid}" in agent.journal.done or cid in found:  # (a cut-short eval left its candidate)
            continue
        name = cid.split(".")[0]
        found[cid] = (cid, subtasks.get(name), event["data"]["text"], parent)
    return sorted(found.values(), key=lambda t: t[0])
