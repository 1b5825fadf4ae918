"""The yardsticks of `cpsolve bench select`, checked against figures worked out by hand."""
from __future__ import annotations

import itertools
import random

from solver.bench.rules import expected_random, ioi_score, open_r1_order, oracle

# subtasks: samples (0 points), A (30), B (30), C (40)
POOL = [
    [0, 30, 0, 0],    # p: A only
    [0, 30, 0, 0],    # p again (a copy)
    [0, 0, 30, 0],    # q: B only
    [0, 30, 15, 0],   # r: A, half of B (dominates p)
    [0, 0, 0, 40],    # s: C only
]


def test_oracle_by_hand():
    # b=1: r (30 + 15 = 45) is the best single candidate, ahead of s (40)
    assert oracle(POOL, 1) == 45
    # b=2: r + s = 30 + 15 + 40 = 85; q + s = 70; r + q = 60
    assert oracle(POOL, 2) == 85
    # b=3: r + q + s = 30 + 30 + 40 = 100, everything
    assert oracle(POOL, 3) == 100
    assert oracle(POOL, 50) == 100
    assert oracle([], 3) == 0


def test_oracle_agrees_with_exhaustive_search():
    rng = random.Random(7)
    for _ in range(30):
        pool = [[rng.choice([0, 5, 10]) for _ in range(4)] for _ in range(rng.randint(1, 8))]
        for b in (1, 2, 3):
            brute = max(ioi_score(c, 4) for c in itertools.combinations(pool, min(b, len(pool))))
            assert oracle(pool, b) == brute


def test_random_order_expectation_by_hand():
    # b=1: the mean of the totals: (30 + 30 + 30 + 45 + 40) / 5 = 35
    assert abs(expected_random(POOL, 1) - 35.0) < 1e-9
    # b=5 takes everything
    assert abs(expected_random(POOL, 5) - 100.0) < 1e-9
    # b=2: the mean over the 10 pairs of their IOI score, enumerated
    pairs = list(itertools.combinations(POOL, 2))
    assert abs(expected_random(POOL, 2) - sum(ioi_score(p, 4) for p in pairs) / len(pairs)) < 1e-9


def test_open_r1_rule_by_hand():
    names, points = ["samples", "A", "B", "C"], [0, 30, 30, 40]
    cands = [
        {"id": "long-wrong", "public": 1.0, "length": 900, "target": None, "vector": [0, 30, 0, 0]},
        {"id": "short-right", "public": 1.0, "length": 100, "target": None, "vector": [0, 30, 30, 40]},
        {"id": "fails-samples", "public": 0.5, "length": 5000, "target": None, "vector": [0, 30, 30, 40]},
        {"id": "for-A", "public": 1.0, "length": 10, "target": "A", "vector": [0, 30, 0, 0]},
    ]
    order = [c["id"] for c in open_r1_order(cands, names, points, random.Random(0))]
    # C (the whole problem's queue): by public score, then the longer reasoning: long-wrong first; it solves A.
    # B has no queue of its own and A is solved; back at C, short-right. The leftovers follow by public score.
    assert order == ["long-wrong", "short-right", "for-A", "fails-samples"]
