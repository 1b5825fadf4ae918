"""Replies cut by the per-call completion budget: classified, counted, shown, and when most are cut, the run stops.

A cut reply has no usable answer: the thought never ended (`finish_reason` "length" mid-thought), the server sent
reasoning and `content: null`, or the answer itself stopped at the budget (a program cut mid-way). The agent asks
such a call again (asking.py); when most replies are cut, asking again only spends tokens on nothing, so the run
stops and says which setting to raise. The rule looks at this session's own calls, not the ones replayed from the
journal: a resumed run is judged by what it asks itself.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .budget import BudgetExhausted

#: The stop rule: at least this many replies in the session ...
MIN_REPLIES = 20
#: ... and at least this share of them cut.
MOST_CUT = 0.8


class MostRepliesCut(BudgetExhausted):
    """Most replies were cut by the per-call completion budget. A `BudgetExhausted`, so the run ends through the
    same path as a spent budget: drafting stops, and candidates that passed the samples are still clustered and
    submitted. Its message is the one line the user reads: what happened and which setting to raise."""


def cut_reason(finish_reason: str, unterminated: bool) -> str | None:
    """Why a reply has no usable answer, or None when it has one.

    "thinking": the budget ran out mid-thought; "no_answer": the reply ended after reasoning with no answer
    (content null, or a thought never closed); "answer": the answer itself stopped at the budget."""
    if unterminated:
        return "thinking" if finish_reason == "length" else "no_answer"
    return "answer" if finish_reason == "length" else None


@dataclass
class ReplyTally:
    """Replies and cut replies of a run (replayed ones included), and of this session (for the stop rule)."""

    replies: int = 0
    """Replies received, the journal's replayed ones included."""
    cut: int = 0
    """Of them, the replies cut by the budget."""
    cut_by: dict[str, int] = field(default_factory=dict)
    """Cut replies by `cut_reason`."""
    session_replies: int = 0
    """Replies this session asked for (not replayed)."""
    session_cut: int = 0
    """Of them, the cut ones."""
    stop_rule: bool = True
    """Whether most replies cut stops the calls (the agent). Eval turns it off: there a cut reply is a failed
    sample, as published protocols count it, and every sample is still asked."""

    def count(self, reason: str | None, fresh: bool) -> None:
        """One reply; REASON from `cut_reason`; FRESH when this session made the call."""
        self.replies += 1
        self.session_replies += fresh
        if reason is not None:
            self.cut += 1
            self.session_cut += fresh
            self.cut_by[reason] = self.cut_by.get(reason, 0) + 1

    def check(self, completion_tokens: int) -> None:
        """Raise MostRepliesCut once at least MIN_REPLIES replies of this session came and MOST_CUT of them were
        cut; COMPLETION_TOKENS is the per-call budget they were cut at (named in the message)."""
        n, cut = self.session_replies, self.session_cut
        if self.stop_rule and n >= MIN_REPLIES and cut >= MOST_CUT * n:
            raise MostRepliesCut(
                f"stopped: {cut} of {n} replies were cut by the per-call budget of {completion_tokens:,} completion "
                f"tokens; raise it (--model or --recipe naming the model's recipe, or max_completion_tokens in the "
                f"agent config) and start again in another --out (a resume keeps the run's settings)")

    def warning(self) -> str | None:
        """At the end of a run the stop rule never tripped (too few replies, e.g. few lineages that each gave up
        after their resamples): one line when most of this session's replies were cut all the same, since such a
        run ends "done" with nothing to show for it."""
        n, cut = self.session_replies, self.session_cut
        if n == 0 or cut < MOST_CUT * n:
            return None
        return (f"warning: {cut} of {n} replies were cut by the per-call budget; raise it (--call-tokens, or "
                f"--model/--recipe naming the model's recipe) and start again in another --out")

    def to_json(self) -> dict:
        return {"total": self.replies, "cut": self.cut, "cut_by": dict(sorted(self.cut_by.items()))}
