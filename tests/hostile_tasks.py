"""Task types for the hostile suite: a hostile program judged as a Batch task with a package checker, as an
interactive task, or as a Communication task, each with a judge side that holds hidden data.

The judge sides live in tests/hostile/judges/ (Python, trusted, run as the judge user):
- checker.py (CMS protocol): its own text is the hidden data (a checker's table of best scores, say);
- interactor.py (Kattis protocol): the test's input is the hidden data, the answer the public lines it sends;
- manager.py (CMS Communication): the first input line is the hidden data, the rest the public lines.
Every piece of hidden data carries one marker, which the hunting programs look for in whatever they can read
(see hostile.h). The judge sides accept only the reply "contained", so a hunt that found anything is WA with
what it found as the message.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

from sandbox.checkers import TokensChecker
from sandbox.checkers.external import ExternalChecker
from sandbox.compiler import Program, compile_program
from sandbox.executor import Limits, TestCase, judge_test
from sandbox.languages import get_language
from sandbox.protocol import RunnerError
from sandbox.tasktypes.communication import CommunicationJudge
from sandbox.tasktypes.interactive import InteractiveJudge
from sandbox.verdicts import TestResult, Verdict
from sandbox.worker import Worker, digest

JUDGES_DIR = Path(__file__).resolve().parent / "hostile" / "judges"
TASKS = ("batch", "checker", "interactive", "communication")
#: Options a manifest entry may give a Communication task (CommunicationJudge's own parameters).
COMMUNICATION_OPTIONS = ("num_processes", "user_io")
HIDDEN_MARKER = "CPSOLVE-" + "HIDDEN"

#: A well-behaved program for every task type: reads its input to the end (from its fifo_io arguments when it
#: has them) and replies "contained". The fixture judges it on each task type first: the judge sides accept it.
BENIGN_SRC = rb"""#include <cstdio>
int main(int argc, char** argv) {
    if (argc >= 3 && (!freopen(argv[1], "r", stdin) || !freopen(argv[2], "w", stdout))) return 3;
    for (int c; (c = getchar()) != EOF;) {}
    puts("contained");
}
"""


@dataclass
class JudgeSides:
    """The compiled judge-side programs, and a decoy: the input of another test, staged as Batch stages one."""

    checker: Program
    interactor: Program
    manager: Program
    decoy_path: str


def compile_judge_sides(worker: Worker, image: str) -> JudgeSides:
    python = get_language("python3")
    programs = {}
    for name in ("checker", "interactor", "manager"):
        src = (JUDGES_DIR / f"{name}.py").read_bytes()
        result = compile_program(worker, python, {f"{name}.py": src}, image)
        assert result.ok, result.log
        programs[name] = result.program
    decoy = f"{HIDDEN_MARKER} the input of another test {secrets.token_hex(8)}\n".encode()
    return JudgeSides(**programs, decoy_path=worker.stage(decoy))


def compile_benign(worker: Worker, image: str) -> Program:
    result = compile_program(worker, get_language("cpp17"), {"sol.cpp": BENIGN_SRC}, image)
    assert result.ok, result.log
    return result.program


def staged_paths(artifact: bytes, name: str = "", executable: bool = False) -> list[str]:
    """Where the worker may stage these bytes: among the public files or the secret ones (see Worker.stage)."""
    key = digest(artifact) + ("x" if executable else "")
    return [f"{folder}/{key}" + (f"/{name}" if name else "") for folder in ("/work/stage", "/work/secret")]


def write_test(task: str, folder: Path, public: str, answer: bytes, sides: JudgeSides) -> TestCase:
    """The test files of one hostile run: `public` is the "key value" lines every program gets."""
    hidden = f"{HIDDEN_MARKER} {secrets.token_hex(16)}\n"
    if task == "batch":
        files = (public, answer)
    elif task == "checker":
        checker = sides.checker
        paths = staged_paths(checker.artifact, checker.binary_name, executable=True)
        paths += staged_paths(checker.artifact, checker.binary_name)  # the compile's copy of the source
        paths.append(sides.decoy_path)
        files = (public + f"hidden_paths {' '.join(paths)}\n", answer)
    elif task == "interactive":
        files = (hidden, public)  # the interactor sends the answer file's lines
    elif task == "communication":
        files = (hidden + public, answer)
    else:
        raise ValueError(f"unknown task {task!r}; known: {', '.join(TASKS)}")
    (folder / "input").write_bytes(files[0].encode())
    (folder / "answer").write_bytes(files[1] if isinstance(files[1], bytes) else files[1].encode())
    return TestCase(task, folder / "input", folder / "answer")


def judge(task: str, options: dict, worker: Worker, program: Program, test: TestCase, limits: Limits,
          sides: JudgeSides) -> TestResult:
    """Judge `program` on `test` as the task type says, the way the executor does."""
    if task == "batch":
        return judge_test(worker, program, test, limits, TokensChecker())
    if task == "checker":
        return judge_test(worker, program, test, limits, ExternalChecker(sides.checker, "cms"))
    if task == "interactive":
        task_judge = InteractiveJudge(program, sides.interactor, limits, protocol="kattis")
    else:
        task_judge = CommunicationJudge(program, sides.manager, limits, **options)
    try:
        task_judge.send(worker, test)
        return task_judge.receive(worker, test)
    except RunnerError as e:
        task_judge.abort(worker)
        return TestResult(name=test.name, verdict=Verdict.JE, message=f"sandbox error: {e}")
