#!/usr/bin/env python3
"""Check that one interactor input obeys the statement: python3 validate.py [SUBTASK] < test.in (exit 1 if not).

"n Q", then either the n heights (distinct, rising strictly to the summit and falling strictly after it, in
[1, 10^9]) or "0 p seed" with 1 <= p <= n (the interactor's own ridge, which obeys the same rules).

Without SUBTASK: the statement's general constraints (the samples' limits). helpers/validator.py, the input
validator `cpsolve bench select` gives the stress lab, is a link to this file.
"""
import re
import sys

INTEGER = re.compile(r"0|[1-9][0-9]*")
LIMITS = {  # subtask: (max n, allowed Q)
    "samples": (10**6, range(42, 101)),
    "short": (100, range(100, 101)),
    "long": (10**6, range(100, 101)),
    "tight": (10**6, range(42, 101)),
}


def numbers(line: str, what: str) -> list[int]:
    tokens = line.split(" ")
    if not all(INTEGER.fullmatch(t) for t in tokens):
        sys.exit(f"{what}: expected non-negative integers separated by single spaces")
    return [int(t) for t in tokens]


def main() -> None:
    max_n, allowed_q = LIMITS[sys.argv[1] if len(sys.argv) > 1 else "samples"]
    text = sys.stdin.read()
    if not text.endswith("\n") or text.count("\n") != 2:
        sys.exit("the input must be exactly two lines, each ending with a newline")
    first, second = text[:-1].split("\n")
    header = numbers(first, "line 1")
    if len(header) != 2:
        sys.exit("line 1: expected n and Q")
    n, q = header
    if not 2 <= n <= max_n:
        sys.exit(f"n = {n} is outside [2, {max_n}]")
    if q not in allowed_q:
        sys.exit(f"Q = {q} is not allowed here")
    values = numbers(second, "line 2")
    if values[0] == 0:
        if len(values) != 3 or not 1 <= values[1] <= n or values[2] < 1:
            sys.exit("line 2: expected 0 p seed with 1 <= p <= n")
        return
    if len(values) != n:
        sys.exit(f"line 2: expected {n} heights")
    if not all(1 <= v <= 10**9 for v in values):
        sys.exit("a height is outside [1, 10^9]")
    p = values.index(max(values))
    rising = all(values[i] < values[i + 1] for i in range(p))
    falling = all(values[i] > values[i + 1] for i in range(p, n - 1))
    if not (rising and falling):
        sys.exit("the heights do not rise strictly to one summit and fall strictly after it")


if __name__ == "__main__":
    main()
