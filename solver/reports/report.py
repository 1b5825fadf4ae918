"""`cpsolve report`: an IOI-style report of a run directory, in Markdown, self-contained HTML or JSON.

A run directory is either one `cpsolve solve` run (its `result.json`) or a batch folder (`batch.json` and one run
directory per problem). Points follow the IOI rule: per subtask, the best score any submission got.
"""
from __future__ import annotations

import html
import json
import math
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..scoring import shown

CUTOFFS_DIR = Path(__file__).with_name("cutoffs")


@dataclass
class ProblemReport:
    result: dict
    candidates: dict[str, int] = field(default_factory=dict)
    """Verdict mix of the candidates: drafted, compiled, passing samples, failing compile."""

    @property
    def id(self) -> str:
        return self.result["problem"]

    @property
    def precision(self) -> int:
        """The task's score_precision: scores are stored unrounded and rounded only where they are shown."""
        return self.result.get("score_precision", 2)

    def shown(self, points: float) -> str:
        return shown(points, self.precision)

    @property
    def history(self) -> list[dict]:
        return self.result.get("history", [])


@dataclass
class Report:
    problems: list[ProblemReport]
    cutoffs: dict

    @property
    def total(self) -> float:
        return round(sum(p.result["score"] for p in self.problems), 2)

    @property
    def max_total(self) -> float:
        return round(sum(p.result["max_score"] for p in self.problems), 2)

    @property
    def medal(self) -> str | None:
        medals = sorted(self.cutoffs.get("medals", {}).items(), key=lambda kv: -kv[1])
        return next((name for name, cut in medals if self.total >= cut), None)


def load_cutoffs(path: Path | None) -> dict:
    path = path or CUTOFFS_DIR / "ioi2025.yaml"
    try:
        data = yaml.safe_load(path.read_text()) or {}
    except (OSError, yaml.YAMLError) as e:
        raise ValueError(f"{path}: cannot read cut-offs ({e})") from None
    medals = data.get("medals", {}) if isinstance(data, dict) else None
    if not isinstance(medals, dict) or not all(
            isinstance(v, (int, float)) and not isinstance(v, bool) for v in medals.values()):
        raise ValueError(f"{path}: medals: expected a mapping of medal -> lowest total (a number)")
    return data


def load_run(run_dir: Path, cutoffs: dict | None = None) -> Report:
    cutoffs = cutoffs if cutoffs is not None else load_cutoffs(None)
    if (run_dir / "batch.json").exists():
        batch = json.loads((run_dir / "batch.json").read_text())
        dirs = [run_dir / p["dir"] for p in batch["problems"]]
    elif (run_dir / "result.json").exists():
        dirs = [run_dir]
    else:
        raise ValueError(f"{run_dir}: not a run directory (no result.json or batch.json)")
    problems = [ProblemReport(json.loads((d / "result.json").read_text()), _candidate_mix(d))
                for d in dirs if (d / "result.json").exists()]
    return Report(problems, cutoffs)


def _candidate_mix(run_dir: Path) -> dict[str, int]:
    mix = {"drafted": 0, "compiled": 0, "passing samples": 0, "compile errors": 0}
    journal = run_dir / "journal.jsonl"
    if not journal.exists():
        return {}
    for line in journal.read_text().splitlines():
        try:
            event = json.loads(line)
        except ValueError:
            continue
        if event.get("type") != "candidate":
            continue
        data = event["data"]
        mix["drafted"] += 1
        mix["compiled"] += data["compiled"]
        mix["compile errors"] += not data["compiled"]
        mix["passing samples"] += data["passed"]
    return mix


def render_json(rep: Report) -> dict:
    keys = ("problem", "score", "max_score", "subtasks", "submissions_used", "tokens", "wall_s")
    return {"problems": [{k: p.result[k] for k in keys} for p in rep.problems], "total": rep.total,
            "max_total": rep.max_total, "cutoffs": rep.cutoffs.get("medals", {})}


def _per_million(p: ProblemReport) -> str:
    tokens = p.result["tokens"]["prompt"] + p.result["tokens"]["completion"]
    return f"{p.result['score'] / (tokens / 1e6):.1f}" if tokens else "n/a"


def _scored(p: ProblemReport) -> list[dict]:
    """The subtasks worth points (a 0-point samples subtask is always 0/0 and only widens the table)."""
    return [s for s in p.result["subtasks"] if s["max_score"] > 0]


def _columns(rep: Report) -> list[str]:
    """Subtask column headers: the names when every problem has the same ones, else 1..N."""
    names = [[s["name"] for s in _scored(p)] for p in rep.problems]
    if names and all(n == names[0] for n in names):
        return names[0]
    return [str(i) for i in range(1, max(map(len, names), default=0) + 1)]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def render_markdown(rep: Report) -> str:
    lines = [f"# Report ({rep.cutoffs.get('contest', 'contest')} scoring)", ""]
    columns = _columns(rep)
    lines.append("| problem | " + "".join(f"st {c} | " for c in columns) + "total |")
    lines.append("|---|" + "---:|" * len(columns) + "---:|")
    for p in rep.problems:
        cells = [f"{p.shown(s['score'])}/{s['max_score']:g}" for s in _scored(p)]
        cells += [""] * (len(columns) - len(cells))
        lines.append(f"| {p.id} | " + "".join(f"{c} | " for c in cells) +
                     f"**{p.shown(p.result['score'])}**/{p.result['max_score']:g} |")
    lines += ["", f"**Total: {shown(rep.total)} / {rep.max_total:g}**"]
    medals = rep.cutoffs.get("medals", {})
    if medals:
        cuts = ", ".join(f"{name} {cut:g}" for name, cut in sorted(medals.items(), key=lambda kv: -kv[1]))
        lines += ["", f"Medal cut-offs: {cuts}. Medal: **{rep.medal or 'none'}**."]
    for p in rep.problems:
        r = p.result
        lines += ["", f"## {p.id}", "",
                  f"- score {p.shown(r['score'])}/{r['max_score']:g} in {_plural(r['submissions_used'], 'submission')}, "
                  f"{r['wall_s']:g} s",
                  f"- tokens: {r['tokens']['prompt']:,} prompt, {r['tokens']['completion']:,} completion; "
                  f"points per million tokens: {_per_million(p)}"]
        if p.candidates:
            lines.append("- candidates: " + ", ".join(f"{v} {k}" for k, v in p.candidates.items()))
        names = {s["name"]: s for s in r["subtasks"]}
        lines.append("- subtasks: " + ", ".join(
            f"{n}: {p.shown(s['score'])}/{s['max_score']:g}" + (f" (submission {s['submission']})" if s["submission"] else "")
            for n, s in names.items()))
        if p.history:
            lines += ["", "| # | submission | score | raised |", "|---:|---|---:|---|"]
            best: dict[str, float] = {}
            for i, h in enumerate(p.history, 1):
                raised = [n for n, v in h["subtasks"].items() if v > best.get(n, 0.0)]
                for n in raised:
                    best[n] = h["subtasks"][n]
                lines.append(f"| {i} | {h['candidate']} | {p.shown(h['score'])} | {', '.join(raised) or '-'} |")
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------ HTML (self-contained: inline CSS and SVG)

COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf", "#7f7f7f",
          "#bcbd22"]


def _cumulative(history: list[dict]) -> list[tuple[float, float]]:
    """(elapsed seconds, IOI total so far) after each submission."""
    best: dict[str, float] = {}
    points = []
    for h in history:
        for n, v in h["subtasks"].items():
            best[n] = max(best.get(n, 0.0), v)
        points.append((h.get("elapsed", 0.0), sum(best.values())))
    return points


def _ticks(top: float, most: int = 6, integer: bool = False) -> list[float]:
    """Round tick values from 0 to at least `top` (steps of 1, 2 or 5 times a power of ten; whole numbers when
    `integer`, for counts such as submissions)."""
    top = top or 1.0
    step = 10.0 ** math.floor(math.log10(top / most))
    for m in (1, 2, 5, 10):
        if top / (step * m) <= most:
            step *= m
            break
    if integer:
        step = max(step, 1.0)
    n = math.ceil(top / step - 1e-9)
    return [round(i * step, 10) for i in range(n + 1)]


def _line_chart(series: dict[str, list[tuple[float, float]]], x_label: str, y_max: float, *,
                steps: bool = False, integer_x: bool = False) -> str:
    """A line per series, axes with ticks and light grid lines, the legend on the right outside the plot."""
    w, h = 820, 300
    left, right, top, bottom = 52, 190, 14, 46
    plot_w, plot_h = w - left - right, h - top - bottom
    x_top = max((x for pts in series.values() for x, _ in pts), default=0.0)
    x_ticks = _ticks(max(x_top, 1.0), 8 if integer_x else 6, integer_x)
    y_ticks = _ticks(y_max or 1.0, 5)
    x_max, y_top = x_ticks[-1], y_ticks[-1]

    def px(x: float) -> float:
        return left + plot_w * x / x_max

    def py(y: float) -> float:
        return top + plot_h * (1 - y / y_top)

    parts = [f'<svg class="chart" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img" '
             f'aria-label="cumulative score vs {html.escape(x_label)}">']
    for t in y_ticks:
        parts.append(f'<line x1="{left}" y1="{py(t):.1f}" x2="{left + plot_w}" y2="{py(t):.1f}" stroke="#e6e6e6"/>'
                     f'<text x="{left - 6}" y="{py(t) + 4:.1f}" class="tick" text-anchor="end">{t:g}</text>')
    for t in x_ticks:
        parts.append(f'<line x1="{px(t):.1f}" y1="{top + plot_h}" x2="{px(t):.1f}" y2="{top + plot_h + 4}" '
                     f'stroke="#555"/><text x="{px(t):.1f}" y="{top + plot_h + 17}" class="tick" '
                     f'text-anchor="middle">{t:g}</text>')
    parts.append(f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="#555"/>'
                 f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="#555"/>'
                 f'<text x="{left + plot_w / 2:.0f}" y="{h - 6}" class="axis" text-anchor="middle">'
                 f'{html.escape(x_label)}</text>'
                 f'<text x="14" y="{top + plot_h / 2:.0f}" class="axis" text-anchor="middle" '
                 f'transform="rotate(-90 14 {top + plot_h / 2:.0f})">points</text>')
    legend_rows = max(1, (h - top) // 18)
    for i, (name, pts) in enumerate(series.items()):
        color = COLORS[i % len(COLORS)]
        coords = [(0.0, 0.0)]
        for x, y in pts:
            if steps:
                coords.append((x, coords[-1][1]))
            coords.append((x, y))
        path = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in coords)
        parts.append(f'<polyline class="series" data-name="{html.escape(name)}" fill="none" stroke="{color}" '
                     f'stroke-width="2.5" stroke-linejoin="round" points="{path}"><title>{html.escape(name)}'
                     f'</title></polyline>')
        if not steps:
            parts += [f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="3" fill="{color}"/>' for x, y in pts]
        if i < legend_rows - 1 or len(series) == legend_rows:
            y = top + 8 + 18 * i
            final = pts[-1][1] if pts else 0.0
            parts.append(f'<line x1="{w - right + 16}" y1="{y}" x2="{w - right + 36}" y2="{y}" stroke="{color}" '
                         f'stroke-width="3"/><text x="{w - right + 42}" y="{y + 4}" class="legend">'
                         f'{html.escape(_short(name, 18))} ({shown(final)})</text>')
        elif i == legend_rows - 1:
            parts.append(f'<text x="{w - right + 16}" y="{top + 12 + 18 * i}" class="legend">'
                         f'+{len(series) - i} more</text>')
    parts.append("</svg>")
    return "".join(parts)


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[:n - 1] + "…"


def _heat(fraction: float) -> str:
    """Light grey for 0, amber to light green for partial credit, green for full points (dark text on all)."""
    if fraction >= 1.0 - 1e-9:
        return "#7cc47f"
    if fraction <= 0.0:
        return "#f1f1f1"
    return f"hsl({int(45 + 50 * fraction)}, 80%, {int(72 - 8 * fraction)}%)"


def _history_table(p: ProblemReport) -> str:
    rows, best = [], {}
    for i, h in enumerate(p.history, 1):
        raised = [n for n, v in h["subtasks"].items() if v > best.get(n, 0.0)]
        for n in raised:
            best[n] = h["subtasks"][n]
        rows.append(f"<tr><td>{i}</td><td class=\"name\">{html.escape(h['candidate'])}</td><td>{p.shown(h['score'])}</td>"
                    f"<td>{p.shown(sum(best.values()))}</td><td class=\"name\">{html.escape(', '.join(raised) or '-')}</td>"
                    f"<td>{_duration(h.get('elapsed', 0.0))}</td></tr>")
    if not rows:
        return "<p class=\"muted\">No submissions.</p>"
    return ("<table class=\"history\"><tr><th>#</th><th>submission</th><th>score</th><th>total</th>"
            "<th>raised subtasks</th><th>at</th></tr>" + "".join(rows) + "</table>")


def _duration(seconds: float) -> str:
    seconds = float(seconds)
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.1f} min"
    return f"{seconds / 3600:.1f} h"


def render_html(rep: Report) -> str:
    medals = rep.cutoffs.get("medals", {})
    columns = _columns(rep)
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    rows = []
    for p in rep.problems:
        cells = []
        for s in _scored(p):
            fraction = s["score"] / s["max_score"]
            tip = f"subtask {s['name']}" + (f", from submission {s['submission']}" if s["submission"] else "")
            cells.append(f'<td class="cell" style="background:{_heat(fraction)}" title="{html.escape(tip)}">'
                         f'{p.shown(s["score"])}<span class="of">/{s["max_score"]:g}</span></td>')
        cells += ['<td class="empty"></td>'] * (len(columns) - len(cells))
        rows.append(f'<tr><th class="name">{html.escape(p.id)}</th>{"".join(cells)}'
                    f'<td class="total">{p.shown(p.result["score"])}<span class="of">/{p.result["max_score"]:g}</span>'
                    f'</td></tr>')
    by_submission = {p.id: [(i + 1.0, y) for i, (_, y) in enumerate(_cumulative(p.history))] for p in rep.problems}
    longest = max((p.result.get("wall_s", 0.0) for p in rep.problems), default=0.0)
    unit, per = ("seconds", 1.0) if longest < 180 else ("minutes", 60.0) if longest < 4 * 3600 else ("hours", 3600.0)
    by_time = {}
    for p in rep.problems:
        pts = [(t / per, y) for t, y in _cumulative(p.history)]
        end = p.result.get("wall_s", 0.0) / per
        if end > (pts[-1][0] if pts else 0.0):  # the line runs on, flat, until the problem's run ended
            pts.append((end, pts[-1][1] if pts else 0.0))
        by_time[p.id] = pts
    y_max = max((p.result["max_score"] for p in rep.problems), default=100.0)
    details = []
    for p in rep.problems:
        r = p.result
        tokens = r["tokens"]["prompt"] + r["tokens"]["completion"]
        facts = [f"{p.shown(r['score'])} / {r['max_score']:g} points", _plural(r["submissions_used"], "submission"),
                 _duration(r["wall_s"]),
                 f"{tokens:,} tokens ({r['tokens']['completion']:,} completion)",
                 f"{_per_million(p)} points per million tokens"]
        if p.candidates:
            facts.append("candidates: " + ", ".join(f"{v} {k}" for k, v in p.candidates.items()))
        details.append(f'<section class="problem"><h3>{html.escape(p.id)}</h3><p>{" · ".join(facts)}</p>'
                       f"{_history_table(p)}</section>")
    cut_text = ", ".join(f"{html.escape(k)} {v:g}" for k, v in sorted(medals.items(), key=lambda kv: -kv[1]))
    tokens = sum(p.result["tokens"]["prompt"] + p.result["tokens"]["completion"] for p in rep.problems)
    submissions = sum(p.result["submissions_used"] for p in rep.problems)
    contest = html.escape(str(rep.cutoffs.get("contest", "")))
    medal = (f' — medal: <b>{html.escape(rep.medal or "none")}</b> <span class="muted">(cut-offs: {cut_text})</span>'
             if medals else "")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>cpsolve report{f" ({contest})" if contest else ""}</title>
<style>
body {{ font-family: system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; margin: 2em; color: #1d1d1d;
       max-width: 1100px; }}
h1 {{ margin-bottom: 0.2em; }}
h2 {{ margin-top: 1.4em; font-size: 1.25em; }}
h3 {{ margin: 0.2em 0; }}
table {{ border-collapse: collapse; margin: 0.6em 0; }}
td, th {{ border: 1px solid #d0d0d0; padding: 4px 9px; text-align: right; font-variant-numeric: tabular-nums; }}
th {{ background: #f7f7f7; }}
th.name, td.name {{ text-align: left; }}
#heatmap td.cell {{ min-width: 3.2em; }}
#heatmap td.empty {{ border: none; background: none; }}
#heatmap td.total {{ font-weight: bold; border-left: 2px solid #888; }}
.of {{ color: #555; font-size: 0.85em; font-weight: normal; }}
.summary {{ font-size: 1.3em; margin: 0.3em 0; }}
.muted {{ color: #666; }}
.tick {{ font-size: 11px; fill: #444; }}
.axis {{ font-size: 12px; fill: #222; }}
.legend {{ font-size: 12px; fill: #222; }}
.problem {{ margin: 1em 0 1.4em; }}
.problem p {{ margin: 0.2em 0; }}
table.history {{ font-size: 0.9em; }}
</style></head>
<body>
<h1>cpsolve report</h1>
<p class="muted">{contest + " scoring: " if contest else ""}per subtask the best score over all submissions
(IOI rule).</p>
<p class="summary" id="total">Total: <b>{rep.total:g}</b> / {rep.max_total:g}{medal}</p>
<p class="muted">{_plural(len(rep.problems), "problem")} · {_plural(submissions, "submission")} ·
{tokens:,} tokens</p>
<h2>Points per subtask</h2>
<table id="heatmap"><tr><th class="name">problem</th>{head}<th>total</th></tr>{''.join(rows)}</table>
<h2>Cumulative score vs submissions</h2>
{_line_chart(by_submission, "submissions", y_max, integer_x=True)}
<h2>Cumulative score vs time</h2>
{_line_chart(by_time, unit, y_max, steps=True)}
<h2>Problems</h2>
{''.join(details)}
</body></html>
"""
