"""The eval table of a `cpsolve eval` run: per problem and subtask, pass@k and the expected score of k samples."""
from __future__ import annotations

import html

from .runs import Report


def _ks(rep: Report) -> list[str]:
    ks = []
    for p in rep.problems:
        for k in p.result.get("eval", {}).get("k", []):
            if str(k) not in ks:
                ks.append(str(k))
    return sorted(ks, key=int)


def eval_rows(rep: Report) -> list[dict]:
    """One row per problem, then one per subtask worth points: name, samples, solved, pass@k, E[score]@k."""
    rows = []
    for p in rep.problems:
        ev = p.result.get("eval")
        if not ev:
            continue
        rows.append({"problem": p.id, "subtask": None, "max_score": p.result["max_score"], "samples": ev["samples"],
                     "solved": ev["solved"], "cut": ev.get("cut", 0), "pass_at_k": ev["pass_at_k"],
                     "expected_score": ev["expected_score"]})
        if len(ev["subtasks"]) > 1:  # a single subtask repeats the problem's row
            for name, st in ev["subtasks"].items():
                rows.append({"problem": p.id, "subtask": name, "max_score": st["max_score"],
                             "samples": ev["samples"], "solved": st["solved"], "pass_at_k": st["pass_at_k"],
                             "expected_score": st["expected_score"]})
    return rows


def eval_json(rep: Report) -> dict:
    """The eval table as JSON: rows, and over the whole archive the mean pass@k and the summed expected score."""
    rows = eval_rows(rep)
    top = [r for r in rows if r["subtask"] is None]
    ks = _ks(rep)
    return {"rows": rows, "k": [int(k) for k in ks],
            "mean_pass_at_k": {k: sum(r["pass_at_k"].get(k, 0.0) for r in top) / len(top) for k in ks} if top else {},
            "expected_total": {k: sum(r["expected_score"].get(k, 0.0) for r in top) for k in ks},
            "max_total": sum(r["max_score"] for r in top),
            "samples": sum(r["samples"] for r in top), "cut": sum(r.get("cut", 0) for r in top)}


def eval_markdown(rep: Report) -> str:
    ks = _ks(rep)
    lines = [f"## Eval: pass@k and expected score of k samples ({rep.label})", "",
             "| problem | subtask | solved/n | " + " | ".join(f"pass@{k}" for k in ks) + " | " +
             " | ".join(f"E[score]@{k}" for k in ks) + " |",
             "|---|---|---:|" + "---:|" * (2 * len(ks))]
    for r in eval_rows(rep):
        lines.append(f"| {r['problem'] if r['subtask'] is None else ''} | {r['subtask'] or 'all'} | "
                     f"{r['solved']}/{r['samples']} | " +
                     " | ".join(_cell(r["pass_at_k"], k, "{:.3f}") for k in ks) + " | " +
                     " | ".join(_cell(r["expected_score"], k, "{:.2f}") + f"/{r['max_score']:g}" for k in ks) + " |")
    js = eval_json(rep)
    if js["rows"]:
        lines += ["", "Mean pass@k over problems: " + ", ".join(f"pass@{k} {v:.3f}" for k, v in
                                                                  js["mean_pass_at_k"].items()) +
                  ". Expected total: " + ", ".join(f"@{k} {v:.2f}" for k, v in js["expected_total"].items()) +
                  f" of {js['max_total']:g}.",
                  "", f"Replies cut by the per-call budget: {js['cut']} of {js['samples']} samples "
                      "(each counted as a failed sample)."]
    return "\n".join(lines) + "\n"


def _cell(values: dict, k: str, fmt: str) -> str:
    return fmt.format(values[k]) if k in values else "-"


def eval_html(rep: Report) -> str:
    """The eval table as an HTML section ('' for a run that is not an eval)."""
    rows = eval_rows(rep)
    if not rows:
        return ""
    ks = _ks(rep)
    js = eval_json(rep)
    head = ("<tr><th class=\"name\">problem</th><th class=\"name\">subtask</th><th>solved / n</th>" +
            "".join(f"<th>pass@{k}</th>" for k in ks) + "".join(f"<th>E[score]@{k}</th>" for k in ks) + "</tr>")
    body = []
    for r in rows:
        cls = ' class="sub"' if r["subtask"] else ""
        body.append(f"<tr{cls}><td class=\"name\">{html.escape(r['problem'] if not r['subtask'] else '')}</td>"
                    f"<td class=\"name\">{html.escape(r['subtask'] or 'all')}</td>"
                    f"<td>{r['solved']}/{r['samples']}</td>" +
                    "".join(f"<td>{_cell(r['pass_at_k'], k, '{:.3f}')}</td>" for k in ks) +
                    "".join(f"<td>{_cell(r['expected_score'], k, '{:.2f}')}<span class=\"of\">/"
                            f"{r['max_score']:g}</span></td>" for k in ks) + "</tr>")
    return (f"<h2>Eval: pass@k and expected score of k samples</h2><p class=\"muted\">pass@k: the unbiased "
            f"estimator of Chen et al. 2021 over n samples; E[score]@k: per subtask the expected best of k samples "
            f"(IOI rule), summed.</p><table class=\"eval\">{head}{''.join(body)}</table>"
            f"<p class=\"muted\">Replies cut by the per-call budget: {js['cut']} of {js['samples']} samples (each "
            f"counted as a failed sample).</p>")
