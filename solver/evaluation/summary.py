"""pass@k and expected scores of one problem's judged samples, as `cpsolve eval` records them in result.json."""
from __future__ import annotations

from .passk import expected_max_at_k, pass_at_k

EPS = 1e-9


def summarize(subtasks: list[tuple[str, float]], judgements: list[dict], ks: list[int]) -> dict:
    """SUBTASKS: (name, points); JUDGEMENTS: one per sample, `subtasks` mapping name -> points earned.

    A problem is passed by a sample with full points on every subtask worth points; a subtask by full points on
    it. The expected score of k samples is, per subtask, the expected best of k (the IOI rule), summed: the
    expectation of a sum is the sum of expectations, so this is exact for the whole problem too."""
    n = len(judgements)
    ks = [k for k in ks if k <= n]
    scored = [(name, points) for name, points in subtasks if points > 0]
    per_subtask = {}
    for name, points in scored:
        scores = [j["subtasks"].get(name, 0.0) for j in judgements]
        solved = sum(s >= points - EPS for s in scores)
        per_subtask[name] = {"max_score": points, "solved": solved,
                             "pass_at_k": {str(k): pass_at_k(n, solved, k) for k in ks},
                             "expected_score": {str(k): expected_max_at_k(scores, k) for k in ks}}
    full = sum(all(j["subtasks"].get(name, 0.0) >= points - EPS for name, points in scored) for j in judgements)
    return {"samples": n, "k": ks, "solved": full,
            "pass_at_k": {str(k): pass_at_k(n, full, k) for k in ks},
            "expected_score": {str(k): sum(s["expected_score"][str(k)] for s in per_subtask.values()) for k in ks},
            "subtasks": per_subtask}
