"""Several runs side by side (two models, two configs): points per problem and subtask with the differences
marked, the cost of each run (completion tokens and GPU-seconds per point), and score against completion tokens
and against wall time."""
from __future__ import annotations

import html

from .charts import duration, heat, line_chart
from .html import page
from .runs import Report, unique_labels
from ..judge.scoring import shown

EPS = 1e-9


def aligned(reports: list[Report]) -> list[dict]:
    """One row per problem and subtask worth points, in first-seen order: the points each run got (None where
    the run lacks it), the maximum, and whether the runs differ."""
    order: dict[tuple[str, str | None], float] = {}
    values: dict[tuple[str, str | None], list[float | None]] = {}
    for i, rep in enumerate(reports):
        for p in rep.problems:
            keys = [((p.id, None), p.result["score"], p.result["max_score"])] + [
                ((p.id, s["name"]), s["score"], s["max_score"]) for s in p.result["subtasks"] if s["max_score"] > 0]
            for key, score, top in keys:
                order.setdefault(key, top)
                values.setdefault(key, [None] * len(reports))[i] = score
    rows = []
    for (problem, subtask), top in order.items():
        got = values[(problem, subtask)]
        present = [v for v in got if v is not None]
        differ = len(present) != len(got) or (max(present) - min(present) > EPS if present else False)
        rows.append({"problem": problem, "subtask": subtask, "max_score": top, "scores": got, "differ": differ})
    return rows


def cost(rep: Report) -> dict:
    tokens = rep.completion_tokens
    return {"run": rep.label, "path": str(rep.run_dir), "total": rep.total, "max_total": rep.max_total,
            "measure": "eval: expected score of one sample" if rep.is_eval else "ioi",
            "unfinished": [f"{p.id} ({p.status})" for p in rep.unfinished],
            "medal": rep.medal if rep.medals_apply else "n/a", "completion_tokens": tokens, "wall_s": rep.wall_s, "gpus": rep.gpus,
            "gpu_seconds": rep.gpu_seconds,
            "tokens_per_point": tokens / rep.total if rep.total > 0 else None,
            "gpu_seconds_per_point": rep.gpu_seconds / rep.total if rep.total > 0 and rep.gpu_seconds is not None
            else None, "calls": rep.usage["calls"] if rep.usage else None}


def compare_json(reports: list[Report]) -> dict:
    unique_labels(reports)
    return {"runs": [cost(r) for r in reports], "rows": aligned(reports),
            "curves": {r.label: {"tokens": [(tok, pts) for _, tok, pts in r.timeline],
                                 "wall_s": [(t, pts) for t, _, pts in r.timeline]} for r in reports}}


def _fmt(v, spec: str) -> str:
    return "-" if v is None else format(v, spec)


def _num(v) -> str:
    return "-" if v is None else shown(v)


def _measure_mark(c: dict) -> str:
    """An eval run's total is marked: it is the expected score of one sample, not an IOI score."""
    return " (E[score] of 1 sample)" if c["measure"] != "ioi" else ""


def _footnotes(runs: list[dict]) -> list[str]:
    """What the totals are when the runs differ in kind, and which problems have no result."""
    notes = []
    if any(c["measure"] != "ioi" for c in runs):
        notes.append("An eval run's total is the expected score of one sample (the mean over samples), not an IOI "
                     "score of up to 50 submissions: the two are different measures.")
    for c in runs:
        if c["unfinished"]:
            notes.append(f"{c['run']}: without a result: {', '.join(c['unfinished'])} (counted with their "
                         "journaled points and full maximum).")
    return ["", *notes] if notes else []


def compare_markdown(reports: list[Report]) -> str:
    unique_labels(reports)
    runs = [cost(r) for r in reports]
    lines = ["# Runs compared", "", "| run | total | medal | completion tokens | wall | GPU-s | tokens/point | "
             "GPU-s/point |", "|---|---:|---|---:|---:|---:|---:|---:|"]
    for c in runs:
        lines.append(f"| {c['run']} | **{c['total']:g}**/{c['max_total']:g}{_measure_mark(c)} | {c['medal'] or '-'} | "
                     f"{c['completion_tokens']:,} | {duration(c['wall_s'])} | {_fmt(c['gpu_seconds'], ',.0f')} | "
                     f"{_fmt(c['tokens_per_point'], ',.0f')} | {_fmt(c['gpu_seconds_per_point'], ',.3g')} |")
    lines += _footnotes(runs)
    lines += ["", "Points per problem and subtask; `≠` marks where the runs differ, the best is in bold.", "",
              "| problem | subtask | " + " | ".join(c["run"] for c in runs) + " | |",
              "|---|---|" + "---:|" * len(runs) + "---|"]
    for row in aligned(reports):
        best = max((v for v in row["scores"] if v is not None), default=None)
        cells = [("**" + _num(v) + "**" if row["differ"] and v is not None and abs(v - best) < EPS else _num(v))
                 for v in row["scores"]]
        lines.append(f"| {row['problem'] if row['subtask'] is None else ''} | {row['subtask'] or 'total'} | " +
                     " | ".join(f"{c}/{row['max_score']:g}" for c in cells) + f" | {'≠' if row['differ'] else ''} |")
    return "\n".join(lines) + "\n"


def _series(rep: Report) -> str:
    """A run's name in the charts; an eval run's says its curve is the best of its samples, not chosen ones."""
    return f"{rep.label} (eval: best of samples)" if rep.is_eval else rep.label


def compare_html(reports: list[Report]) -> str:
    unique_labels(reports)
    runs = [cost(r) for r in reports]
    run_rows = []
    for c in runs:
        gpu = "-" if c["gpu_seconds"] is None else f"{c['gpu_seconds']:,.0f} ({c['gpus']} GPU)"
        tpp = "-" if c["tokens_per_point"] is None else f"{c['tokens_per_point']:,.0f}"
        gpp = "-" if c["gpu_seconds_per_point"] is None else f"{c['gpu_seconds_per_point']:,.3g}"
        run_rows.append(f'<tr><td class="name" title="{html.escape(c["path"])}">{html.escape(c["run"])}</td>'
                        f'<td><b>{c["total"]:g}</b><span class="of">/{c["max_total"]:g}'
                        f'{html.escape(_measure_mark(c))}</span></td>'
                        f'<td class="name">{html.escape(c["medal"] or "-")}</td><td>{c["completion_tokens"]:,}</td>'
                        f'<td>{duration(c["wall_s"])}</td><td>{gpu}</td><td>{tpp}</td><td>{gpp}</td></tr>')
    head = "".join(f'<th title="{html.escape(c["path"])}">{html.escape(c["run"])}</th>' for c in runs)
    rows = []
    for row in aligned(reports):
        present = [v for v in row["scores"] if v is not None]
        best = max(present, default=None)
        cells = []
        for v in row["scores"]:
            if v is None:
                cells.append('<td class="cell empty">-</td>')
                continue
            cls = "cell best" if row["differ"] and abs(v - best) < EPS else "cell"
            frac = v / row["max_score"] if row["max_score"] else 0.0
            cells.append(f'<td class="{cls}" style="background:{heat(frac)}">{shown(v)}'
                         f'<span class="of">/{row["max_score"]:g}</span></td>')
        classes = " ".join(c for c in ("diff" if row["differ"] else "", "group" if row["subtask"] is None else "")
                           if c)
        label = (f'<th class="name">{html.escape(row["problem"])}</th><td class="name"><b>total</b></td>'
                 if row["subtask"] is None else
                 f'<th class="name"></th><td class="name">{html.escape(row["subtask"])}</td>')
        rows.append(f'<tr class="{classes}">{label}{"".join(cells)}'
                    f'<th class="mark" title="the runs differ">{"≠" if row["differ"] else ""}</th></tr>')
    y_max = max((r.max_total for r in reports), default=100.0)
    by_tokens = {_series(r): [(tok / 1000.0, pts) for _, tok, pts in r.timeline] for r in reports}
    longest = max((r.wall_s for r in reports), default=0.0)
    unit, per = ("seconds", 1.0) if longest < 180 else ("minutes", 60.0) if longest < 4 * 3600 else ("hours", 3600.0)
    by_time = {_series(r): [(t / per, pts) for t, _, pts in r.timeline] for r in reports}
    differ = sum(r["differ"] for r in aligned(reports))
    body = f"""
<h1>cpsolve: {len(reports)} runs compared</h1>
<p class="muted">Per subtask the best score over each run's submissions (IOI rule). An eval run's curve is the
best over its samples so far (every sample judged, none chosen), and its total in the table is the expected score
of one sample: neither is an IOI score of 50 chosen submissions.</p>
<h2>Runs</h2>
<table class="runs" id="runs"><tr><th class="name">run</th><th>total</th><th class="name">medal</th>
<th>completion tokens</th><th>wall</th><th>GPU-seconds</th><th>tokens / point</th><th>GPU-s / point</th></tr>
{''.join(run_rows)}</table>
{''.join(f'<p class="muted">{html.escape(n)}</p>' for n in _footnotes(runs) if n)}
<h2>Points per problem and subtask</h2>
<p class="muted">{differ} of {len(aligned(reports))} rows differ (marked ≠); where they differ the best run's
cell is outlined.</p>
<table id="compare"><tr><th class="name">problem</th><th class="name">subtask</th>{head}<th></th></tr>
{''.join(rows)}</table>
<h2>Score vs completion tokens</h2>
{line_chart(by_tokens, "completion tokens (thousands)", y_max, steps=True, what="total score")}
<h2>Score vs wall time</h2>
{line_chart(by_time, unit, y_max, steps=True, what="total score")}
"""
    return page("cpsolve: runs compared", body)
