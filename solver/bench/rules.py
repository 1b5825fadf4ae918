"""Selection rules scored against a pool whose every candidate was judged once on the official tests: what
`cpsolve bench select` compares our choice with. Pure functions over score vectors (one float per subtask, in
the problem's subtask order); the IOI rule scores a set of submissions as the sum over subtasks of the best.

These figures need the hidden results of candidates nobody submitted, which no contestant has: they are the
yardstick, and nothing here is ever given to the agent's own selection.
"""
from __future__ import annotations

import random
from math import comb
from typing import Sequence

Vector = Sequence[float]


def ioi_score(chosen: Sequence[Vector], width: int) -> float:
    """IOI 2017+: per subtask the best score any chosen submission got, summed."""
    return sum(max((v[i] for v in chosen), default=0.0) for i in range(width))


def expected_random(vectors: Sequence[Vector], budget: int) -> float:
    """The exact expectation over uniformly random orders of the first BUDGET submissions' IOI score.

    A random order's first b candidates are a uniform b-subset. Per subtask, with the n scores sorted ascending
    v_1 <= ... <= v_n, the best of the subset is v_i exactly when i is the largest index drawn:
    P = C(i-1, b-1) / C(n, b). The expectation of the sum is the sum of the expectations."""
    n = len(vectors)
    if n == 0:
        return 0.0
    b = min(budget, n)
    total = comb(n, b)
    width = len(vectors[0])
    expected = 0.0
    for i in range(width):
        column = sorted(v[i] for v in vectors)
        expected += sum(column[k - 1] * comb(k - 1, b - 1) for k in range(b, n + 1)) / total
    return expected


def oracle(vectors: Sequence[Vector], budget: int) -> float:
    """The best IOI score any BUDGET candidates of the pool reach together, computed exactly.

    Identical and dominated vectors are dropped first (a dominated candidate never improves a choice on the one
    that dominates it); then a depth-first search over the rest, pruned by the bound 'everything still
    available': value(chosen + all remaining) can only be higher than any completion of the choice."""
    if not vectors or budget <= 0:
        return 0.0
    width = len(vectors[0])
    unique = sorted({tuple(v) for v in vectors}, key=lambda v: -sum(v))
    front = [v for v in unique if not any(u != v and all(a >= b for a, b in zip(u, v)) for u in unique)]
    if budget >= len(front):
        return ioi_score(front, width)
    best = [0.0]
    # suffix_best[k][i]: the best score on subtask i among front[k:]
    suffix_best = [[0.0] * width for _ in range(len(front) + 1)]
    for k in range(len(front) - 1, -1, -1):
        suffix_best[k] = [max(a, b) for a, b in zip(suffix_best[k + 1], front[k])]

    def search(k: int, left: int, current: list[float]) -> None:
        value = sum(current)
        best[0] = max(best[0], value)
        if left == 0 or k == len(front):
            return
        if sum(max(a, b) for a, b in zip(current, suffix_best[k])) <= best[0] + 1e-12:
            return
        search(k + 1, left - 1, [max(a, b) for a, b in zip(current, front[k])])
        search(k + 1, left, current)

    search(0, budget, [0.0] * width)
    return best[0]


def open_r1_order(candidates: Sequence[dict], subtasks: Sequence[str], points: Sequence[float],
                  rng: random.Random) -> list[dict]:
    """open-r1's selection (huggingface/ioi, run_tests/selection_simulator.py, `simulate_round_robin`).

    Candidates that compiled are grouped by the subtask they were written for (the whole problem counts as the
    last subtask) and each group is ranked by public-example score, then by reasoning length, both descending.
    Round robin from the hardest subtask down, skipping subtasks already solved (full points, as the feedback
    shows) or exhausted; then the leftovers by the same ranking. Ties keep the input order, which RNG shuffles
    (the original keeps its dataset's order). Each candidate: {"public", "length", "target", "vector"}."""
    pool = list(candidates)
    rng.shuffle(pool)
    rank = lambda c: (c["public"], c["length"])  # noqa: E731
    queues = {s: sorted((c for c in pool if (c["target"] or subtasks[-1]) == s), key=rank, reverse=True)
              for s in subtasks}
    solved = {s for s, p in zip(subtasks, points) if p <= 0}
    chosen: list[dict] = []
    i = len(subtasks) - 1
    while any(queues[s] for s in subtasks if s not in solved):
        s = subtasks[i]
        if s not in solved and queues[s]:
            sub = queues[s].pop(0)
            chosen.append(sub)
            solved |= {t for t, v, p in zip(subtasks, sub["vector"], points) if v >= p - 1e-9}
        i = (i - 1) % len(subtasks)
    leftovers = sorted((c for q in queues.values() for c in q),
                       key=lambda c: (*rank(c), subtasks.index(c["target"] or subtasks[-1])), reverse=True)
    return chosen + leftovers


def prefix_scores(order: Sequence[Vector], budgets: Sequence[int], width: int) -> dict[int, float]:
    """The IOI score of the first b submissions of ORDER, for each budget b."""
    return {b: ioi_score(order[:b], width) for b in budgets}
