"""What a run hands back: the result (`AgentResult`, written as result.json) and the live view's `Progress`."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..problems.model import Problem
from .candidates import Candidate
from .cuts import ReplyTally


@dataclass
class AgentResult:
    problem: Problem
    best: dict[str, tuple[float, int | None]]
    """Subtask -> (best score, 1-based submission that got it)."""
    submissions: list[dict]
    tokens: dict[str, int]
    wall_s: float
    run_dir: str
    answer: Candidate | None = None
    replies: ReplyTally = field(default_factory=ReplyTally)
    """Model replies and those cut by the per-call budget (result.json's "replies")."""
    stop_reason: str = "done"
    """Why the run ended: "done", a spent budget, or the one line of a stop the user must act on."""
    tools: dict | None = None
    """With `tools: true`: tool conversations, calls, turns and sandbox seconds (toolcalls.tool_totals)."""

    @property
    def score(self) -> float:
        return sum(s for s, _ in self.best.values())  # unrounded (IOI: per-subtask maxima); rounded when shown

    def to_json(self) -> dict:
        return {
            "problem": self.problem.id,
            "score": self.score,
            "max_score": self.problem.max_score,
            "score_precision": self.problem.score_precision,
            "subtasks": [{"name": st.name, "max_score": st.points, "score": self.best[st.name][0],
                          "submission": self.best[st.name][1]} for st in self.problem.subtasks],
            "submissions_used": len(self.submissions),
            "tokens": dict(self.tokens),
            "wall_s": round(self.wall_s, 1),
            "run_dir": self.run_dir,
            "replies": self.replies.to_json(),
            "stop_reason": self.stop_reason,
            **({"answer": self.answer.id} if self.answer else {}),
            **({"tools": self.tools} if self.tools is not None else {}),
        }

    def details(self) -> dict:
        """Everything a report needs beyond the result: the submission history."""
        return {"history": self.submissions}


@dataclass
class Progress:
    """What the live view shows."""

    stage: str = "starting"
    drafted: int = 0
    compiled: int = 0
    passing_samples: int = 0
    surviving_stress: int = 0
    clusters: int = 0
    submissions: int = 0
    best: dict[str, float] = field(default_factory=dict)
    tokens: dict[str, int] = field(default_factory=lambda: {"prompt": 0, "completion": 0})
    replies: ReplyTally = field(default_factory=ReplyTally)
    """Model replies so far and how many the per-call budget cut (shared with the agent's Asker)."""
