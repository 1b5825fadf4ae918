"""`cpsolve report`: an IOI-style report of a run directory, in Markdown, self-contained HTML or JSON.

A run directory is either one `cpsolve solve` run (its `result.json`) or a batch folder (`batch.json` and one run
directory per problem). Points follow the IOI rule: per subtask, the best score any submission got.
"""
from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from pathlib import Path

import yaml

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
    if not isinstance(data.get("medals", {}), dict):
        raise ValueError(f"{path}: medals: expected a mapping of medal -> lowest total")
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


def render_markdown(rep: Report) -> str:
    lines = [f"# Report ({rep.cutoffs.get('contest', 'contest')} scoring)", ""]
    width = max((len(p.result["subtasks"]) for p in rep.problems), default=0)
    lines.append("| problem | " + " | ".join(f"st{i}" for i in range(width)) + " | total |")
    lines.append("|---|" + "---:|" * width + "---:|")
    for p in rep.problems:
        cells = [f"{s['score']:g}/{s['max_score']:g}" for s in p.result["subtasks"]]
        cells += [""] * (width - len(cells))
        lines.append(f"| {p.id} | " + " | ".join(cells) + f" | **{p.result['score']:g}**/{p.result['max_score']:g} |")
    lines += ["", f"**Total: {rep.total:g} / {rep.max_total:g}**"]
    medals = rep.cutoffs.get("medals", {})
    if medals:
        cuts = ", ".join(f"{name} {cut:g}" for name, cut in sorted(medals.items(), key=lambda kv: -kv[1]))
        lines.append(f"Medal cut-offs: {cuts}. Medal: **{rep.medal or 'none'}**.")
    for p in rep.problems:
        r = p.result
        lines += ["", f"## {p.id}", "",
                  f"- score {r['score']:g}/{r['max_score']:g} in {r['submissions_used']} submissions, "
                  f"{r['wall_s']:g} s",
                  f"- tokens: {r['tokens']['prompt']:,} prompt, {r['tokens']['completion']:,} completion; "
                  f"points per million tokens: {_per_million(p)}"]
        if p.candidates:
            lines.append("- candidates: " + ", ".join(f"{v} {k}" for k, v in p.candidates.items()))
        names = {s["name"]: s for s in r["subtasks"]}
        lines.append("- subtasks: " + ", ".join(
            f"{n} {s['score']:g}/{s['max_score']:g}" + (f" (submission {s['submission']})" if s["submission"] else "")
            for n, s in names.items()))
        if p.history:
            lines += ["", "| # | submission | score | raised |", "|---:|---|---:|---|"]
            best: dict[str, float] = {}
            for i, h in enumerate(p.history, 1):
                raised = [n for n, v in h["subtasks"].items() if v > best.get(n, 0.0)]
                for n in raised:
                    best[n] = h["subtasks"][n]
                lines.append(f"| {i} | {h['candidate']} | {h['score']:g} | {', '.join(raised) or '-'} |")
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------ HTML (self-contained: inline CSS and SVG)

def _cumulative(history: list[dict]) -> list[tuple[float, float]]:
    """(elapsed seconds, IOI total so far) after each submission."""
    best: dict[str, float] = {}
    points = []
    for h in history:
        for n, v in h["subtasks"].items():
            best[n] = max(best.get(n, 0.0), v)
        points.append((h.get("elapsed", 0.0), sum(best.values())))
    return points


def _line_chart(series: dict[str, list[tuple[float, float]]], x_label: str, y_max: float) -> str:
    w, h, pad = 560, 220, 40
    x_max = max((x for pts in series.values() for x, _ in pts), default=1.0) or 1.0
    y_max = y_max or 1.0
    colors = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"]
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" role="img">',
             f'<line x1="{pad}" y1="{h - pad}" x2="{w - 10}" y2="{h - pad}" stroke="#333"/>',
             f'<line x1="{pad}" y1="10" x2="{pad}" y2="{h - pad}" stroke="#333"/>',
             f'<text x="{w // 2}" y="{h - 8}" font-size="12" text-anchor="middle">{html.escape(x_label)}</text>',
             f'<text x="4" y="14" font-size="11">{y_max:g}</text>',
             f'<text x="{w - 12}" y="{h - pad + 14}" font-size="11" text-anchor="end">{x_max:g}</text>']
    for i, (name, pts) in enumerate(series.items()):
        if not pts:
            continue
        color = colors[i % len(colors)]
        coords = [(pad, h - pad)] + [(pad + (w - pad - 10) * x / x_max, h - pad - (h - pad - 10) * y / y_max)
                                     for x, y in pts]
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        parts.append(f'<polyline class="series" data-name="{html.escape(name)}" fill="none" stroke="{color}" '
                     f'stroke-width="2" points="{path}"/>')
        parts.append(f'<text x="{w - 12}" y="{16 + 14 * i}" font-size="11" text-anchor="end" fill="{color}">'
                     f'{html.escape(name)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _heat(fraction: float) -> str:
    # white (0) to green (full points), with amber for partial credit
    if fraction >= 1.0:
        return "#4caf50"
    if fraction <= 0.0:
        return "#f4f4f4"
    return f"hsl({int(40 + 60 * fraction)}, 85%, {int(75 - 20 * fraction)}%)"


def render_html(rep: Report) -> str:
    medals = rep.cutoffs.get("medals", {})
    rows = []
    for p in rep.problems:
        cells = "".join(
            f'<td class="cell" style="background:{_heat(s["score"] / s["max_score"] if s["max_score"] else 1.0)}" '
            f'title="{html.escape(s["name"])}">{s["score"]:g}/{s["max_score"]:g}</td>' for s in p.result["subtasks"])
        rows.append(f'<tr><th>{html.escape(p.id)}</th>{cells}<td class="total">{p.result["score"]:g}</td></tr>')
    by_submission = {p.id: [(i + 1.0, y) for i, (_, y) in enumerate(_cumulative(p.history))] for p in rep.problems}
    by_time = {p.id: _cumulative(p.history) for p in rep.problems}
    y_max = max((p.result["max_score"] for p in rep.problems), default=100.0)
    details = []
    for p in rep.problems:
        r = p.result
        details.append(f"<li><b>{html.escape(p.id)}</b>: {r['score']:g}/{r['max_score']:g}, "
                       f"{r['submissions_used']} submissions, {r['wall_s']:g} s, "
                       f"{r['tokens']['completion']:,} completion tokens, {_per_million(p)} points per million "
                       f"tokens" + (", candidates: " + ", ".join(f"{v} {k}" for k, v in p.candidates.items())
                                    if p.candidates else "") + "</li>")
    cut_text = ", ".join(f"{html.escape(k)} {v:g}" for k, v in sorted(medals.items(), key=lambda kv: -kv[1]))
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>cpsolve report</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2em; color: #222; }}
table {{ border-collapse: collapse; margin: 1em 0; }}
td, th {{ border: 1px solid #ccc; padding: 4px 8px; text-align: right; }}
th {{ text-align: left; background: #fafafa; }}
.total {{ font-weight: bold; }}
.summary {{ font-size: 1.3em; }}
</style></head>
<body>
<h1>cpsolve report</h1>
<p class="summary" id="total">Total: <b>{rep.total:g}</b> / {rep.max_total:g}
{f"— medal: <b>{html.escape(rep.medal or 'none')}</b> (cut-offs: {cut_text})" if medals else ""}</p>
<h2>Points per subtask (best over submissions)</h2>
<table id="heatmap">{''.join(rows)}</table>
<h2>Cumulative score vs submissions</h2>
{_line_chart(by_submission, "submissions", y_max)}
<h2>Cumulative score vs time</h2>
{_line_chart(by_time, "seconds", y_max)}
<h2>Problems</h2>
<ul>{''.join(details)}</ul>
</body></html>
"""
