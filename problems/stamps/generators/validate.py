#!/usr/bin/env python3
"""Check that one input obeys the statement: python3 validate.py [SUBTASK] < test.in (exit 1 with a reason if not).

The format is strict: "M S", then the M distinct values on one line, single spaces, final newlines.

Without SUBTASK: the statement's general constraints (the samples' limits). helpers/validator.py, the input
validator `cpsolve bench select` gives the stress lab, is a link to this file.
"""
import re
import sys

INTEGER = re.compile(r"[1-9][0-9]*")
LIMITS = {  # subtask: (max M, max S, max value)
    "samples": (20, 100000, 100000),
    "small": (5, 30, 30),
    "large": (20, 100000, 100000),
}


def numbers(line: str, count: int, what: str) -> list[int]:
    tokens = line.split(" ")
    if len(tokens) != count or not all(INTEGER.fullmatch(t) for t in tokens):
        sys.exit(f"{what}: expected {count} positive integers separated by single spaces")
    return [int(t) for t in tokens]


def main() -> None:
    max_m, max_s, max_v = LIMITS[sys.argv[1] if len(sys.argv) > 1 else "samples"]
    text = sys.stdin.read()
    if not text.endswith("\n") or text.count("\n") != 2:
        sys.exit("the input must be exactly two lines, each ending with a newline")
    first, second = text[:-1].split("\n")
    m, s = numbers(first, 2, "line 1")
    if not 1 <= m <= max_m:
        sys.exit(f"M = {m} is outside [1, {max_m}]")
    if not 1 <= s <= max_s:
        sys.exit(f"S = {s} is outside [1, {max_s}]")
    values = numbers(second, m, "line 2")
    if len(set(values)) != m:
        sys.exit("the stamp values are not distinct")
    if max(values) > max_v:
        sys.exit(f"a stamp value exceeds {max_v}")


if __name__ == "__main__":
    main()
