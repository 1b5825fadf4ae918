"""Drafting as a pool: a round's lineages run a fixed number at a time, and each that finishes makes room for the
next, so the model's batch stays full while work remains.

Which lineages a round drafts is decided when it starts, from what is journaled (open subtasks, tokens spent,
the cost of finished lineages), never from the order in which concurrent lineages finish: a resumed run plans the
same round. One lineage's model error ends that lineage only; a spent budget stops all of them at once, and none
is left running when the round returns.
"""
from __future__ import annotations

import asyncio
from collections import deque
from dataclasses import dataclass

from ..model.wire import ModelError
from ..problems.model import Subtask
from .asking import LINEAGE_TOKENS, ThinkingCutOff
from .budget import BudgetExhausted
from .prompts import PromptTooLong

#: Failures that end one lineage and not the run (unless they keep coming, see max_model_errors).
LINEAGE_FAILURES = (ModelError, PromptTooLong)


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
    open_subtasks = agent.unsolved() if agent.problem.has_official_tests else \
        [s for s in agent.problem.subtasks if s.points > 0]
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
    """Run PLAN's lineages WIDTH at a time. Returns when all are done; raises BudgetExhausted (with every sibling
    cancelled) when the budget runs out, and the last model error when max_model_errors lineages fail in a row."""
    queue: deque[Lineage] = deque(plan)
    running: dict[asyncio.Task, Lineage] = {}
    failures_in_row = 0
    stop: BaseException | None = None

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
        while (queue or running) and stop is None:
            while queue and len(running) < width:
                lineage = queue.popleft()
                running[asyncio.create_task(one(lineage), name=lineage.name)] = lineage
            left = agent.budget.seconds_left()
            done, _ = await asyncio.wait(running, timeout=left, return_when=asyncio.FIRST_COMPLETED)
            if not done:
                stop = BudgetExhausted("time budget spent")
                break
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
    finally:
        # siblings stop here, before anything else runs: none of them writes after the round (or the journal) ends
        for task in running:
            task.cancel()
        await asyncio.gather(*running, return_exceptions=True)
    if stop is not None:
        raise stop
