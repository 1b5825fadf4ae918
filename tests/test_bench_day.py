"""`cpsolve bench day` end to end, small: one task on a short simulated day, the real agent and sandbox against
the simulated H200, and the figures the command prints."""
from __future__ import annotations

from pathlib import Path

import pytest

from solver.bench.day import DaySettings, render, run_days
from solver.simulator import GpuModel

pytestmark = pytest.mark.docker

ROOT = Path(__file__).resolve().parent.parent


def test_a_short_day_wins_points_and_reports_the_gpu_and_the_clock_for_both_policies(pool, image):
    settings = DaySettings.quick()
    # 45 s of real time per policy (at 60x, 15 s, and once at 30x, 30 s, a loaded machine judged nothing in
    # time); clean replies (README)
    settings.day_s, settings.time_scale, settings.trailing_block = 900, 20, False
    days = run_days([ROOT / "problems" / "distinct"], pool, image, settings, log=lambda m: None)
    assert list(days) == ["clock", "rounds"] and [f["policy"] for f in days.values()] == ["clock", "rounds"]
    # the comparison is of one day: the same problems, clock and seeds
    assert days["rounds"]["problems"] == days["clock"]["problems"] and days["rounds"]["day_s"] == 900
    assert days["rounds"]["requests"] > 0 and "distinct" in days["rounds"]["tasks"]
    figures = days["clock"]
    task = figures["tasks"]["distinct"]
    assert figures["score"] == task["score"] > 0
    assert task["generations"] > 0 and task["submissions"] >= 1
    assert sum(task["submissions_by_fifth"]) + task["submissions_after_clock"] == task["submissions"]
    assert 0 < figures["gpu_utilisation"] <= 1 and 0 < figures["mean_sequences_in_flight"]
    # memory caps what runs (full_batch_sequences assumes 5k-token prompts; shorter ones leave room for more)
    gpu = GpuModel()
    assert figures["max_sequences_in_flight"] <= gpu.cache_bytes // gpu.reservation(0, gpu.expected_reply_tokens)
    assert figures["requests"] == sum(figures["answerer_calls"].values()) and figures["replies_cut"] == 0
    table = render(days)
    assert "GPU utilisation" in table and "clock" in table and "rounds" in table
