"""Clustering as candidates arrive, and the run's end: however drafting stopped (the clock's closing window, the
token budget, model errors, a bug in one lineage), what passed the samples is clustered and submitted before the
clock ends."""
from __future__ import annotations

import asyncio
import time

from . import drafting
from .budget import BudgetExhausted
from .candidates import Candidate


async def cluster(agent, candidates: list[Candidate]) -> None:
    """Behaviour signatures of CANDIDATES not clustered yet, all at once (each is sandbox work of its own), in id
    order (the first one may become the anchor the others are compared with); each one's time goes to the pacer."""
    todo = sorted((c for c in candidates if c.samples_passed and not c.signature), key=lambda c: c.id)

    async def one(cand: Candidate) -> None:
        start = time.time()
        await agent.lab.signature(cand)
        agent.pacer.clustered(time.time() - start)

    await asyncio.gather(*(one(c) for c in todo))


async def close(agent) -> None:
    """Judge the answers whose lineage was cut short, cluster what is not clustered yet, then spend what is left of
    the submissions, all before the clock ends. Clustering that cannot finish in time leaves the rest unclustered
    (each its own cluster, fastest first), never unsubmitted."""
    if not agent.problem.has_official_tests:
        return
    agent._update("closing: clustering")
    try:
        await asyncio.wait_for(_judge_and_cluster(agent), agent.pacer.clustering_seconds_left())
    except (asyncio.TimeoutError, BudgetExhausted):
        agent.journal.write({"type": "clustering_cut", "data": {"unclustered": sum(
            c.samples_passed and not c.signature for c in agent.candidates.values())}})
    agent._update("closing: submitting")
    await agent.submit_phase()


async def _judge_and_cluster(agent) -> None:
    # the run may be ending on a bug: one that strikes again here costs a candidate or the clustering, never the
    # submissions (the run still ends with its first error)
    failures = await asyncio.gather(*(agent.evaluate(cid, target, agent._extract(text, agent.language), parent)
                                      for cid, target, text, parent in drafting.answered_unjudged(agent)),
                                    return_exceptions=True)
    try:
        await agent.setup_finished()
        await cluster(agent, list(agent.candidates.values()))
    except (BudgetExhausted, asyncio.CancelledError):
        raise
    except Exception as e:  # noqa: BLE001 - see above
        failures.append(e)
    for error in failures:
        if isinstance(error, BaseException) and not isinstance(error, asyncio.CancelledError):
            agent.journal.write({"type": "closing_error", "data": {"error": f"{type(error).__name__}: {error}"}})
