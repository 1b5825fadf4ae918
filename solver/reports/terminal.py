"""Rich tables for the terminal."""
from __future__ import annotations

from rich.table import Table

from sandbox.verdicts import Verdict

from ..judge.scoring import shown

VERDICT_STYLE = {
    Verdict.AC: "green", Verdict.PA: "yellow", Verdict.WA: "red", Verdict.TLE: "magenta", Verdict.MLE: "magenta",
    Verdict.RE: "red", Verdict.OLE: "red", Verdict.CE: "bold red", Verdict.JE: "bold white on red",
    Verdict.SKIP: "dim",
}


def submission_table(problem, sub) -> Table:
    """Subtask, points, verdict, slowest time, peak memory."""
    table = Table(title=f"{problem.id} — {sub.language}", title_justify="left")
    table.add_column("subtask")
    table.add_column("points", justify="right")
    table.add_column("verdict")
    table.add_column("slowest", justify="right")
    table.add_column("peak memory", justify="right")
    table.add_column("tests", justify="right")
    for st in sub.subtasks:
        ran = [t for t in st.tests if t.verdict is not Verdict.SKIP]
        slowest = max((t.time for t in ran), default=0.0)
        peak = max((t.memory_kib for t in ran), default=0)
        passed = sum(1 for t in st.tests if t.verdict is Verdict.AC)
        style = VERDICT_STYLE.get(st.verdict, "")
        table.add_row(
            st.name,
            f"{shown(st.score, sub.precision)}/{st.max_score:g}",
            f"[{style}]{st.verdict.value}[/]",
            f"{slowest:.3f} s" if ran else "-",
            f"{peak / 1024:.1f} MiB" if ran else "-",
            f"{passed}/{len(st.tests)}",
        )
    table.add_section()
    table.add_row("total", f"[bold]{shown(sub.score, sub.precision)}/{problem.max_score:g}[/]", "", "", "", "")
    return table
