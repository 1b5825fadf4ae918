"""Checkers that are programs from the problem package, compiled and run inside the sandbox as the judge user.

Three protocols, one runner: they differ only in argument order, where the output arrives, and how the
exit code and streams become an outcome.
- testlib:  `checker input output answer`; exit 0 OK, 1 WA, 2 PE, 3 FAIL, 7 points (`points X` in the message).
- CMS:      `checker input answer output`; the outcome in [0, 1] on stdout, the message on stderr.
- Kattis:   `validator input answer feedback_dir < output`; exit 42 accept, 43 reject, optional score.txt and
            judgemessage.txt in feedback_dir.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ..compiler import Program
from ..process import ProcResult, ProcSpec
from ..protocol import RunnerError
from .base import CheckContext, Outcome

CHECKER_CPU_S = 30.0
CHECKER_WALL_S = 60.0
CHECKER_MEM_KIB = 2 * 1024 * 1024
OUTPUT_PATH = "/work/secret/checked-output"

#: CMS checkers may print these keys instead of a message; CMS shows them translated.
CMS_MESSAGES = {
    "translate:success": "Output is correct",
    "translate:wrong": "Output isn't correct",
    "translate:partial": "Output is partially correct",
}


def _message(data: bytes, limit: int = 500) -> str:
    text = data.decode(errors="replace").strip()
    return text if len(text) <= limit else text[:limit] + "..."


@dataclass
class ExternalChecker:
    program: Program
    protocol: str
    """testlib | cms | kattis"""
    flags: tuple[str, ...] = ()
    costs: bool = False
    """CMS protocol, GroupThreshold task: the outcome is a cost (any number), not a fraction in [0, 1]."""

    def check(self, ctx: CheckContext) -> Outcome:
        worker = ctx.worker
        judge = worker.judge
        # the checker is the judge's: a submission can neither list nor read it
        binary = worker.stage_program(self.program, secret=True)
        judge.put(OUTPUT_PATH, ctx.output, 0o600)
        inp, ans = ctx.stage_input(), ctx.stage_answer()
        box = worker.box("checker")
        argv = self.program.language.run_argv(binary)
        spec = ProcSpec(argv=[], cpu_s=CHECKER_CPU_S, wall_s=CHECKER_WALL_S, mem_kib=CHECKER_MEM_KIB,
                        untrusted=False, err_tail=64 * 1024)
        if self.protocol == "testlib":
            spec.argv = argv + [inp, OUTPUT_PATH, ans]
            return testlib_outcome(judge.run([spec], box=box)[0])
        if self.protocol == "cms":
            spec.argv = argv + [inp, ans, OUTPUT_PATH]
            return cms_outcome(judge.run([spec], box=box)[0], costs=self.costs)
        if self.protocol == "kattis":
            spec.argv = argv + [inp, ans, "feedback/"] + list(self.flags)
            spec.stdin = OUTPUT_PATH
            spec.copies = [(binary, "feedback/.keep")]  # makes the feedback directory in the fresh box
            result = judge.run([spec], box=box, keep_box=True)[0]
            try:
                score_txt = get_optional(judge, f"{box}/feedback/score.txt")
                message = read_feedback_message(judge, f"{box}/feedback")
            finally:
                judge.rm(box)
            return kattis_outcome(result, score_txt, message)
        raise ValueError(f"unknown checker protocol {self.protocol!r}")


def _crashed(result: ProcResult) -> Outcome | None:
    if result.killed != "none" or result.signal:
        why = result.killed if result.killed != "none" else f"signal {result.signal}"
        return Outcome(0.0, f"checker failed ({why}): {_message(result.stderr)}", judge_error=True)
    return None


def testlib_outcome(r: ProcResult) -> Outcome:
    """testlib exit codes: 0 OK, 1 WA, 2 PE, 3 FAIL, 7 points (`points X` in the message)."""
    if (bad := _crashed(r)) is not None:
        return bad
    msg = _message(r.stderr) or _message(r.stdout)
    if r.exit_code == 0:
        return Outcome(1.0, msg or "ok")
    if r.exit_code in (1, 2):
        return Outcome(0.0, ("presentation error: " if r.exit_code == 2 else "") + msg)
    if r.exit_code == 7:
        # testlib's quitp writes "points <value> <message>"; exit 7 (_points) without a value (quitpi's
        # points_info, or a bare exit 7) is a checker failure, never a wrong answer
        m = re.search(r"(?:^|\s)points\s+([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)",
                      r.stderr.decode(errors="replace") + " " + r.stdout.decode(errors="replace"))
        if not m:
            return Outcome(0.0, f"checker exited 7 (points) without 'points X': {msg}", judge_error=True)
        points = float(m.group(1))
        if not 0.0 <= points <= 1.0:
            return Outcome(0.0, f"checker gave points {points} outside [0, 1]", judge_error=True)
        return Outcome(points, msg)
    return Outcome(0.0, f"checker FAIL (exit {r.exit_code}): {msg}", judge_error=True)


def cms_outcome(r: ProcResult, costs: bool = False) -> Outcome:
    """CMS: the outcome on stdout, the message on stderr's first line. A cost (GroupThreshold) is any number, as
    CMS reads it (extract_outcome_and_text: `float(outcome)`); a fraction must lie in [0, 1]."""
    if (bad := _crashed(r)) is not None:
        return bad
    if r.exit_code != 0:
        return Outcome(0.0, f"checker exited {r.exit_code}: {_message(r.stderr)}", judge_error=True)
    try:
        score = float(r.stdout.split()[0])
    except (IndexError, ValueError):
        return Outcome(0.0, f"checker printed no score: {_message(r.stdout)}", judge_error=True)
    if not costs and not 0.0 <= score <= 1.0:
        return Outcome(0.0, f"checker score {score} outside [0, 1]", judge_error=True)
    if costs and not math.isfinite(score):
        return Outcome(0.0, f"checker cost {score} is not a number", judge_error=True)
    first_line = r.stderr.decode(errors="replace").strip().splitlines()
    message = first_line[0] if first_line else ""
    return Outcome(score, CMS_MESSAGES.get(message, message), cost=costs)


def kattis_outcome(r: ProcResult, score_txt: bytes | None, message: bytes | None) -> Outcome:
    """Kattis: exit 42 accept, 43 reject; score.txt and judgemessage.txt from the feedback directory."""
    if (bad := _crashed(r)) is not None:
        return bad
    text = _message(message or b"") or _message(r.stderr)
    if r.exit_code == 42:
        raw = None
        if score_txt is not None:
            try:
                raw = float(score_txt.split()[0])
            except (IndexError, ValueError):
                return Outcome(0.0, f"unreadable score.txt: {_message(score_txt)}", judge_error=True)
        return Outcome(1.0, text or "accepted", raw_points=raw)
    if r.exit_code == 43:
        return Outcome(0.0, text or "wrong answer")
    return Outcome(0.0, f"output validator exited {r.exit_code}: {text}", judge_error=True)


def read_feedback_message(session, feedback_dir: str) -> bytes | None:
    """The Kattis spec names it judgemessage.txt; some validators in the wild write judge_message.txt."""
    for name in ("judgemessage.txt", "judge_message.txt"):
        data = get_optional(session, f"{feedback_dir}/{name}")
        if data is not None:
            return data
    return None


def get_optional(session, path: str) -> bytes | None:
    """A file the checker may or may not have written; None when it did not."""
    try:
        return session.get(path, 1 << 20)
    except RunnerError:
        return None
