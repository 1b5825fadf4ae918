#!/usr/bin/env python3
"""Check that one manager input obeys the statement: python3 validate.py [SUBTASK] < test.in (exit 1 if not).

T on the first line, then T lines "n k m_1 ... m_k" with 1 <= k < n, members increasing in [1, n].

Without SUBTASK: the statement's general constraints (the samples' limits). helpers/validator.py, the input
validator `cpsolve bench select` gives the stress lab, is a link to this file.
"""
import re
import sys

INTEGER = re.compile(r"[1-9][0-9]*")
LIMITS = {  # subtask: (max T, max n, max k)
    "samples": (100, 1000, 10),
    "small": (100, 30, 3),
    "large": (100, 1000, 10),
}


def numbers(line: str, what: str) -> list[int]:
    tokens = line.split(" ")
    if not all(INTEGER.fullmatch(t) for t in tokens):
        sys.exit(f"{what}: expected positive integers separated by single spaces")
    return [int(t) for t in tokens]


def main() -> None:
    max_t, max_n, max_k = LIMITS[sys.argv[1] if len(sys.argv) > 1 else "samples"]
    text = sys.stdin.read()
    if not text.endswith("\n"):
        sys.exit("the input must end with a newline")
    lines = text[:-1].split("\n")
    (t,) = numbers(lines[0], "line 1")
    if not 1 <= t <= max_t or len(lines) != t + 1:
        sys.exit(f"T = {t} is outside [1, {max_t}] or does not match the number of lines")
    for i, line in enumerate(lines[1:], start=2):
        values = numbers(line, f"line {i}")
        n, k, members = values[0], values[1], values[2:]
        if not 2 <= n <= max_n or not 1 <= k <= min(max_k, n - 1):
            sys.exit(f"line {i}: n = {n}, k = {k} break the limits")
        if len(members) != k or members != sorted(set(members)) or members[-1] > n:
            sys.exit(f"line {i}: expected {k} increasing members in [1, {n}]")


if __name__ == "__main__":
    main()
