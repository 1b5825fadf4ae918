"""The contest day under the "clock" policy: lineages start whenever a slot frees, until drafting must stop, and
what they find is clustered and submitted as it arrives, with no round barrier.

- Lineages come in waves: when the planned ones have all started and a slot is free, the next wave is planned
  (drafting.plan_round) for the subtasks open then. Each wave's plan is a journaled decision with the inputs it was
  made from; a resumed run replays the journaled waves instead of planning them again.
- A lineage that ends hands its candidates to the submitter, which clusters them (once the stress set-up has its
  clustering inputs) and submits what is new evidence (pacing.py), while the other lineages go on.
- Drafting stops when every point is won, when the submissions are spent, when the clock reaches its closing
  window (pacing.py) or the token budget runs out, or, with neither budget, after `rounds` waves.
"""
from __future__ import annotations

import asyncio
import time
from collections import deque

from ..model.slots import REQUEST_OWNER
from . import closing, drafting
from .drafting import Lineage


#: Lineages in flight at most, as a multiple of the model client's slots: the ones beyond are being judged.
OVERCOMMIT = 2


def fair_batch(model, batch_size: int) -> int:
    """The batch this problem may plan for: all of it alone, its even share when other problems of a batch or
    contest day share the client (Slots.room). Planned whole by each, the batch went to whichever problem started
    drafting first, and the others' first replies came a quarter of an hour later."""
    room = getattr(getattr(model, "client", None), "room", None)
    return min(batch_size, room(REQUEST_OWNER.get())) if callable(room) else batch_size


class Day:
    """One task's day of drafting under the clock policy. Owned by one Agent."""

    def __init__(self, agent, width: int):
        self.agent, self.width = agent, width
        self.queue: deque[Lineage] = deque()
        self.waves = 0
        self.ready: set[str] = set()
        """Candidates whose lineage has ended: their samples and stress tests are judged, they may be submitted."""
        self._wake = asyncio.Event()

    # ------------------------------------------------------------------ planning
    def plan_wave(self) -> list[Lineage]:
        """The next wave: replayed from the journal when an earlier session decided it, else planned now."""
        agent, key = self.agent, f"decision:wave:{self.waves}"
        subtasks = {s.name: s for s in agent.problem.subtasks}
        event = agent.journal.done.get(key)
        if event is None:
            targets = agent.targets(self.waves)
            plan = drafting.plan_round(agent, self.waves, targets, self.width) if targets else []
            inputs = {"elapsed": round(time.time() - agent.started, 2), "tokens": agent.progress.tokens["completion"],
                      "submissions": len(agent.submissions), "unsolved": [s.name for s in agent.unsolved()],
                      "lineages_done": len(agent.lineage_costs)}
            agent.journal.write({"key": key, "type": "decision", "data": {
                "kind": "wave", "lineages": [[ln.target.name if ln.target else None, ln.index] for ln in plan],
                **inputs}})
            event = agent.journal.done[key]
        plan = [Lineage(subtasks[t] if t else None, self.waves, k) for t, k in event["data"]["lineages"]]
        self.waves += 1
        return plan

    def width_now(self, running: int) -> int:
        """Lineages that may run now: at least the width the day was planned with, and under a clock (unless
        `parallel_lineages` set the width) more while the model client has free slots, up to OVERCOMMIT x its size.
        A lineage whose candidate is being judged holds no model slot: counting it as one left the GPU idle
        whenever the sandbox fell behind, and a width fixed at the client's first size (a /metrics-sized client
        grows, solver/model/metrics.py) kept the batch below what memory holds once other tasks were done."""
        # a width the user set is a cap; without a clock there is no day to keep the GPU busy over, and a fixed
        # width keeps such a run the same each time
        if self.agent.config.parallel_lineages or self.agent.budget.seconds is None:
            return self.width
        client = getattr(self.agent.model, "client", None)
        sequences, in_flight = getattr(client, "sequences", None), getattr(client, "in_flight", None)
        if not isinstance(sequences, int) or not isinstance(in_flight, int):
            return self.width
        # with other problems on the same client, only this one's room: planning every free slot for whichever
        # problem drafted first left the others' first replies a quarter of an hour behind (bench day)
        room = getattr(client, "room", None)
        free = room(REQUEST_OWNER.get()) if callable(room) else max(0, sequences - in_flight)
        return max(self.width, min(OVERCOMMIT * max(self.width, sequences), running + free))

    def _no_budget(self) -> bool:
        budget = self.agent.budget
        return budget.seconds is None and budget.max_tokens is None

    def next_lineage(self) -> Lineage | None:
        if not self.queue:
            if self.finished() or (self._no_budget() and self.waves >= self.agent.config.rounds):
                return None
            self.queue.extend(self.plan_wave())
            if not self.queue:
                return None
        return self.queue.popleft()

    def finished(self) -> bool:
        """Nothing more to draft for: every point won or every submission spent; without official tests, a
        full-problem candidate passed the samples."""
        agent = self.agent
        if not agent.problem.has_official_tests:
            return any(c.samples_passed and c.target is None for c in agent.candidates.values())
        return not agent.unsolved() or len(agent.submissions) >= agent.config.submissions

    # ------------------------------------------------------------------ the day
    def lineage_done(self, lineage: Lineage) -> None:
        prefix = lineage.name
        self.ready.update(cid for cid in self.agent.candidates if cid == prefix or cid.startswith(prefix + ".f"))
        self._wake.set()

    async def run(self) -> None:
        """Draft until drafting must stop; submissions go on beside it. Raises what stopped it early
        (BudgetExhausted, a model error, a bug), with the submitter stopped first."""
        agent = self.agent
        first = self.plan_wave()
        self.queue.extend(first)
        agent.first_drafts = drafting.first_drafts(first, self.width)
        submitter = asyncio.create_task(self._submit_as_found(), name="submitter")
        try:
            await drafting.run_pool(agent, self.next_lineage, self.width_now, agent.pacer.drafting_seconds_left,
                                    should_stop=lambda: self.finished() or submitter.done(),
                                    on_finished=self.lineage_done)
        finally:
            # a submission cut short here was journaled as a decision: the closing window replays it
            submitter.cancel()
            await asyncio.gather(submitter, return_exceptions=True)
        if submitter.done() and not submitter.cancelled() and submitter.exception() is not None:
            raise submitter.exception()

    async def _submit_as_found(self) -> None:
        agent = self.agent
        while True:
            await self._wake.wait()
            self._wake.clear()
            if not agent.problem.has_official_tests:
                continue
            await agent.setup_finished()  # the clustering inputs come with the stress set-up
            ready = [c for c in agent.candidates.values() if c.id in self.ready]
            await closing.cluster(agent, ready)
            await agent.submitter.replay(self.ready)
            await agent.submitter.new_evidence(ready)

