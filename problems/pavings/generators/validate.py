#!/usr/bin/env python3
"""Check that one grader input obeys the statement: python3 validate.py [SUBTASK] < test.in (exit 1 if not).

The format is strict: T on the first line, then T lines with one n each, final newline, canonical integers.

Without SUBTASK: the statement's general constraints (the samples' limits). helpers/validator.py, the input
validator `cpsolve bench select` gives the stress lab, is a link to this file.
"""
import re
import sys

INTEGER = re.compile(r"[1-9][0-9]*")
LIMITS = {  # subtask: (max T, max n)
    "samples": (1000, 10**18),
    "small": (10, 15),
    "medium": (10, 10**6),
    "large": (1000, 10**18),
}


def integer(token: str, lo: int, hi: int, what: str) -> int:
    if not INTEGER.fullmatch(token):
        sys.exit(f"{what}: {token!r} is not a positive integer in canonical form")
    value = int(token)
    if not lo <= value <= hi:
        sys.exit(f"{what} = {value} is outside [{lo}, {hi}]")
    return value


def main() -> None:
    max_t, max_n = LIMITS[sys.argv[1] if len(sys.argv) > 1 else "samples"]
    text = sys.stdin.read()
    if not text.endswith("\n"):
        sys.exit("the input must end with a newline")
    lines = text[:-1].split("\n")
    t = integer(lines[0], 1, max_t, "T")
    if len(lines) != t + 1:
        sys.exit(f"expected {t + 1} lines, found {len(lines)}")
    for i, line in enumerate(lines[1:], start=1):
        integer(line, 1, max_n, f"line {i + 1}: n")


if __name__ == "__main__":
    main()
