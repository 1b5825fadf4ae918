"""Problems of a run that have no `result.json`: failed (their run directory holds `failed.json`), unfinished (a
run killed or still going) or never started. A report lists them as such, with the points their journaled
submissions already earned, so totals, `max_total`, medals and comparisons count every problem of the archive.

What a problem is worth comes from its batch.json entry (batch.py writes it), else from its package."""
from __future__ import annotations

import json
from pathlib import Path

from ..evaluation.summary import summarize
from ..judge.scoring import best_over_submissions

# The files a run folder holds, named as batch.py, evaluation/archive.py and solve.py write them (importing those
# would load the whole agent and model client into `cpsolve report`; tests/test_report_unfinished.py checks them).
BATCH_FILE, FAILED_FILE, EVAL_FILE, RUN_INFO = "batch.json", "failed.json", "eval.json", "run.json"


def read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError) as e:
        raise ValueError(f"{path}: cannot read ({e})") from None


def read_journal(run_dir: Path) -> list[dict]:
    """The journal's events ([] without one); a torn last line after a crash is skipped."""
    journal = run_dir / "journal.jsonl"
    if not journal.exists():
        return []
    events = []
    for line in journal.read_text().splitlines():
        try:
            events.append(json.loads(line))
        except ValueError:
            continue
    return events


def facts_from_entry(entry: dict, batch_json: Path, archive: str | None) -> dict:
    """A batch.json entry's id, maximum, precision, task type and subtasks; entries written before batch.json
    recorded them are completed from the package (its path, else the archive it came from)."""
    if "subtasks" in entry and "max_score" in entry:
        return {"id": entry["id"], "max_score": entry["max_score"],
                "score_precision": entry.get("score_precision", 2), "task_type": entry.get("task_type", "batch"),
                "subtasks": [(s["name"], s["points"]) for s in entry["subtasks"]]}
    index = next((i for i, e in enumerate(read_json(batch_json)["problems"]) if e["id"] == entry["id"]), 0)
    return facts_from_package(entry["id"], [entry.get("path"), archive],
                              f"{batch_json}: problems[{index}].max_score")


def facts_from_package(problem_id: str, places: list[str | None], what: str) -> dict:
    """The facts of PROBLEM_ID read from the first of PLACES that loads (a package, or an archive holding it);
    none loading is a ValueError naming WHAT is missing."""
    from ..problems import ProblemFormatError, load_archive, load_problem

    for place in [p for p in places if p]:
        try:
            found = [load_problem(Path(place))]
        except (ProblemFormatError, OSError):
            try:
                found = load_archive(Path(place)) or []
            except (ProblemFormatError, OSError):
                continue
        problem = next((p for p in found if p.id == problem_id), None)
        if problem is not None:
            return {"id": problem.id, "max_score": problem.max_score, "score_precision": problem.score_precision,
                    "task_type": problem.task_type.kind,
                    "subtasks": [(s.name, s.points) for s in problem.subtasks]}
    raise ValueError(f"{what}: not recorded, and the problem {problem_id!r} cannot be loaded from "
                     f"{' or '.join(str(p) for p in places if p) or 'anywhere'} to find it")


def status_of(run_dir: Path) -> str:
    """'failed: <why>' (failed.json), 'unfinished' (a run directory with a journal or run.json), or 'not started'."""
    if (run_dir / FAILED_FILE).exists():
        return read_json(run_dir / FAILED_FILE).get("status", "failed")
    if (run_dir / "journal.jsonl").exists() or (run_dir / RUN_INFO).exists():
        return "unfinished"
    return "not started"


def unfinished_result(facts: dict, run_dir: Path, eval_ks: list[int] | None) -> dict:
    """A result.json-shaped record of a problem without one: its journaled submissions scored by the IOI rule
    (an eval run's: the mean over the samples judged so far, with pass@k over them), 0 where there are none."""
    events = read_journal(run_dir)
    names = [name for name, _ in facts["subtasks"]]
    tokens = {"prompt": 0, "completion": 0}
    for e in events:
        if e.get("type") in ("model_call", "sample"):
            usage = e.get("data", {}).get("usage", {})
            tokens["prompt"] += int(usage.get("prompt", 0))
            tokens["completion"] += int(usage.get("completion", 0))
    wall = sum(e["data"].get("wall", 0.0) for e in events if e.get("type") == "session_end")
    result = {"problem": facts["id"], "status": status_of(run_dir), "max_score": facts["max_score"],
              "score_precision": facts["score_precision"], "tokens": tokens, "wall_s": round(wall, 1),
              "run_dir": str(run_dir)}
    if eval_ks is not None:
        history = [e["data"] for e in events if e.get("type") == "judgement"]
        mean = {n: sum(h["subtasks"].get(n, 0.0) for h in history) / len(history) if history else 0.0
                for n in names}
        return result | {
            "mode": "eval", "score": sum(mean.values()), "submissions_used": len(history), "history": history,
            "subtasks": [{"name": n, "max_score": pts, "score": mean[n], "submission": None}
                         for n, pts in facts["subtasks"]],
            **({"eval": summarize(facts["subtasks"], history, eval_ks)} if history else {})}
    history = [e["data"] for e in events if e.get("type") == "submission" and e["data"].get("compiled", True)]
    best = best_over_submissions([[h["subtasks"].get(n, 0.0) for n in names] for h in history]) or [0.0] * len(names)
    first = [next((i + 1 for i, h in enumerate(history) if h["subtasks"].get(n, 0.0) == b and b > 0), None)
             for n, b in zip(names, best)]
    return result | {"score": sum(best), "submissions_used": len(history), "history": history,
                     "subtasks": [{"name": n, "max_score": pts, "score": b, "submission": i}
                                  for (n, pts), b, i in zip(facts["subtasks"], best, first)]}
