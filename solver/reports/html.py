"""The HTML report of one run: one self-contained page (inline CSS and SVG, no script, no external file)."""
from __future__ import annotations

import html

from .charts import cumulative, duration, heat, line_chart
from .markdown import columns, cost_line, medal_verdict, per_million, plural, scored, status_note, unfinished_line
from .evals import eval_html
from .runs import ProblemReport, Report
from ..judge.scoring import shown

def history_table(p: ProblemReport) -> str:
    rows, best = [], {}
    for i, h in enumerate(p.history, 1):
        raised = [n for n, v in h["subtasks"].items() if v > best.get(n, 0.0)]
        for n in raised:
            best[n] = h["subtasks"][n]
        rows.append(f"<tr><td>{i}</td><td class=\"name\">{html.escape(h['candidate'])}</td><td>{p.shown(h['score'])}</td>"
                    f"<td>{p.shown(sum(best.values()))}</td><td class=\"name\">{html.escape(', '.join(raised) or '-')}</td>"
                    f"<td>{duration(h.get('elapsed', 0.0))}</td></tr>")
    if not rows:
        return "<p class=\"muted\">No submissions.</p>"
    return ("<table class=\"history\"><tr><th>#</th><th>submission</th><th>score</th><th>total</th>"
            "<th>raised subtasks</th><th>at</th></tr>" + "".join(rows) + "</table>")


def render_html(rep: Report) -> str:
    medals = rep.cutoffs.get("medals", {})
    cols = columns(rep)
    head = "".join(f"<th>{html.escape(c)}</th>" for c in cols)
    rows = []
    for p in rep.problems:
        cells = []
        for s in scored(p):
            fraction = s["score"] / s["max_score"]
            tip = f"subtask {s['name']}" + (f", from submission {s['submission']}" if s["submission"] else "")
            cells.append(f'<td class="cell" style="background:{heat(fraction)}" title="{html.escape(tip)}">'
                         f'{p.shown(s["score"])}<span class="of">/{s["max_score"]:g}</span></td>')
        cells += ['<td class="empty"></td>'] * (len(cols) - len(cells))
        rows.append(f'<tr><th class="name">{html.escape(p.id + status_note(p))}</th>{"".join(cells)}'
                    f'<td class="total">{p.shown(p.result["score"])}<span class="of">/{p.result["max_score"]:g}</span>'
                    f'</td></tr>')
    by_submission = {p.id: [(i + 1.0, y) for i, (_, y) in enumerate(cumulative(p.history))] for p in rep.problems}
    longest = max((p.result.get("wall_s", 0.0) for p in rep.problems), default=0.0)
    unit, per = ("seconds", 1.0) if longest < 180 else ("minutes", 60.0) if longest < 4 * 3600 else ("hours", 3600.0)
    by_time = {}
    for p in rep.problems:
        pts = [(t / per, y) for t, y in cumulative(p.history)]
        end = p.result.get("wall_s", 0.0) / per
        if end > (pts[-1][0] if pts else 0.0):  # the line runs on, flat, until the problem's run ended
            pts.append((end, pts[-1][1] if pts else 0.0))
        by_time[p.id] = pts
    y_max = max((p.result["max_score"] for p in rep.problems), default=100.0)
    details = []
    for p in rep.problems:
        r = p.result
        tokens = r["tokens"]["prompt"] + r["tokens"]["completion"]
        facts = [f"{p.shown(r['score'])} / {r['max_score']:g} points",
                 plural(r["submissions_used"], "sample" if rep.is_eval else "submission"),
                 duration(r["wall_s"]),
                 f"{tokens:,} tokens ({r['tokens']['completion']:,} completion)",
                 f"{per_million(p)} points per million tokens"]
        if p.candidates:
            facts.append("candidates: " + ", ".join(f"{v} {k}" for k, v in p.candidates.items()))
        if not p.finished:
            facts.insert(0, f"status: {p.status} (no result.json; points from its journal)")
        details.append(f'<section class="problem"><h3>{html.escape(p.id + status_note(p))}</h3>'
                       f'<p>{html.escape(" · ".join(facts))}</p>'
                       f"{history_table(p)}</section>")
    cut_text = ", ".join(f"{html.escape(k)} {v:g}" for k, v in sorted(medals.items(), key=lambda kv: -kv[1]))
    tokens = sum(p.result["tokens"]["prompt"] + p.result["tokens"]["completion"] for p in rep.problems)
    submissions = sum(p.result["submissions_used"] for p in rep.problems)
    contest = html.escape(str(rep.cutoffs.get("contest", "")))
    medal_name = rep.medal or "none" if rep.medals_apply else "n/a"
    medal = (f' — medal: <b>{html.escape(medal_name)}</b> <span class="muted">(cut-offs: {cut_text})</span>'
             if medals and not rep.is_eval else "")
    if rep.is_eval:
        heading, rule = "cpsolve eval report", ("each score is the mean over the problem's samples: the expected "
                                                "score of one sample, not the best of up to 50 submissions as at "
                                                "the IOI; pass@k is in the eval table.")
        total = (f'Expected score of one sample: <b>{shown(rep.total)}</b> / {rep.max_total:g} '
                 f'<span class="muted">({html.escape(medal_verdict(rep))})</span>')
    else:
        heading = "cpsolve report"
        rule = f'{contest + " scoring: " if contest else ""}per subtask the best score over all submissions (IOI rule).'
        total = f"Total: <b>{shown(rep.total)}</b> / {rep.max_total:g}{medal}"
    missing = f'<p class="warn">{html.escape(unfinished_line(rep))}</p>' if rep.unfinished else ""
    body = f"""
<h1>{heading}</h1>
<p class="muted">{rule}</p>
<p class="summary" id="total">{total}</p>
{missing}
<p class="muted">{plural(len(rep.problems), "problem")} · {plural(submissions, "submission")} ·
{tokens:,} tokens · {html.escape(cost_line(rep))}</p>
<h2>Points per subtask</h2>
<table id="heatmap"><tr><th class="name">problem</th>{head}<th>total</th></tr>{''.join(rows)}</table>
{eval_html(rep)}
<h2>Cumulative score vs submissions</h2>
{line_chart(by_submission, "submissions", y_max, integer_x=True)}
<h2>Cumulative score vs time</h2>
{line_chart(by_time, unit, y_max, steps=True)}
<h2>Problems</h2>
{''.join(details)}
"""
    raw_contest = str(rep.cutoffs.get("contest", ""))
    return page(f"cpsolve report ({raw_contest})" if raw_contest else "cpsolve report", body)


STYLE = """body { font-family: system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; margin: 2em; color: #1d1d1d;
       max-width: 1100px; }
h1 { margin-bottom: 0.2em; }
h2 { margin-top: 1.4em; font-size: 1.25em; }
h3 { margin: 0.2em 0; }
table { border-collapse: collapse; margin: 0.6em 0; }
td, th { border: 1px solid #d0d0d0; padding: 4px 9px; text-align: right; font-variant-numeric: tabular-nums; }
th { background: #f7f7f7; }
th.name, td.name { text-align: left; }
#heatmap td.cell { min-width: 3.2em; }
#heatmap td.empty { border: none; background: none; }
#heatmap td.total { font-weight: bold; border-left: 2px solid #888; }
.of { color: #555; font-size: 0.85em; font-weight: normal; }
.summary { font-size: 1.3em; margin: 0.3em 0; }
.muted { color: #666; }
.warn { color: #8a4b00; }
.tick { font-size: 11px; fill: #444; }
.axis { font-size: 12px; fill: #222; }
.legend { font-size: 12px; fill: #222; }
.problem { margin: 1em 0 1.4em; }
.problem p { margin: 0.2em 0; }
table.history { font-size: 0.9em; }
table.eval tr.sub td { color: #444; font-size: 0.92em; }
#compare td.cell { min-width: 4.2em; }
#compare tr.diff th.mark { color: #b00020; }
#compare td.best { font-weight: bold; outline: 2px solid #333; outline-offset: -2px; }
#compare tr.group td, #compare tr.group th { border-top: 2px solid #888; }
table.runs td.name { max-width: 22em; overflow-wrap: anywhere; }
"""


def page(title: str, body: str) -> str:
    """A whole self-contained HTML page around BODY."""
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>\n'
            f"<style>\n{STYLE}</style></head>\n<body>\n{body}</body></html>\n")
