"""The "rounds" policy, kept only so that `cpsolve bench` can compare the clock policy (scheduler.py) with it on
the same day: fixed rounds, each drafting its lineages and waiting for all of them before clustering and
submitting what it found."""
from __future__ import annotations

from . import closing, drafting


async def run_rounds(agent, width: int) -> None:
    """Up to `rounds` rounds; stops early when every point is won or the submissions are spent (without official
    tests, once a full-problem candidate passed the samples). Raises what stopped it (BudgetExhausted, ...)."""
    plans = {0: drafting.plan_round(agent, 0, agent.targets(0), width)} if agent.targets(0) else {}
    agent.first_drafts = drafting.first_drafts(plans.get(0, []), width)
    for rnd in range(agent.config.rounds):
        targets = agent.targets(rnd)
        if not targets:
            break
        agent._update(f"round {rnd + 1}: drafting")
        plan = plans.pop(rnd, None) or drafting.plan_round(agent, rnd, targets, width)
        await drafting.run_round(agent, plan, width)
        await agent.setup_finished()
        agent._update(f"round {rnd + 1}: clustering")
        await closing.cluster(agent, list(agent.candidates.values()))
        if agent.problem.has_official_tests:
            agent._update(f"round {rnd + 1}: submitting")
            await agent.submit_phase()
            if not agent.unsolved() or len(agent.submissions) >= agent.config.submissions:
                break
        elif any(c.samples_passed and c.target is None for c in agent.candidates.values()):
            break
