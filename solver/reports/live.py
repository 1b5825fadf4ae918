"""The live view of a `cpsolve solve` run: one rich panel redrawn as the agent's progress changes."""
from __future__ import annotations

import time

from rich.console import Group
from rich.panel import Panel
from rich.spinner import Spinner
from rich.table import Table

from ..judge.scoring import shown


def cut_replies(replies: int, cut: int) -> str:
    """"40 (3 cut)": a cut reply has no answer, so the count is shown in red while any are cut."""
    return f"{replies} ([red]{cut} cut[/])" if cut else f"{replies} (0 cut)"


def solve_view(problem, progress, started: float, budget: int) -> Panel:
    stats = Table.grid(padding=(0, 2))
    stats.add_column(style="dim")
    stats.add_column(justify="right")
    for label, value in (("candidates drafted", progress.drafted), ("compiled", progress.compiled),
                         ("passing samples", progress.passing_samples),
                         ("surviving stress", progress.surviving_stress), ("clusters", progress.clusters),
                         ("submissions used", f"{progress.submissions}/{budget}"),
                         ("model replies (cut by the budget)", cut_replies(progress.replies.replies,
                                                                           progress.replies.cut)),
                         ("tokens (prompt / completion)",
                          f"{progress.tokens['prompt']:,} / {progress.tokens['completion']:,}"),
                         ("elapsed", f"{time.time() - started:.0f} s")):
        stats.add_row(label, str(value))
    points = Table(show_header=True, header_style="bold", box=None, padding=(0, 1))
    points.add_column("subtask")
    points.add_column("best", justify="right")
    for st in problem.subtasks:
        got = progress.best.get(st.name, 0.0)
        style = "green" if got >= st.points and st.points > 0 else "yellow" if got > 0 else ""
        points.add_row(st.name, f"[{style}]{shown(got, problem.score_precision)}[/]/{st.points:g}" if style
                       else f"{shown(got, problem.score_precision)}/{st.points:g}")
    total = sum(progress.best.values())
    points.add_row("[bold]total[/]", f"[bold]{shown(total, problem.score_precision)}[/]/{problem.max_score:g}")
    header = Spinner("dots", text=f" {problem.id}: {progress.stage}")
    return Panel(Group(header, stats, points), title="cpsolve solve", title_align="left")


def batch_view(state) -> Panel:
    """One overall line with ETA, a row per running problem, running totals of points and tokens."""
    total = len(state.problems)
    done = state.done
    elapsed = time.time() - state.started
    fresh = [p for p in done if p.finished and p.started]
    eta = ""
    if fresh and len(done) < total:
        per = sum(p.finished - p.started for p in fresh) / len(fresh)
        running = max(1, sum(1 for p in state.problems if p.status == "running"))
        eta = f", ETA {per * (total - len(done)) / running:.0f} s"
    points = sum(p.result["score"] for p in done) + sum(
        sum(p.progress.best.values()) for p in state.problems if p.result is None and p.progress)
    max_points = sum(p.problem.max_score for p in state.problems)
    tokens = sum(p.result["tokens"]["completion"] for p in done) + sum(
        p.progress.tokens["completion"] for p in state.problems if p.result is None and p.progress)
    header = Spinner("dots", text=f" {len(done)}/{total} problems done, {elapsed:.0f} s{eta} — "
                                  f"{shown(points)}/{max_points:g} points, {tokens:,} completion tokens")
    table = Table(box=None, padding=(0, 1), header_style="bold")
    for col in ("problem", "status", "stage", "submissions", "replies", "points"):
        table.add_column(col)
    for p in state.problems:
        if p.status == "waiting":
            continue
        if p.result is not None:
            replies = p.result.get("replies") or {"total": 0, "cut": 0}  # results written before it was kept
            table.add_row(p.problem.id, p.status, "", str(p.result["submissions_used"]),
                          cut_replies(replies["total"], replies["cut"]),
                          f"{shown(p.result['score'], p.problem.score_precision)}/{p.problem.max_score:g}")
        else:
            prog = p.progress
            table.add_row(p.problem.id, p.status, prog.stage if prog else "", str(prog.submissions if prog else 0),
                          cut_replies(prog.replies.replies, prog.replies.cut) if prog else "",
                          f"{shown(sum(prog.best.values()) if prog else 0, p.problem.score_precision)}/"
                          f"{p.problem.max_score:g}")
    return Panel(Group(header, table), title="cpsolve batch", title_align="left")
