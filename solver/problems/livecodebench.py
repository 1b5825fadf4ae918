"""LiveCodeBench's code-generation releases (`livecodebench/code_generation_lite`, release_v1 ... v6), one record a
line, in the shape of LiveCodeBench's `CodeGenerationProblem` (lcb_runner/benchmarks/code_generation.py):

- `question_id`, `question_title`, `question_content` (the statement), `platform`, `contest_id`, `contest_date`,
  `difficulty`, `starter_code`;
- `public_test_cases`: a JSON string of `[{"input", "output", "testtype"}]`, `testtype` being `stdin` or
  `functional`;
- `private_test_cases`: the same JSON, either plain or (newer releases) base64 of zlib of a pickle of the JSON
  string;
- `metadata`: a JSON string; `func_name` names the function of a `functional` (LeetCode) problem.

LiveCodeBench's grader (lcb_runner/evaluation/testing_util.py) gives each test 6 s; a `functional` test's input is
one JSON argument a line and its output the JSON of the return value. Here a problem has a 0-point `samples`
subtask (the public tests, shown to the model) and a 100-point `tests` subtask of all tests, public and private,
as LiveCodeBench grades them. stdin problems use the tokens checker; functional ones run in the Python harness.
"""
from __future__ import annotations

import base64
import binascii
import io
import json
import pickle
import zlib
from pathlib import Path

from sandbox.executor import Limits

from .errors import ProblemFormatError
from .harness import expected_answer
from .records import field, slug, write_tests
from .model import CheckerSpec, FunctionHarness, Problem, Subtask, TaskTypeSpec

TIME_LIMIT_S = 6.0  # LiveCodeBench's per-test timeout (testing_util.run_test)
MEMORY_MIB = 1024  # the dataset states none; cpsolve's choice


def is_livecodebench(record: dict) -> bool:
    return "question_content" in record and "public_test_cases" in record


class _StringsOnly(pickle.Unpickler):
    """An unpickler that builds no objects: a pickle of a str needs none, anything else is refused."""

    def find_class(self, module, name):
        raise pickle.UnpicklingError(f"refusing to load {module}.{name}")


def decode_private_tests(text: str) -> str:
    """The JSON of the private tests: as is, or from base64(zlib(pickle(str))). Raises ValueError."""
    if text.lstrip().startswith("["):
        return text
    try:
        raw = zlib.decompress(base64.b64decode(text.encode(), validate=False))
        value = _StringsOnly(io.BytesIO(raw)).load()
    except (binascii.Error, zlib.error, pickle.UnpicklingError, EOFError, ValueError, TypeError) as e:
        raise ValueError(f"neither JSON nor base64+zlib+pickle ({e})") from None
    if not isinstance(value, (str, bytes)):
        raise ValueError(f"the pickle holds a {type(value).__name__}, expected the JSON string")
    return value.decode() if isinstance(value, bytes) else value


def _tests(text: str, file: Path, where: str) -> list[dict]:
    try:
        tests = json.loads(text)
    except ValueError as e:
        raise ProblemFormatError(file, where, f"not JSON ({e})") from None
    if not isinstance(tests, list) or not all(
            isinstance(t, dict) and isinstance(t.get("input"), str) and isinstance(t.get("output"), str)
            and t.get("testtype") in ("stdin", "functional") for t in tests):
        raise ProblemFormatError(file, where, 'expected a list of {"input": str, "output": str, '
                                 '"testtype": "stdin"|"functional"}')
    return tests


def load_livecodebench(record: dict, file: Path, where: str, folder: Path) -> Problem:
    question_id = field(record, "question_id", (str, int), file, where)
    content = field(record, "question_content", str, file, where)
    public = _tests(field(record, "public_test_cases", str, file, where), file, f"{where}: public_test_cases")
    try:
        private_json = decode_private_tests(field(record, "private_test_cases", str, file, where))
    except ValueError as e:
        raise ProblemFormatError(file, f"{where}: private_test_cases", str(e)) from None
    private = _tests(private_json, file, f"{where}: private_test_cases")
    metadata = record.get("metadata") or "{}"
    try:
        metadata = json.loads(metadata) if isinstance(metadata, str) else metadata
    except ValueError as e:
        raise ProblemFormatError(file, f"{where}: metadata", f"not JSON ({e})") from None
    if not isinstance(metadata, dict):
        raise ProblemFormatError(file, f"{where}: metadata", "expected a JSON object")
    kinds = {t["testtype"] for t in public + private}
    if len(kinds) > 1:
        raise ProblemFormatError(file, where, "mixes stdin and functional tests")
    functional = kinds == {"functional"}
    harness = None
    if functional:
        name = metadata.get("func_name")
        if not isinstance(name, str) or not name.isidentifier():
            raise ProblemFormatError(file, f"{where}: metadata.func_name",
                                     "a functional problem needs the function's name")
        harness = FunctionHarness(name, str(record.get("starter_code") or ""))

    def answer(t: dict, label: str) -> bytes:
        if not functional:
            return t["output"].encode()
        try:
            return expected_answer(t["output"])
        except ValueError as e:
            raise ProblemFormatError(file, f"{where}: {label}", f"output is not JSON ({e})") from None

    named = [(f"public-{i}", t) for i, t in enumerate(public, 1)] + \
            [(f"private-{i}", t) for i, t in enumerate(private, 1)]
    tests = write_tests(folder, [(n, t["input"].encode(), answer(t, n)) for n, t in named])
    statement = content
    if harness is not None and harness.starter_code:
        statement += ("\n\n## Starter code\nComplete this code: the judge calls the function with each test's "
                      "arguments and compares its return value; do not read input or print the answer.\n"
                      f"```python\n{harness.starter_code}\n```\n")
    pid = slug(str(question_id))
    return Problem(
        id=pid, title=str(record.get("question_title") or pid), root=folder,
        limits=Limits(time_s=TIME_LIMIT_S, memory_mib=MEMORY_MIB),
        subtasks=[Subtask("samples", 0.0, [n for n, _ in named[:len(public)]]),
                  Subtask("tests", 100.0, [n for n, _ in named])],
        tests=tests, checker=CheckerSpec(kind="exact" if functional else "tokens"),
        task_type=TaskTypeSpec(harness=harness), statement=statement,
        samples=[n for n, _ in named[:len(public)]], format="livecodebench")
