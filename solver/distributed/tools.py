"""`RemoteJudgeTools`: the agent's judge tools (`solver.agent.judge_tools.JudgeTools`) with every call run on
some node of a `SandboxCluster`. Same methods, same results: the agent cannot tell where it was judged.

The forwarding methods are generated from `REMOTE_CALLS` (the methods `JudgeTools` marks `@remote_call`), the
same declaration the node checks each call against: a method is callable remotely in one place or nowhere."""
from __future__ import annotations

import functools
from collections.abc import ItemsView, Iterator, KeysView, ValuesView
from pathlib import Path

from sandbox.compiler import Program
from sandbox.executor import Limits
from sandbox.languages import Language

from ..agent.judge_tools import REMOTE_CALLS, JudgeTools, batch_like, write_files
from ..judge.judging import Submission
from ..problems.model import Problem
from .cluster import SandboxCluster


def _crossable(value):
    """A one-pass or view argument (a generator, `dict.values()`) as a list, which the shipper can send."""
    return list(value) if isinstance(value, (Iterator, KeysView, ValuesView, ItemsView)) else value


def _forwarded(name: str):
    """`JudgeTools.NAME` run on a node of the cluster: same signature and docstring, the call shipped."""
    @functools.wraps(getattr(JudgeTools, name))
    def forward(self: RemoteJudgeTools, *args, **kwargs):
        return self.cluster.call(self.problem, name, *map(_crossable, args),
                                 **{k: _crossable(v) for k, v in kwargs.items()})
    return forward


class RemoteJudgeTools:
    """Every method in `REMOTE_CALLS` forwarded to a node (generated below the class); the ones here are made of
    those calls on this side. A `CapturingChecker` given to `judge` judges on the node and keeps nothing here:
    ask `outputs` or `judge_keeping_outputs` for what a program printed."""

    def __init__(self, problem: Problem, cluster: SandboxCluster):
        self.problem, self.cluster = problem, cluster

    def close(self) -> None:
        """Nothing to free here: the nodes keep the package until the cluster closes."""

    @property
    def batch_like(self) -> bool:
        return batch_like(self.problem)

    def write_outputs(self, program: Program, folder: Path, limits: Limits) -> Path:
        """The outputs are made on a node and written here, under the run directory, as on one machine."""
        return write_files(folder, self.output_files(program, limits))

    def judge_submission(self, source: Path, language: Language) -> Submission:
        """A submission on the official tests: the file (or an output-only task's folder of files) crosses as
        bytes, under its own name."""
        if source.is_dir():
            files = {f.name: f.read_bytes() for f in sorted(source.iterdir()) if f.is_file()}
            return self.judge_files(source.name, files, None, language)
        return self.judge_files(source.name, None, source.read_bytes(), language)


for _name in REMOTE_CALLS:
    setattr(RemoteJudgeTools, _name, _forwarded(_name))


def remote_tools(cluster: SandboxCluster):
    """A tools factory for `solve_with`: each problem's tools run on CLUSTER."""
    return lambda problem: RemoteJudgeTools(problem, cluster)
