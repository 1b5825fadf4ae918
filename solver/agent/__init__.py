"""The agent: draft, test, stress, repair, cluster, and spend the submission budget by subtask.

Data path: problem -> prompts (prompts/*.j2) -> model -> candidates -> sandbox (samples, stress) -> clusters ->
submissions (official tests, per-subtask scores only) -> result. Every step is journaled in the run directory, so
a rerun after a crash replays what finished and continues from there.
"""
