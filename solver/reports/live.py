"""The live view of a `cpsolve solve` run: one rich panel redrawn as the agent's progress changes."""
from __future__ import annotations

import time

from rich.console import Group
from rich.panel import Panel
from rich.spinner import Spinner
from rich.table import Table


def solve_view(problem, progress, started: float, budget: int) -> Panel:
    stats = Table.grid(padding=(0, 2))
    stats.add_column(style="dim")
    stats.add_column(justify="right")
    for label, value in (("candidates drafted", progress.drafted), ("compiled", progress.compiled),
                         ("passing samples", progress.passing_samples),
                         ("surviving stress", progress.surviving_stress), ("clusters", progress.clusters),
                         ("submissions used", f"{progress.submissions}/{budget}"),
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
        points.add_row(st.name, f"[{style}]{got:g}[/]/{st.points:g}" if style else f"{got:g}/{st.points:g}")
    total = sum(progress.best.values())
    points.add_row("[bold]total[/]", f"[bold]{total:g}[/]/{problem.max_score:g}")
    header = Spinner("dots", text=f" {problem.id}: {progress.stage}")
    return Panel(Group(header, stats, points), title="cpsolve solve", title_align="left")
