"""A tool session for one problem: what the statement gives (its samples) and how the task compiles C++."""
from __future__ import annotations

from sandbox.executor import Limits
from sandbox.languages import get_language
from sandbox.session import CppSetup, SessionLimits, ToolSession

from ..problems.model import Problem


def cpp_setup(problem: Problem) -> CppSetup:
    """The task's C++ dialect, limits and public grader (what a contestant compiles with)."""
    tt = problem.task_type
    limits = Limits(time_s=problem.limits.time_s, memory_mib=problem.limits.memory_mib,
                    output_mib=min(problem.limits.output_mib, 64))
    graders = {name: path.read_bytes() for name, path in tt.graders.items()} if tt.compile_with else {}
    return CppSetup(language=get_language(problem.cpp), limits=limits, graders=graders,
                    compile_with=list(tt.compile_with) if tt.compile_with else [],
                    submission_name=(tt.submission_name or f"{problem.id}.cpp") if tt.compile_with else "sol.cpp")


def sample_files(problem: Problem) -> dict[str, bytes]:
    """The statement's samples as files (`<name>.in`, `<name>.out`): all of the package the tools may read."""
    files = {}
    for name in problem.samples:
        test = problem.tests[name]
        name = name.replace("/", "_")
        files[f"{name}.in"] = test.read_input()
        if test.answer_path is not None:
            files[f"{name}.out"] = test.read_answer()
    return files


def problem_session(problem: Problem, client, image: str, limits: SessionLimits | None = None) -> ToolSession:
    """A session (not yet started: use it as a context manager) with the problem's samples and C++ setup."""
    return ToolSession(client, image, limits, samples=sample_files(problem), cpp=cpp_setup(problem))
