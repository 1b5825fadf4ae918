"""The Python harness of function-call (LeetCode-style) tasks, such as LiveCodeBench's `functional` problems.

The contestant's file defines `class Solution` with the method, or the function at top level. The judge compiles
one file: a prelude of the imports such solutions take for granted, the submission, then a main that reads the
arguments (one JSON value a line, as LiveCodeBench stores them), calls the function with stdout captured (what
the function prints is not its answer), and prints the return value as canonical JSON. The expected answers are
written through the same `canonical_json`, so the built-in exact checker compares them; canonical means tuples
become lists and whole floats become ints, as Python's `==`, which LiveCodeBench's grader uses, treats 2.0 and 2
as equal.
"""
from __future__ import annotations

import inspect
import json

PRELUDE = """\
from typing import *
import bisect, collections, functools, heapq, itertools, math, re, string, sys
from bisect import *
from collections import *
from functools import *
from heapq import *
from itertools import *
from math import *
sys.setrecursionlimit(1 << 16)
"""


def canonical_json(value) -> str:
    """VALUE as one line of JSON, the same for values Python's == calls equal (within lists, dicts, numbers)."""
    def norm(v):
        if isinstance(v, bool) or v is None or isinstance(v, str):
            return v
        if isinstance(v, float) and v.is_integer():
            return int(v)
        if isinstance(v, (list, tuple)):
            return [norm(x) for x in v]
        if isinstance(v, dict):
            return {str(k): norm(x) for k, x in v.items()}
        return v

    return json.dumps(norm(value), sort_keys=True, separators=(",", ":"), ensure_ascii=True)


MAIN = """

# ---- cpsolve harness: calls {function} with the test's arguments
import io as _cpsolve_io, json as _cpsolve_json, sys as _cpsolve_sys

{canonical}

def _cpsolve_main():
    lines = [l for l in _cpsolve_sys.stdin.read().split("\\n") if l.strip()]
    args = [_cpsolve_json.loads(l) for l in lines]
    holder = globals().get("Solution")
    fn = getattr(holder(), {function!r}) if holder is not None else globals()[{function!r}]
    real, _cpsolve_sys.stdout = _cpsolve_sys.stdout, _cpsolve_io.StringIO()
    try:
        result = fn(*args)
    finally:
        _cpsolve_sys.stdout = real
    _cpsolve_sys.stdout.write(canonical_json(result) + "\\n")

_cpsolve_main()
"""


def wrap(source: bytes, function: str) -> bytes:
    """The one file the judge compiles for a function-call submission."""
    canonical = inspect.getsource(canonical_json).replace("json.dumps", "_cpsolve_json.dumps")
    main = MAIN.format(function=function, canonical=canonical)
    return PRELUDE.encode() + b"\n" + source.rstrip(b"\n") + b"\n" + main.encode()


def expected_answer(output_json: str) -> bytes:
    """A test's expected output (LiveCodeBench: the JSON of the return value) as the harness prints it."""
    return (canonical_json(json.loads(output_json)) + "\n").encode()
