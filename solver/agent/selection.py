"""The submission side of a run: which candidate to submit next, what each submission taught, and the answer when
there is nothing to submit to. `cpsolve solve`, `cpsolve select` and `cpsolve batch` all choose through here.

What a submission teaches is only what a contestant sees (solver/judge/feedback.py: per subtask the score and the first
lowest-scoring test's outcome). Two rules use it:
- a behaviour cluster that lost subtask S on a wrong outcome is not submitted for S again while another cluster
  can be: its members printed the same outputs on the generated inputs, so they would likely lose S the same way.
  While drafting, it is new evidence for S again only through a member drafted after that loss (its prompt
  carried the verdict, prompts.verdict_history): drafts told of the loss that still land in the cluster say the
  generated inputs cannot tell the bug apart (an overflow only the official tests reach), and without this the
  day drafted into one barred cluster until its closing window;
- a loss by time-out says the approach is too slow, not that the cluster's outputs are wrong (a brute force and a
  fast solution agree on small inputs): the cluster stays eligible through members not yet tried. The next drafts
  see every verdict with the program that got it (prompts.verdict_history).
Every cluster gets one submission before any cluster gets a second, clusters that a stress test proved wrong come
after the others, and the same program is never submitted twice: not within a cluster, nor across clusters (a
candidate without a signature is a cluster of its own, so byte-identical drafts would otherwise each be one), by
the digest of its source up to whitespace. When to submit is pacing.py's to say.
"""
from __future__ import annotations

import hashlib
from typing import Awaitable, Callable, Iterable

from ..judge.judging import Submission
from ..problems.model import Problem, Subtask
from .candidates import Candidate, Clusters, cluster_key, rank_key
from .journal import Journal


def source_digest(c: Candidate) -> str:
    """The program up to whitespace: two candidates with one digest are the same submission."""
    return hashlib.sha256(" ".join(c.source.split()).encode()).hexdigest()[:16]


class Selection:
    def __init__(self, problem: Problem, journal: Journal, judge: Callable[[Candidate], Awaitable[Submission]],
                 budget: int, clock: Callable[[], float], on_change: Callable[[], None] = lambda: None):
        """`judge` runs the official tests on a candidate (its result is turned into contestant feedback before
        anything here looks at it); `clock` gives the run's elapsed seconds for the history."""
        self.problem, self.journal, self.judge, self.budget = problem, journal, judge, budget
        self.clock, self.on_change = clock, on_change
        self.best: dict[str, tuple[float, int | None]] = {s.name: (0.0, None) for s in problem.subtasks}
        """Subtask -> (best score, 1-based submission that got it)."""
        self.submissions: list[dict] = []
        """History entries of the submissions that compiled (a compile failure does not count, as at the IOI)."""
        self.barred: set[tuple[str, str]] = set()
        """(cluster, subtask) pairs that lost on a wrong outcome."""
        self.timed_out: list[str] = []
        """Subtasks a submission lost by time-out, in the order it happened."""
        self.slow_lost: set[tuple[str, str]] = set()
        """(cluster, subtask) pairs that lost by time-out: right outputs, too slow."""
        self.hinted: set[str] = set()
        """Candidates drafted after a time-out for their target (their prompt carried it: prompts.verdict_history)."""
        self.barred_at: dict[tuple[str, str], int] = {}
        """(cluster, subtask) -> the compiled submissions there were when it was last barred."""
        self.informed: dict[str, int] = {}
        """Candidate -> the compiled submissions whose verdicts its draft prompt carried."""
        self.clusters = 0
        self.digests: set[str] = set()
        """Source digests of every candidate submitted so far (compiled or not)."""

    def unsolved(self) -> list[Subtask]:
        return [s for s in self.problem.subtasks if s.points > 0 and self.best[s.name][0] < s.points - 1e-9]

    def open_subtasks(self) -> list[Subtask]:
        """The scored subtasks a lineage can still win points in: the unsolved ones, or every one where the problem
        has no official tests (a statement's samples alone: nothing is ever judged solved)."""
        if self.problem.has_official_tests:
            return self.unsolved()
        return [s for s in self.problem.subtasks if s.points > 0]

    def submittable(self, c: Candidate) -> bool:
        """Samples passed; or, written for one subtask, some samples passed: the others may lie outside that
        subtask's constraints (a sample with huge values says nothing about a small-values subtask)."""
        if not c.compiled:
            return False
        return c.samples_passed or (c.target is not None and c.samples_failed < len(self.problem.samples))

    def next_for(self, subtask: Subtask, candidates: Iterable[Candidate], new_only: bool = False) -> Candidate | None:
        """The top untried member, written for SUBTASK or the whole problem, of the best cluster, in this order:
        clusters not barred from SUBTASK first (a barred one is a last resort: its signature was taken on
        generated inputs, and the official tests may still tell its members apart); then clusters with a member
        that passed its stress test (a counterexample is evidence, a cluster's size is only a vote); then those
        with fewer submissions so far; then those with a member not found slow; then the clustering's own order
        (bigger first). A program already submitted, up to whitespace, is never submitted again. NEW_ONLY: only
        clusters that are new evidence for SUBTASK: nothing of them submitted yet, or (a cluster that lost SUBTASK
        only by time-out) a member drafted after that, told to find a faster approach; or (a cluster barred from
        SUBTASK) a member drafted after its last loss there, told of it."""
        clusters = Clusters.build([c for c in candidates if self.submittable(c)])
        self.clusters = len(clusters.groups)
        best, best_rank = None, None
        for order, group in enumerate(clusters.groups):
            tried = sum(c.submitted for c in group)
            key = (cluster_key(group[0]), subtask.name)
            barred = key in self.barred
            # new evidence: a cluster not tried yet, or one that was only too slow, through a draft told to be faster,
            # or one that lost on a wrong outcome, through a draft told of that loss
            slow_retry = tried and key in self.slow_lost
            if new_only and tried and not (slow_retry or barred):
                continue

            def eligible(c: Candidate) -> bool:
                if not new_only:
                    return True
                if barred:
                    return self.informed.get(c.id, -1) >= self.barred_at.get(key, 1 << 30)
                return not tried or (slow_retry and c.id in self.hinted)

            cand = next((c for c in group if not c.submitted and c.target in (None, subtask.name)
                         and source_digest(c) not in self.digests and eligible(c)), None)
            rank = (barred, all(c.stress_failed > 0 for c in group), tried, all(c.slow for c in group), order)
            if cand is not None and (best_rank is None or rank < best_rank):
                best, best_rank = cand, rank
        return best

    async def submit(self, cand: Candidate) -> dict:
        """Judge CAND on the official tests once, journaled under the candidate's own id: a resumed run finds it
        again, and no other candidate can ever inherit its result."""

        async def step() -> dict:
            submitted_at = self.clock()  # a submission's time is when it was made, not when its judging ended
            return (await self.judge(cand)).history_entry(cand.id, submitted_at)

        data = await self.journal.once(f"submit:{cand.id}", "submission", step)
        cand.submitted = True
        self.digests.add(source_digest(cand))
        if data["compiled"]:
            self.submissions.append(data)
            self._learn(cand, data)
        self.on_change()
        return data

    def _learn(self, cand: Candidate, data: dict) -> None:
        number = len(self.submissions)
        for name, score in data["subtasks"].items():
            if score > self.best[name][0]:
                self.best[name] = (score, number)
        for st in self.problem.subtasks:
            view = data["feedback"][st.name]
            if st.points <= 0 or view["score"] >= st.points - 1e-9:
                continue
            if view["verdict"] == "JE":
                continue  # the judge failed, not the program: it says nothing about the cluster
            if view["verdict"] == "TLE":
                if st.name not in self.timed_out:
                    self.timed_out.append(st.name)
                self.slow_lost.add((cluster_key(cand), st.name))
            else:
                self.barred.add((cluster_key(cand), st.name))
                self.barred_at[(cluster_key(cand), st.name)] = number

    def slow_for(self, target: Subtask | None) -> bool:
        """Whether a submission lost an unsolved subtask of TARGET (None: any) by time-out: the next drafts for it
        see that verdict, and a cluster that was only too slow counts as new evidence again through them."""
        open_names = {s.name for s in self.unsolved()}
        return any(n in open_names for n in self.timed_out if target is None or n == target.name)

    def choose_answer(self, candidates: Iterable[Candidate]) -> Candidate | None:
        """Without official tests, the answer is the top of the best cluster (full-problem candidates first)."""
        pool = [c for c in candidates if c.compiled]
        if not pool:
            return None
        full = [c for c in pool if c.target is None and c.samples_passed]
        ranked = Clusters.build(full).groups if full else [sorted(pool, key=rank_key)]
        return ranked[0][0]
