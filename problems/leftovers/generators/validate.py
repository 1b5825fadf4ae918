#!/usr/bin/env python3
"""Check that one input obeys the statement: python3 validate.py [SUBTASK] < test.in (exit 1 with a reason if not).

SUBTASK is a subtask name from problem.yaml. The format is strict: one line "N A B", single spaces, a final
newline, no leading zeros or signs.

Without SUBTASK: the statement's general constraints (the samples' limits). helpers/validator.py, the input
validator `cpsolve bench select` gives the stress lab, is a link to this file.
"""
import re
import sys

INTEGER = re.compile(r"[1-9][0-9]*")
LIMITS = {  # subtask: (max N, max B)
    "samples": (10**10, 10**12),
    "small": (10**6, 10**6),
    "medium": (3 * 10**9, 3 * 10**9),
    "large": (10**10, 10**12),
}


def main() -> None:
    max_n, max_b = LIMITS[sys.argv[1] if len(sys.argv) > 1 else "samples"]
    text = sys.stdin.read()
    if not text.endswith("\n") or text.count("\n") != 1:
        sys.exit("the input must be exactly one line ending with a newline")
    tokens = text[:-1].split(" ")
    if len(tokens) != 3 or not all(INTEGER.fullmatch(t) for t in tokens):
        sys.exit("expected three positive integers separated by single spaces")
    n, a, b = map(int, tokens)
    if not 1 <= n <= max_n:
        sys.exit(f"N = {n} is outside [1, {max_n}]")
    if not 1 <= a <= b <= max_b:
        sys.exit(f"need 1 <= A <= B <= {max_b}, got A = {a}, B = {b}")


if __name__ == "__main__":
    main()
