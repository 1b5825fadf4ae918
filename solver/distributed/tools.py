"""`RemoteSandboxTools`: the agent's sandbox tools (`solver.agent.sandboxing.SandboxTools`) with every call run
on some node of a `SandboxCluster`. Same methods, same results: the agent cannot tell where it was judged."""
from __future__ import annotations

from pathlib import Path

from sandbox.compiler import CompileResult, Program
from sandbox.executor import Limits
from sandbox.languages import Language
from sandbox.verdicts import TestResult

from ..problems.model import Problem
from .cluster import SandboxCluster


class RemoteSandboxTools:
    def __init__(self, problem: Problem, cluster: SandboxCluster):
        self.problem, self.cluster = problem, cluster

    def close(self) -> None:
        """Nothing to free here: the nodes keep the package until the cluster closes."""

    def compile(self, source: str, language: Language, name: str) -> CompileResult:
        return self.cluster.call(self.problem, "compile", source, language, name)

    def compile_standalone(self, source: str, language: Language, name: str) -> CompileResult:
        return self.cluster.call(self.problem, "compile_standalone", source, language, name)

    def run_samples(self, program: Program) -> list[TestResult]:
        return self.cluster.call(self.problem, "run_samples", program)

    def run_on_input(self, program: Program, data: bytes, limits: Limits, args: list[str] = ()):
        return self.cluster.call(self.problem, "run_on_input", program, data, limits, list(args))

    def compare(self, data: bytes, expected: bytes, got: bytes) -> tuple[float, str]:
        return self.cluster.call(self.problem, "compare", data, expected, got)

    def judge(self, source: Path, language: Language):
        """A submission on the official tests: the file crosses as bytes, under its own name."""
        if source.is_dir():
            raise ValueError(f"{source}: folders of output files are judged on one machine, not with --ray")
        return self.cluster.call(self.problem, "judge_file", source.name, source.read_bytes(), language)


def remote_tools(cluster: SandboxCluster):
    """A tools factory for `solve_with`: each problem's tools run on CLUSTER."""
    return lambda problem: RemoteSandboxTools(problem, cluster)
