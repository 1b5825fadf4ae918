"""What a contestant learns from one submission: CMS's `oi_restricted` feedback level, the level IOI 2025 and 2026
packages set (`problem.json` `feedback_level`).

At that level CMS's ScoreTypeGroup (cms/grading/scoretypes/abc.py) marks, per subtask, only the first lowest-scoring
test `show_in_oi_restricted_feedback`, and the score type's own HTML template (in the same file) shows that test's
row without time or memory: its position within the subtask, its outcome (Correct / Not correct /
Partially correct) and the evaluation text ("Output isn't correct", "Execution timed out", ...). Never its input,
its expected output or its file name.

This is the only view of official judging the agent and `cpsolve select` get. We keep CMS's standard texts and
drop checker messages: a package checker's message may quote the test ("expected 17, found 16"), and nothing here
may carry test data.
"""
from __future__ import annotations

from sandbox.verdicts import TestResult, Verdict

from .scoring import SubtaskResult

# the evaluation texts of CMS's contest pages (cms/grading/steps/evaluation.py, EVALUATION_MESSAGES)
_TEXT = {
    Verdict.AC: "Output is correct",
    Verdict.PA: "Output is partially correct",
    Verdict.WA: "Output isn't correct",
    Verdict.TLE: "Execution timed out",
    Verdict.RE: "Execution failed because the return code was nonzero",
    Verdict.JE: "Judge error",
}
_KILLED = "Execution killed (could be triggered by violating memory limits)"


def _shown_verdict(t: TestResult) -> tuple[str, str]:
    """The verdict a contestant can tell from CMS's text: MLE, OLE and death by a signal all read 'killed'."""
    if t.verdict in (Verdict.MLE, Verdict.OLE) or (t.verdict is Verdict.RE and t.signal):
        return "RE", _KILLED
    return t.verdict.value, _TEXT.get(t.verdict, _TEXT[Verdict.WA])


def subtask_feedback(result: SubtaskResult) -> dict:
    """One subtask as `oi_restricted` shows it: its score and the first lowest-scoring test's outcome.

    Tests skipped by early stop are not candidates for 'first lowest': each exists only because a test that ran
    already scored 0, and that one is the test CMS (which runs every test) would show."""
    view = {"score": result.score, "max_score": result.max_score}
    ran = [(i, t) for i, t in enumerate(result.tests, 1) if t.verdict is not Verdict.SKIP]
    if not ran:
        return {**view, "test": None, "outcome": "Correct" if result.verdict is Verdict.AC else "Not correct",
                "verdict": result.verdict.value, "text": ""}
    index, test = min(ran, key=lambda it: (it[1].score, it[0]))
    outcome = "Correct" if test.score >= 1.0 else "Not correct" if test.score <= 0.0 else "Partially correct"
    verdict, text = _shown_verdict(test)
    return {**view, "test": index, "outcome": outcome, "verdict": verdict, "text": text}


def contestant_feedback(subtasks: list[SubtaskResult]) -> dict[str, dict]:
    """Subtask name -> what `oi_restricted` feedback shows of it."""
    return {s.name: subtask_feedback(s) for s in subtasks}
