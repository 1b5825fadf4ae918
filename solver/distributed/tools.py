"""`RemoteJudgeTools`: the agent's judge tools (`solver.agent.judge_tools.JudgeTools`) with every call run on
some node of a `SandboxCluster`. Same methods, same results: the agent cannot tell where it was judged."""
from __future__ import annotations

from pathlib import Path
from typing import Sequence

from sandbox.checkers import Checker
from sandbox.compiler import CompileResult, Program
from sandbox.executor import Limits, TestCase
from sandbox.languages import Language
from sandbox.verdicts import TestResult

from ..agent.judge_tools import Case, Run, batch_like, write_files
from ..judge.judging import Submission
from ..problems.model import Problem
from .cluster import SandboxCluster


class RemoteJudgeTools:
    def __init__(self, problem: Problem, cluster: SandboxCluster):
        self.problem, self.cluster = problem, cluster

    def close(self) -> None:
        """Nothing to free here: the nodes keep the package until the cluster closes."""

    @property
    def batch_like(self) -> bool:
        return batch_like(self.problem)

    def _call(self, method: str, *args, **kwargs):
        return self.cluster.call(self.problem, method, *args, **kwargs)

    def prepare(self) -> None:
        """The checker and manager built on one node now, so a package that cannot build them fails here, as it
        does on one machine (every other node builds its own when it first needs them)."""
        self._call("prepare")

    def compile(self, source: str, language: Language, name: str) -> CompileResult:
        return self._call("compile", source, language, name)

    def compile_standalone(self, source: str, language: Language, name: str) -> CompileResult:
        return self._call("compile_standalone", source, language, name)

    def judge(self, program: Program, cases: Sequence[Case | TestCase], *, checker: Checker | None = None,
              limits: Limits | None = None, standalone: bool = False,
              early_stop: bool = False) -> list[TestResult]:
        """As `JudgeTools.judge`. A `CapturingChecker` given here judges on the node and keeps nothing here: ask
        `outputs` or `judge_keeping_outputs` for what a program printed."""
        return self._call("judge", program, list(cases), checker=checker, limits=limits, standalone=standalone,
                          early_stop=early_stop)

    def outputs(self, program: Program, cases: Sequence[Case | TestCase], *, limits: Limits | None = None,
                standalone: bool = False) -> list[tuple[TestResult, bytes | None]]:
        return self._call("outputs", program, list(cases), limits=limits, standalone=standalone)

    def judge_keeping_outputs(self, program: Program, cases: Sequence[Case], *,
                              early_stop: bool = False) -> tuple[list[TestResult], dict[str, bytes]]:
        return self._call("judge_keeping_outputs", program, list(cases), early_stop=early_stop)

    def compare(self, pairs: Sequence[tuple[Case, bytes]], *, tokens: bool = False) -> list[TestResult]:
        return self._call("compare", [tuple(p) for p in pairs], tokens=tokens)

    def checker_judges_alone(self) -> bool:
        """As `JudgeTools.checker_judges_alone`, probed on a node (it has the package and the checker)."""
        return self._call("checker_judges_alone")

    def run_samples(self, program: Program) -> list[TestResult]:
        return self._call("run_samples", program)

    def write_outputs(self, program: Program, folder: Path, limits: Limits) -> Path:
        """The outputs are made on a node and written here, under the run directory, as on one machine."""
        return write_files(folder, self._call("output_files", program, limits))

    def run_many(self, program: Program, argvs: Sequence[Sequence[str]], limits: Limits) -> list[Run]:
        return self._call("run_many", program, [list(a) for a in argvs], limits)

    def judge_submission(self, source: Path, language: Language) -> Submission:
        """A submission on the official tests: the file (or an output-only task's folder of files) crosses as
        bytes, under its own name."""
        if source.is_dir():
            files = {f.name: f.read_bytes() for f in sorted(source.iterdir()) if f.is_file()}
            return self._call("judge_files", source.name, files, None, language)
        return self._call("judge_files", source.name, None, source.read_bytes(), language)


def remote_tools(cluster: SandboxCluster):
    """A tools factory for `solve_with`: each problem's tools run on CLUSTER."""
    return lambda problem: RemoteJudgeTools(problem, cluster)
