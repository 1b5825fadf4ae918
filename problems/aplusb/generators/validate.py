#!/usr/bin/env python3
"""Check that one input obeys the statement: python3 validate.py [SUBTASK] < test.in (exit 1 with a reason if not).

SUBTASK is a subtask name from problem.yaml; its constraints are added to the general ones. The format is
strict: one integer per token, single spaces, a newline after every line, no leading zeros or "+" signs.

Without SUBTASK: the statement's general constraints (the samples' limits). helpers/validator.py, the input
validator `cpsolve bench select` gives the stress lab, is a link to this file.
"""
import re
import sys

INTEGER = re.compile(r"-?(0|[1-9][0-9]*)")
LIMITS = {  # subtask: (max T, max |a|, |b|)
    "samples": (2000, 10**18),
    "small": (10, 1000),
    "big": (10, 10**18),
    "many": (2000, 10**18),
}


def integer(token: str, lo: int, hi: int, what: str) -> int:
    if not INTEGER.fullmatch(token) or token == "-0":
        sys.exit(f"{what}: {token!r} is not an integer in canonical form")
    value = int(token)
    if not lo <= value <= hi:
        sys.exit(f"{what} = {value} is outside [{lo}, {hi}]")
    return value


def main() -> None:
    max_t, max_abs = LIMITS[sys.argv[1] if len(sys.argv) > 1 else "samples"]
    text = sys.stdin.read()
    if not text.endswith("\n"):
        sys.exit("the input must end with a newline")
    lines = text[:-1].split("\n")
    t = integer(lines[0], 1, max_t, "T")
    if len(lines) != t + 1:
        sys.exit(f"expected {t + 1} lines, found {len(lines)}")
    for i, line in enumerate(lines[1:], start=1):
        tokens = line.split(" ")
        if len(tokens) != 2:
            sys.exit(f"pair {i}: expected two integers separated by one space")
        for name, token in zip("ab", tokens):
            integer(token, -max_abs, max_abs, f"pair {i}: {name}")


if __name__ == "__main__":
    main()
