"""Strategy parameters, with defaults that follow what published IOI agents found to work."""
from __future__ import annotations

from pathlib import Path
from typing import ClassVar, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..problems.errors import ProblemFormatError, pydantic_error


class AgentConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    drafts_per_target: int = Field(2, ge=1)
    """Candidates drafted for the full problem and for each subtask, per round."""
    repair_rounds: int = Field(2, ge=0)
    """Repairs per candidate lineage: gains come in the first two rounds."""
    policy: Literal["clock", "rounds"] = "clock"
    """How drafting and submitting are scheduled. "clock": lineages start as slots free up until the clock or
    token budget is spent (or every point is won), candidates are clustered and submitted as they arrive, and
    submissions are paced over the day (pacing.py). "rounds": the earlier fixed rounds with a barrier after each,
    kept only so that `cpsolve bench` can compare the two on the same day; do not choose it for a contest."""
    rounds: int = Field(3, ge=1)
    """"rounds" policy: drafting rounds. "clock" policy with neither a clock nor a token budget: waves of
    lineages planned at most (something must end such a run); with either budget the waves go on until it ends."""
    submission_reserve: float = Field(0.1, ge=0, lt=1)
    """"clock" policy: share of the submission budget kept back while drafting, for the best untried clusters
    that later drafts find; it is spent in the closing window before the clock ends."""
    closing_share: float = Field(0.05, gt=0, lt=1)
    """"clock" policy under a clock: the least share of the task's time kept after drafting stops, to cluster
    and submit before the clock ends (more when the judging measured so far says it needs more)."""
    language: str | None = None
    """Language candidates are written in: cpp17, cpp20, python3 or pypy3; None takes the problem's C++ dialect."""
    stress_tests: int = Field(30, ge=0)
    """Random small inputs on which candidates are compared with the brute force."""
    stress_size: int = Field(8, ge=1)
    """Size parameter N given to the generator for stress inputs."""
    large_tests: int = Field(2, ge=0)
    """Random inputs of the largest size, to catch slow candidates."""
    large_size: int = Field(200000, ge=1)
    brute_attempts: int = Field(3, ge=0)
    """Brute forces (answer makers, for interactive tasks) asked for at most; each must pass the samples."""
    brute_quorum: int = Field(2, ge=1)
    """Independent brute forces that must agree on every small input before their output is trusted."""
    validator_attempts: int = Field(2, ge=0)
    """Input validators asked for; one must accept every sample input to be used."""
    generator_attempts: int = Field(2, ge=1)
    """Generators asked for; one whose inputs the validator mostly rejects is replaced."""
    output_time_s: float = Field(10.0, gt=0)
    """Output-only tasks: CPU seconds a candidate program may take per input to write its output file."""
    cluster_tests: int = Field(20, ge=0)
    """Generated inputs whose outputs group candidates into clusters."""
    submissions: int = Field(50, ge=1)
    """Submission budget per task (IOI: 50); compile failures do not count."""
    task_tokens: int | None = Field(None, ge=1)
    """The task's token budget: stop drafting once this many completion tokens are spent, all calls together."""
    task_time_s: float | None = Field(None, gt=0)
    """The task's wall clock: stop once the run has taken this many seconds; None: its share of `contest_time_s`."""
    contest_time_s: float | None = Field(None, gt=0)
    """The contest clock (IOI: 5 h a day); each task gets `contest_time_s / contest_tasks` unless task_time_s."""
    contest_tasks: int = Field(3, ge=1)
    """Tasks sharing the contest clock (IOI: 3 a day)."""
    max_completion_tokens: int | None = Field(None, ge=16)
    """Per call, thinking and answer together; None takes the model recipe's (8192 without one). Shrunk only when
    the prompt leaves less room in the model's context."""
    resample_attempts: int = Field(2, ge=0)
    """Further samples when a reply was cut off by the completion budget: its answer is incomplete, so it is
    asked again, never repaired. After that the lineage is abandoned."""
    parallel_lineages: int | None = Field(None, ge=1)
    """Lineages in flight at once; None: the model client's batch size (the recipe's max_sequences), so the
    server's batch stays full."""
    lineages_per_round: int | None = Field(None, ge=1)
    """Lineages drafted per round, spread over its targets by the points still open; at least drafts_per_target
    per target. None: twice the lineages in flight, so the pool refills as lineages finish."""
    max_model_errors: int = Field(3, ge=1)
    """Lineages failing in a row on model errors before the run stops: one failure only ends its lineage."""
    temperature: float | None = None
    """None keeps the model recipe's default."""
    tools: bool = False
    """Drafts and repairs as tool-integrated conversations: the model may run `python` (a stateful interpreter)
    and `run_cpp` (the task's compiler flags) in a sandbox holding the samples while it thinks
    (agent/toolcalls.py). Needs a model served over HTTP with tool calling."""
    max_tool_calls: int = Field(100, ge=1)
    """With `tools`: tool calls answered per conversation (Nemotron-Cascade-2's protocol: 100); later ones are
    answered "no more tool calls"."""

    #: Fields a resumed run may change: budgets, which only say when to stop.
    BUDGET_FIELDS: ClassVar[tuple[str, ...]] = ("task_tokens", "task_time_s", "contest_time_s", "contest_tasks")
    #: Keys of earlier versions whose meaning was ambiguous (per call or per task? the problem's or the agent's
    #: time?), refused with the name that replaced them.
    RENAMED: ClassVar[dict[str, str]] = {
        "max_tokens": "task_tokens (the task's total; max_completion_tokens is per call)",
        "time_limit_s": "task_time_s (the agent's wall clock for the task)"}

    def strategy(self) -> dict:
        """The settings that shape what a run does (recorded in run.json; a resume must keep them)."""
        return {k: v for k, v in self.model_dump().items() if k not in self.BUDGET_FIELDS}

    @classmethod
    def load(cls, path: Path | None, **overrides) -> "AgentConfig":
        data: dict = {}
        if path is not None:
            try:
                data = yaml.safe_load(path.read_text()) or {}
            except (OSError, yaml.YAMLError) as e:
                raise ProblemFormatError(path, "", f"cannot read the config ({e})") from None
            if not isinstance(data, dict):
                raise ProblemFormatError(path, "", "expected a mapping")
        for old, new in cls.RENAMED.items():
            if old in data:
                raise ProblemFormatError(path, old, f"renamed: write {new}")
        data.update({k: v for k, v in overrides.items() if v is not None})
        try:
            return cls.model_validate(data)
        except ValidationError as e:
            raise pydantic_error(path or Path("<command line>"), e) from None
