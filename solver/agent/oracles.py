"""What stands for the truth on a generated input, per task type (the stress lab asks nothing else of the task).

- Batch, alone or with a grader, and output-only (whose program writes the output files): the task's own
  checker judges, with a trusted brute force's output standing in for the answer. The brute force is compiled
  as a submission is, with the grader, so it prints exactly what the grader prints.
- The same tasks where the checker judges validity without the answer (constructive tasks, found from the
  samples by `JudgeTools.checker_judges_alone`): the checker judges each output against an empty answer file;
  no brute force is needed.
- Communication: the package's manager judges each run on its own; no reference is needed.
- Interactive: the package's interactor judges each run. Where it reads an answer file (the samples come with
  non-empty ones), a trusted "answer maker" writes that file from the input; otherwise nothing is needed.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..problems.model import Problem


@dataclass(frozen=True)
class Oracle:
    kind: str
    """The task type: batch | communication | interactive | output_only."""
    reference: str | None
    """"brute": a brute force's output is the answer; "answers": an answer maker writes the interactor's
    answer file; None: the manager, interactor or (`checker_alone`) checker needs nothing."""
    grader: bool = False
    """The program is compiled with a grader (a function-signature task): so is the brute force."""
    checker_alone: bool = False
    """The task's checker judges an output's validity alone (a constructive task): outputs are judged against an
    empty answer, behaviours compared through the checker's verdicts, as a manager's are."""

    @property
    def compares_outputs(self) -> bool:
        """The program prints an output that the checker compares (else a manager or interactor judges it)."""
        return self.kind in ("batch", "output_only")

    def to_prompt(self) -> dict:
        return {"kind": self.kind, "reference": self.reference, "grader": self.grader,
                "checker_alone": self.checker_alone}


def oracle_for(problem: Problem, checker_alone: bool = False) -> Oracle:
    """The task's oracle. CHECKER_ALONE (what `JudgeTools.checker_judges_alone` found, journaled with the stress
    set-up) turns a batch or output-only task's brute force into the checker on its own."""
    tt = problem.task_type
    if tt.kind == "communication":
        return Oracle(tt.kind, None)
    if tt.kind == "interactive":
        answers = any(problem.tests[n].read_answer().strip() for n in problem.samples)
        return Oracle(tt.kind, "answers" if answers else None)
    if checker_alone:
        return Oracle(tt.kind, None, grader=bool(tt.compile_with), checker_alone=True)
    return Oracle(tt.kind, "brute", grader=bool(tt.compile_with))
