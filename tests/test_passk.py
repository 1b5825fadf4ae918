"""The eval estimators against their definitions: pass@k as 1 - C(n-c, k)/C(n, k) (Chen et al. 2021), and the
expected best of k scores as the mean over every k-subset."""
from __future__ import annotations

import itertools
import statistics
from math import comb

import pytest

from solver.evaluation.passk import expected_max_at_k, parse_ks, pass_at_k
from solver.evaluation.summary import summarize


def test_pass_at_k_is_the_binomial_formula():
    for n in range(1, 13):
        for c in range(n + 1):
            for k in range(1, n + 1):
                assert pass_at_k(n, c, k) == pytest.approx(1 - comb(n - c, k) / comb(n, k), abs=1e-12)


def test_pass_at_k_is_stable_for_large_n():
    # C(2000, 1000) has 600 digits: the product form never builds it
    assert pass_at_k(2000, 1, 1000) == pytest.approx(0.5)
    assert pass_at_k(10_000, 0, 100) == 0.0 and pass_at_k(10_000, 9_950, 100) == 1.0


def test_expected_best_of_k_is_the_mean_over_all_subsets():
    scores = [0.0, 4.0, 4.0, 25.5, 71.0, 0.0, 12.25]
    for k in range(1, len(scores) + 1):
        brute = statistics.fmean(max(s) for s in itertools.combinations(scores, k))
        assert expected_max_at_k(scores, k) == pytest.approx(brute, abs=1e-12)


def test_bad_arguments_are_refused():
    with pytest.raises(ValueError):
        pass_at_k(3, 4, 1)
    with pytest.raises(ValueError):
        expected_max_at_k([1.0, 2.0], 3)
    assert parse_ks("10, 1,5,5") == [1, 5, 10]
    for bad in ("", "0", "1,x"):
        with pytest.raises(ValueError, match="--k"):
            parse_ks(bad)


def test_summary_sums_subtask_expectations_and_counts_full_solves():
    subtasks = [("samples", 0.0), ("small", 40.0), ("big", 60.0)]
    judged = [{"subtasks": {"samples": 0, "small": 40, "big": 60}}, {"subtasks": {"samples": 0, "small": 40, "big": 0}},
              {"subtasks": {"samples": 0, "small": 0, "big": 30}}]
    s = summarize(subtasks, judged, [1, 2, 5])
    assert s["k"] == [1, 2] and s["solved"] == 1 and s["subtasks"]["small"]["solved"] == 2
    assert set(s["subtasks"]) == {"small", "big"}  # a 0-point subtask is nobody's goal
    assert s["pass_at_k"]["2"] == pytest.approx(1 - comb(2, 2) / comb(3, 2))
    # per subtask the best of 2, summed: every pair holds a 40 on small; big: pairs (60,0),(60,30),(0,30) -> 50
    assert s["expected_score"]["2"] == pytest.approx(40 + 50)
    assert s["expected_score"]["1"] == pytest.approx(80 / 3 + 30)
    # the IOI rule over every 2-subset, directly
    brute = statistics.fmean(max(a["subtasks"]["small"], b["subtasks"]["small"]) +
                             max(a["subtasks"]["big"], b["subtasks"]["big"])
                             for a, b in itertools.combinations(judged, 2))
    assert s["expected_score"]["2"] == pytest.approx(brute)
