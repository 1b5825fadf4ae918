"""When to submit: the submission budget paced over the task's clock, and every submission a journaled decision.

The policy ("clock", the default):
- while drafting, a cluster is submitted when it is new evidence for an unsolved subtask: nothing of it was
  submitted yet and no submission barred it from that subtask, or it lost the subtask only by time-out and a
  member drafted after that (told to be faster) is untried (selection.py chooses which);
- such submissions are capped by an allowance that grows with the day: half the budget in the task's first fifth
  (of its clock, or of its token budget when there is no clock), rising to all but `submission_reserve` at the
  end; the reserve is kept for what later drafts find. A run with neither budget has no day: it submits only
  once drafting ends;
- in the closing window (drafting stopped: the clock's last `closing_share` or what the judging measured so far
  says it needs, the token budget spent, every lineage done, or the run stopping on an error) what is left goes
  to the best untried clusters, barred ones last, each submission started only while it can be judged before
  the clock ends;
- the same program is never submitted twice (selection.py, by source digest).

Each decision is journaled (`decision:submit:N`, with the inputs it was made from) before the candidate is judged;
a resumed run submits the journaled candidates in order instead of choosing again.
"""
from __future__ import annotations

import math
import statistics
import time

from .candidates import Candidate
from .selection import source_digest

#: Share of the clock in which at most half the submissions may be spent (unless every point is won).
FIRST_SHARE = 0.2
#: The closing window is never more than this share of the task's time.
CLOSING_MAX_SHARE = 0.3
#: Before anything was measured: seconds one official judging, and one candidate's clustering, are assumed to take.
JUDGE_GUESS_S, SIGNATURE_GUESS_S = 2.0, 0.5
#: Submissions the closing window is sized for at least (when that many are left).
CLOSING_SUBMISSIONS = 10


class Pacer:
    """The task's clock as the submissions see it. Owned by one Agent."""

    def __init__(self, agent):
        self.agent = agent
        self.judge_s: list[float] = []
        """Seconds each official judging of this session took."""
        self.signature_s: list[float] = []
        """Seconds each clustering of a candidate in this session took."""

    def fraction(self) -> float | None:
        """Share of the task gone: of its clock, else of its token budget; None when it has neither."""
        budget, tokens = self.agent.budget, self.agent.progress.tokens["completion"]
        if budget.seconds is not None:
            return min(1.0, (time.time() - budget.started) / budget.seconds)
        if budget.max_tokens is not None:
            return min(1.0, tokens / budget.max_tokens)
        return None

    def allowance(self) -> int:
        """Submissions that may have been made by now while drafting goes on."""
        total = self.agent.config.submissions
        kept = math.ceil(total * (1 - self.agent.config.submission_reserve))
        half, f = total // 2, self.fraction()
        if f is None:
            # no clock and no token budget: no day to pace over. Everything is chosen once drafting (`rounds`
            # waves) ends, from every candidate at once, which also makes such a run the same each time
            return 0
        if f < FIRST_SHARE:
            return min(half, kept)
        return min(kept, half + math.floor((kept - half) * (f - FIRST_SHARE) / (1 - FIRST_SHARE)))

    def _judge_estimate(self) -> float:
        return max(self.judge_s[-10:]) if self.judge_s else JUDGE_GUESS_S

    def closing_seconds(self) -> float:
        """The time kept after drafting stops, to cluster what is unclustered and submit what is left."""
        seconds = self.agent.budget.seconds
        if seconds is None:
            return 0.0
        agent = self.agent
        left = agent.config.submissions - len(agent.submissions)
        unclustered = sum(c.samples_passed and not c.signature for c in agent.candidates.values())
        signature = statistics.mean(self.signature_s) if self.signature_s else SIGNATURE_GUESS_S
        need = self._judge_estimate() * min(left, CLOSING_SUBMISSIONS) + signature * unclustered
        return min(CLOSING_MAX_SHARE * seconds, max(agent.config.closing_share * seconds, need))

    def drafting_seconds_left(self) -> float | None:
        left = self.agent.budget.seconds_left()
        return None if left is None else left - self.closing_seconds()

    def clustering_seconds_left(self) -> float | None:
        """Clustering in the closing window stops with room left for a few submissions: what it has not reached
        then is submitted unclustered (each candidate its own cluster, fastest first), never not at all."""
        left = self.agent.budget.seconds_left()
        if left is None:
            return None
        left_subs = self.agent.config.submissions - len(self.agent.submissions)
        return left - self._judge_estimate() * min(left_subs, 3)

    def may_submit(self) -> bool:
        """A submission starts only while it can be judged before the clock ends."""
        left = self.agent.budget.seconds_left()
        return left is None or left > self._judge_estimate()

    def judged(self, seconds: float) -> None:
        self.judge_s.append(seconds)

    def clustered(self, seconds: float) -> None:
        self.signature_s.append(seconds)


class Submitter:
    """Journals each submission decision, and replays the journaled ones on resume. Owned by one Agent."""

    def __init__(self, agent):
        self.agent = agent
        self.made = 0
        """Decisions taken or replayed in this run: the next one's number."""

    def _pending(self) -> dict | None:
        event = self.agent.journal.done.get(f"decision:submit:{self.made}")
        return event["data"] if event else None

    async def replay(self, ready: set[str] | None) -> None:
        """Submit the journaled decisions still to replay, in order, while their candidates are back (READY: the
        candidates that may be submitted now; None in the closing window, where a candidate that did not come
        back this time, its lineage cut short, is passed over and the choice made again)."""
        while (decision := self._pending()) is not None:
            cand = self.agent.candidates.get(decision["candidate"])
            if cand is None and ready is None:
                # judged in an earlier session whose lineage did not run again in this one (a resume that found
                # the clock already spent): the journal still has it, and its submission must not be lost
                cand = self._journaled_candidate(decision["candidate"])
            if cand is None or (ready is not None and cand.id not in ready):
                if ready is not None:
                    return
                self.made += 1
                continue
            self.made += 1
            if not cand.submitted:
                await self.agent.selection.submit(cand)

    def _journaled_candidate(self, cid: str) -> Candidate | None:
        """CID as an earlier session judged it on the samples (its journaled `eval:` step and saved source), now
        one of the agent's candidates again; None when the journal does not have it whole."""
        agent = self.agent
        event = agent.journal.done.get(f"eval:{cid}")
        path = agent.journal.run_dir / "candidates" / f"{cid}{agent.language.suffix}"
        if event is None or not path.is_file():
            return None
        data = event["data"]
        target = cid.split(".", 1)[0]
        cand = Candidate(id=cid, target=None if target == "full" else target, language=agent.language.name,
                         source=path.read_text(), compiled=data["compiled"], compile_log=data["log"],
                         samples_passed=data["passed"], samples_failed=data["failed"])
        agent.candidates[cid] = cand
        return cand

    async def _decide(self, subtask, candidates: list[Candidate], why: str, new_only: bool) -> bool:
        agent = self.agent
        cand = agent.selection.next_for(subtask, candidates, new_only=new_only)
        if cand is None:
            return False
        inputs = {"subtask": subtask.name, "why": why, "elapsed": round(time.time() - agent.started, 2),
                  "fraction": self._rounded(agent.pacer.fraction()), "allowance": agent.pacer.allowance(),
                  "submissions": len(agent.submissions), "clusters": agent.selection.clusters,
                  "unsolved": [s.name for s in agent.unsolved()], "digest": source_digest(cand)}
        agent.journal.write({"key": f"decision:submit:{self.made}", "type": "decision",
                             "data": {"kind": "submit", "candidate": cand.id, **inputs}})
        self.made += 1
        await agent.selection.submit(cand)
        return True

    @staticmethod
    def _rounded(f: float | None) -> float | None:
        return None if f is None else round(f, 4)

    async def new_evidence(self, candidates: list[Candidate]) -> None:
        """While drafting: each unsolved subtask (hardest first) gets the clusters that are new evidence for it,
        within the allowance."""
        agent = self.agent
        if self._pending() is not None:
            return  # a journaled decision waits for its candidate: nothing is decided before it is replayed
        progress = True
        while progress:
            progress = False
            for st in reversed(agent.unsolved()):
                if len(agent.submissions) >= agent.pacer.allowance() or not agent.pacer.may_submit():
                    return
                if st in agent.unsolved() and await self._decide(st, candidates, "new evidence", new_only=True):
                    progress = True

    async def spend_rest(self, candidates) -> None:
        """The closing window: round-robin over unsolved subtasks from the hardest, the best untried cluster each,
        until the budget is spent, nothing is left to try, or no submission could be judged before the clock.
        CANDIDATES is asked again before each pick."""
        agent = self.agent
        await self.replay(None)
        while len(agent.submissions) < agent.config.submissions and agent.unsolved():
            progress = False
            for st in reversed(agent.unsolved()):
                if len(agent.submissions) >= agent.config.submissions or st not in agent.unsolved():
                    continue
                if not agent.pacer.may_submit():
                    return
                progress |= await self._decide(st, list(candidates()), "closing", new_only=False)
            if not progress:
                break
