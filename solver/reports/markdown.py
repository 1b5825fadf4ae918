"""The Markdown report: one run's points per problem and subtask, medal, cost and submission history."""
from __future__ import annotations

from .charts import duration
from .runs import ProblemReport, Report
from ..judge.scoring import shown

def per_million(p: ProblemReport) -> str:
    tokens = p.result["tokens"]["prompt"] + p.result["tokens"]["completion"]
    return f"{p.result['score'] / (tokens / 1e6):.1f}" if tokens else "n/a"


def scored(p: ProblemReport) -> list[dict]:
    """The subtasks worth points (a 0-point samples subtask is always 0/0 and only widens the table)."""
    return [s for s in p.result["subtasks"] if s["max_score"] > 0]


def columns(rep: Report) -> list[str]:
    """Subtask column headers: the names when every problem has the same ones, else 1..N."""
    names = [[s["name"] for s in scored(p)] for p in rep.problems]
    if names and all(n == names[0] for n in names):
        return names[0]
    return [str(i) for i in range(1, max(map(len, names), default=0) + 1)]


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def status_note(p: ProblemReport) -> str:
    """'' for a finished problem, else ' (failed)', ' (unfinished)' or ' (not started)'."""
    return "" if p.finished else f" ({p.status.split(':', 1)[0]})"


def total_line(rep: Report) -> str:
    """The run's total, named for what it is: an IOI score, or an eval's expected score of one sample."""
    if rep.is_eval:
        return (f"**Expected score of one sample: {shown(rep.total)} / {rep.max_total:g}** (the mean over each "
                f"problem's samples, summed; not an IOI score of up to 50 submissions)")
    return f"**Total: {shown(rep.total)} / {rep.max_total:g}**"


def unfinished_line(rep: Report) -> str:
    """Which problems have no result, and that their journaled points are counted ('' when all finished)."""
    if not rep.unfinished:
        return ""
    earned = "the mean of its judged samples" if rep.is_eval else "the points its journaled submissions earned"
    return ("Without a result: " + ", ".join(f"{p.id} ({p.status})" for p in rep.unfinished) +
            f"; each counts with {earned} (0 if none) and its full maximum.")


def medal_verdict(rep: Report) -> str:
    if rep.is_eval:
        return "No medal: an eval's figure is the expected score of one sample, not an IOI contest score."
    if rep.medals_apply:
        return f"Medal: **{rep.medal or 'none'}**."
    return f"No medal: the cut-offs are for {rep.cutoffs['max_total']:g} points, this archive has {rep.max_total:g}."


def render_markdown(rep: Report) -> str:
    title = "Eval report: expected score of one sample" if rep.is_eval else \
        f"Report ({rep.cutoffs.get('contest', 'contest')} scoring)"
    lines = [f"# {title}", ""]
    if rep.is_eval:
        lines += ["An eval run: each score is the mean over the problem's samples (the expected score of one "
                  "sample), not the best of up to 50 submissions as at the IOI; pass@k is in the eval table. "
                  "The histories list every sample.", ""]
    cols = columns(rep)
    lines.append("| problem | " + "".join(f"st {c} | " for c in cols) + "total |")
    lines.append("|---|" + "---:|" * len(cols) + "---:|")
    for p in rep.problems:
        cells = [f"{p.shown(s['score'])}/{s['max_score']:g}" for s in scored(p)]
        cells += [""] * (len(cols) - len(cells))
        lines.append(f"| {p.id}{status_note(p)} | " + "".join(f"{c} | " for c in cells) +
                     f"**{p.shown(p.result['score'])}**/{p.result['max_score']:g} |")
    lines += ["", total_line(rep), "", f"Cost: {cost_line(rep)}."]
    if rep.unfinished:
        lines += ["", unfinished_line(rep)]
    medals = rep.cutoffs.get("medals", {})
    if rep.is_eval:
        lines += ["", medal_verdict(rep)]
    elif medals:
        cuts = ", ".join(f"{name} {cut:g}" for name, cut in sorted(medals.items(), key=lambda kv: -kv[1]))
        lines += ["", f"Medal cut-offs: {cuts}. {medal_verdict(rep)}"]
    for p in rep.problems:
        r = p.result
        lines += ["", f"## {p.id}{status_note(p)}", ""]
        if not p.finished:
            lines.append(f"- status: {p.status} (no result.json; points from its journal)")
        lines += [f"- score {p.shown(r['score'])}/{r['max_score']:g} in "
                  f"{plural(r['submissions_used'], 'sample' if rep.is_eval else 'submission')}, {r['wall_s']:g} s",
                  f"- tokens: {r['tokens']['prompt']:,} prompt, {r['tokens']['completion']:,} completion; "
                  f"points per million tokens: {per_million(p)}"]
        if p.candidates:
            lines.append("- candidates: " + ", ".join(f"{v} {k}" for k, v in p.candidates.items()))
        names = {s["name"]: s for s in r["subtasks"]}
        lines.append("- subtasks: " + ", ".join(
            f"{n}: {p.shown(s['score'])}/{s['max_score']:g}" + (f" (submission {s['submission']})" if s["submission"] else "")
            for n, s in names.items()))
        if p.history:
            what = "sample" if rep.is_eval else "submission"
            lines += ["", f"| # | {what} | score | raised |", "|---:|---|---:|---|"]
            best: dict[str, float] = {}
            for i, h in enumerate(p.history, 1):
                raised = [n for n, v in h["subtasks"].items() if v > best.get(n, 0.0)]
                for n in raised:
                    best[n] = h["subtasks"][n]
                lines.append(f"| {i} | {h['candidate']} | {p.shown(h['score'])} | {', '.join(raised) or '-'} |")
    return "\n".join(lines) + "\n"


def cost_line(rep: Report) -> str:
    """Completion tokens and GPU-seconds per point, and the wall time, in words."""
    parts = [f"wall {duration(rep.wall_s)}"]
    if rep.total > 0 and rep.completion_tokens:
        parts.append(f"{rep.completion_tokens / rep.total:,.0f} completion tokens per point")
    gpu_s = rep.gpu_seconds
    if gpu_s is not None:
        parts.append(f"{gpu_s:,.0f} GPU-seconds" + (f" ({gpu_s / rep.total:,.1f} per point)" if rep.total > 0
                                                     else ""))
    else:
        parts.append("GPU-seconds unknown (--gpus N)")
    return ", ".join(parts)
