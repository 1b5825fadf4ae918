"""What the loop reads out of a reply or a run: the program in a reply (never a sample run or an output block,
solver/model/extract.py), a helper program in the language the model chose, and what a failed sample showed."""
from __future__ import annotations

from sandbox.languages import Language, get_language

from ..model.extract import extract_code
from ..problems.model import Problem


def reply_program(text: str, language: Language) -> str:
    """The program in LANGUAGE in a reply ("" when there is none)."""
    code = extract_code(text, language.name)
    return code.source if code else ""


def helper_program(text: str, problem: Problem, language: Language) -> tuple[str, Language]:
    """A helper program in whatever language the model chose (brute forces are often Python), run in the
    problem's dialect of it ("" and LANGUAGE when the reply holds none the sandbox runs)."""
    code = extract_code(text, None)
    names = {"python": problem.python, "c": "c11",
             "cpp": language.name if language.family == "cpp" else problem.cpp}
    if code is None or code.language not in names:
        return "", language
    return code.source, get_language(names[code.language])


def sample_feedback(test, failed, output: bytes | None, batch_like: bool) -> dict:
    """For a repair: what the program printed on the failed sample TEST (through the grader, where there is
    one), or, against a manager or an interactor, what that said."""
    got = output.decode(errors="replace") if output is not None else \
        "(not shown: the program talks to the task's manager or interactor)" if not batch_like \
        else "(nothing: it did not finish cleanly)"
    return {"kind": "sample", "test": failed.name, "verdict": failed.verdict.value, "message": failed.message,
            "input": test.read_input().decode(errors="replace"),
            "expected": test.read_answer().decode(errors="replace"), "got": got, "stderr": failed.stderr_tail}
