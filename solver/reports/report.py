"""`cpsolve report`: an IOI-style report of one run directory, or several side by side, in Markdown,
self-contained HTML or JSON.

A run directory is either one `cpsolve solve` run (its `result.json`) or a batch / eval folder (`batch.json` and
one run directory per problem). Points follow the IOI rule: per subtask, the best score any submission got.
The parts: reading runs (runs.py), Markdown (markdown.py), HTML (html.py, charts.py), several runs side by side
(compare.py) and eval tables (evals.py).
"""
from __future__ import annotations

from .html import render_html
from .markdown import render_markdown
from .runs import ProblemReport, Report, load_cutoffs, load_run

__all__ = ["ProblemReport", "Report", "load_cutoffs", "load_run", "render_html", "render_json", "render_markdown"]


def render_json(rep: Report) -> dict:
    """The documented JSON of one run: every problem with its `status` ("done", "failed: ...", "unfinished",
    "not started"; the last three scored from their journals), an eval run's `eval` parts, and `measure`: "ioi"
    (per subtask the best of the submissions) or "eval: expected score of one sample" (no medal applies)."""
    keys = ("problem", "score", "max_score", "subtasks", "submissions_used", "tokens", "wall_s")
    problems = [{k: p.result[k] for k in keys} | {"status": p.status} |
                ({"eval": p.result["eval"]} if "eval" in p.result else {}) for p in rep.problems]
    return {"problems": problems, "total": rep.total, "max_total": rep.max_total, "measure": measure(rep),
            "medal": rep.medal if rep.medals_apply else None, "cutoffs": rep.cutoffs.get("medals", {})}


def measure(rep: Report) -> str:
    """What a run's total is: an IOI score, or an eval's expected score of one sample."""
    return "eval: expected score of one sample" if rep.is_eval else "ioi"
