#!/usr/bin/env python3
"""Check that one input obeys the statement: python3 validate.py [SUBTASK] < test.in (exit 1 with a reason if not).

The format is strict: T, then T lines of one N each, no leading zeros, a newline after every line.

Without SUBTASK: the statement's general constraints (the samples' limits). helpers/validator.py, the input
validator `cpsolve bench select` gives the stress lab, is a link to this file.
"""
import re
import sys

INTEGER = re.compile(r"[1-9][0-9]*")
LIMITS = {  # subtask: (max T, max N, max sum of N)
    "samples": (1000, 100000, 100000),
    "small": (1000, 8, 100000),
    "full": (1000, 100000, 100000),
}


def integer(token: str, lo: int, hi: int, what: str) -> int:
    if not INTEGER.fullmatch(token):
        sys.exit(f"{what}: {token!r} is not a positive integer in canonical form")
    value = int(token)
    if not lo <= value <= hi:
        sys.exit(f"{what} = {value} is outside [{lo}, {hi}]")
    return value


def main() -> None:
    max_t, max_n, max_sum = LIMITS[sys.argv[1] if len(sys.argv) > 1 else "samples"]
    text = sys.stdin.read()
    if not text.endswith("\n"):
        sys.exit("the input must end with a newline")
    lines = text[:-1].split("\n")
    t = integer(lines[0], 1, max_t, "T")
    if len(lines) != t + 1:
        sys.exit(f"expected {t + 1} lines, found {len(lines)}")
    ns = [integer(line, 1, max_n, f"test {i}: N") for i, line in enumerate(lines[1:], start=1)]
    if sum(ns) > max_sum:
        sys.exit(f"the sum of N is {sum(ns)}, above {max_sum}")


if __name__ == "__main__":
    main()
