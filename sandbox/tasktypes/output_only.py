"""OutputOnly (and the output half of BatchAndOutput): the submission is one output file per test."""
from __future__ import annotations

from ..checkers import CheckContext, Checker
from ..executor import Limits, TestCase
from ..protocol import RunnerError
from ..verdicts import TestResult, Verdict
from ..worker import Worker


class OutputOnlyJudge:
    """Judges submitted outputs with the problem's checker; a test without an output scores 0."""

    pipelined = False

    def __init__(self, outputs: dict[str, bytes], limits: Limits, checker: Checker):
        self.outputs, self.limits, self.checker = outputs, limits, checker

    def send(self, worker: Worker, test: TestCase) -> None:
        pass  # nothing runs: the output already exists

    def receive(self, worker: Worker, test: TestCase) -> TestResult:
        output = self.outputs.get(test.name)
        if output is None:
            return TestResult(name=test.name, verdict=Verdict.WA, message="no output file submitted")
        ctx = CheckContext(test_name=test.name, output=output, load_input=test.read_input,
                           load_answer=test.read_answer, stage_input=lambda: worker.stage_file(test.input_path),
                           stage_answer=lambda: worker.stage(test.read_answer(), secret=True), worker=worker)
        try:
            outcome = self.checker.check(ctx)
        except RunnerError as e:
            worker.reset_judge()
            return TestResult(name=test.name, verdict=Verdict.JE, message=f"checker sandbox error: {e}")
        if outcome.judge_error:
            return TestResult(name=test.name, verdict=Verdict.JE, message=outcome.message)
        score = min(1.0, max(0.0, outcome.score))
        verdict = Verdict.AC if score >= 1.0 else Verdict.WA if score <= 0.0 else Verdict.PA
        return TestResult(name=test.name, verdict=verdict, score=score, message=outcome.message)

    def abort(self, worker: Worker) -> None:
        worker.reset_judge()
