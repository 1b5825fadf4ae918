"""Budgets and plans without a sandbox: durations, each task's share of the contest clock, and how a round's
lineages are spread over targets by the points still open and capped by the tokens left."""
from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from solver.agent.budget import Budget, batch_task_seconds, parse_duration, task_seconds
from solver.agent.config import AgentConfig
from solver.agent.drafting import plan_round
from solver.agent.journal import Journal
from solver.agent.loop import Agent
from solver.agent.scripted import ScriptedModel
from solver.cli.main import app
from solver.problems import load_problem

APLUSB = Path(__file__).resolve().parent.parent / "problems" / "aplusb"


def test_durations_and_the_contest_clock():
    assert parse_duration("5h") == 18000 and parse_duration("1h30m") == 5400 and parse_duration("300") == 300
    for bad in ("", "5 hours", "-1h", "0"):
        with pytest.raises(ValueError):
            parse_duration(bad)
    assert task_seconds(None, 18000, 3) == 6000  # IOI: a day of 3 tasks, each gets its share
    assert task_seconds(100, 18000, 3) == 100  # an explicit limit wins
    assert task_seconds(None, None, 3) is None
    assert batch_task_seconds(18000, problems=6, parallel=2) == 6000  # 3 waves of 2 fit the clock
    assert batch_task_seconds(18000, problems=2, parallel=4) == 18000


def test_cli_refuses_a_bad_contest_time_in_one_line():
    result = CliRunner().invoke(app, ["solve", str(APLUSB), "--endpoint", "http://127.0.0.1:9/v1",
                                      "--contest-time", "five hours"])
    assert result.exit_code == 2 and "--contest-time: not a duration: 'five hours'" in result.output


@pytest.mark.parametrize("command", ["solve", "batch"])
def test_cli_refuses_a_bad_outage_patience_in_one_line(command, tmp_path):
    where = [str(APLUSB)] if command == "solve" else [str(APLUSB.parent), "--out", str(tmp_path / "out")]
    result = CliRunner().invoke(app, [command, *where, "--endpoint", "http://127.0.0.1:9/v1",
                                      "--outage-patience", "soon"])
    assert result.exit_code == 2 and "--outage-patience: not a duration: 'soon'" in result.output
    assert not (tmp_path / "out").exists()


def test_tokens_left_cap_the_lineages_at_the_cost_seen_so_far():
    budget = Budget(max_tokens=10_000, seconds=None, started=0)
    assert budget.affordable_lineages(64, 0, []) == 64  # nothing known yet
    assert budget.affordable_lineages(64, 4_000, [1_000, 3_000]) == 3  # 6,000 left at 2,000 a lineage
    assert budget.affordable_lineages(64, 9_999, [5_000]) == 1


def agent(tmp_path, **config) -> Agent:
    problem = load_problem(APLUSB)
    # planning uses no sandbox: the agent gets no tools
    return Agent(problem, ScriptedModel(lambda m: ""), None, Journal(tmp_path), AgentConfig(**config))


def test_a_round_spreads_its_lineages_by_open_points_and_skips_banked_subtasks(tmp_path):
    a = agent(tmp_path, drafts_per_target=1, lineages_per_round=8)
    plan = plan_round(a, 0, a.targets(0), width=4)
    names = [lineage.name for lineage in plan]
    # full (100 open points), small (30), big (30): one each, then 5 more by points (largest remainder)
    assert names[:3] == ["full.r0.d0", "small.r0.d0", "big.r0.d0"]
    assert sorted(n.split(".")[0] for n in names) == ["big"] * 2 + ["full"] * 4 + ["small"] * 2
    a.best["small"] = (30.0, 1)  # banked: no more drafting for it
    later = plan_round(a, 1, a.targets(1), width=4)
    assert not [lineage for lineage in later if lineage.target and lineage.target.name == "small"]
    assert len(later) == 8


def test_without_a_round_size_a_round_is_twice_the_lineages_in_flight(tmp_path):
    a = agent(tmp_path, drafts_per_target=1)
    assert len(plan_round(a, 0, a.targets(0), width=16)) == 32
