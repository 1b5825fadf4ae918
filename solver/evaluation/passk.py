"""The two estimators of `cpsolve eval`, from N judged samples of one problem.

pass@k is the unbiased estimator of Chen et al. 2021 ("Evaluating Large Language Models Trained on Code", eq. 1):
the chance that at least one of k samples drawn without replacement from the n is correct, 1 - C(n-c, k) / C(n, k).
It is computed as the product 1 - prod_{i=n-c+1..n} (1 - k/i), as that paper's numpy code does, so large n never
builds huge binomials.

For IOI tasks a sample earns points per subtask, and k submissions keep, per subtask, the best of them (the IOI
rule). The expected score of k samples is the expected maximum over a uniformly random k-subset; with the scores
sorted ascending the i-th (1-based) is that maximum in C(i-1, k-1) of the C(n, k) subsets. It is summed exactly in
rationals, so it is exact for any n (the scores are floats, whose rational values are exact).
"""
from __future__ import annotations

from fractions import Fraction
from math import comb


def pass_at_k(n: int, c: int, k: int) -> float:
    """Probability that at least one of k of the n samples (c of them correct) is correct."""
    if not 0 <= c <= n or not 1 <= k <= n:
        raise ValueError(f"pass@k needs 0 <= c <= n and 1 <= k <= n (n={n}, c={c}, k={k})")
    if n - c < k:
        return 1.0
    miss = 1.0
    for i in range(n - c + 1, n + 1):
        miss *= 1.0 - k / i
    return 1.0 - miss


def expected_max_at_k(scores: list[float], k: int) -> float:
    """The expected best of k scores drawn without replacement from SCORES (exact)."""
    n = len(scores)
    if not 1 <= k <= n:
        raise ValueError(f"expected best of k needs 1 <= k <= n (n={n}, k={k})")
    ordered = sorted(Fraction(s) for s in scores)
    total = sum(s * comb(i - 1, k - 1) for i, s in enumerate(ordered, 1) if i >= k)
    return float(total / comb(n, k))


def parse_ks(text: str) -> list[int]:
    """`1,5,10` -> [1, 5, 10]; a clear ValueError for anything else."""
    try:
        ks = sorted({int(part) for part in text.split(",") if part.strip()})
    except ValueError:
        raise ValueError(f"--k: expected comma-separated whole numbers such as 1,5,10, got {text!r}") from None
    if not ks or ks[0] < 1:
        raise ValueError(f"--k: expected numbers of at least 1, got {text!r}")
    return ks
