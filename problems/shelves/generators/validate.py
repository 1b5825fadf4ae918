#!/usr/bin/env python3
"""Check that one input obeys the statement: python3 validate.py SUBTASK < test.in (exit 1 with a reason if not).

"n W", then the n widths on one line, each in [1, W]; the widths add up to a multiple of W. Every subtask of
this output-only task is one test, so SUBTASK only names the limits that apply to all of them.
"""
import re
import sys

INTEGER = re.compile(r"[1-9][0-9]*")
MAX_N, MAX_W = 1000, 10**6


def numbers(line: str, what: str) -> list[int]:
    tokens = line.split(" ")
    if not all(INTEGER.fullmatch(t) for t in tokens):
        sys.exit(f"{what}: expected positive integers separated by single spaces")
    return [int(t) for t in tokens]


def main() -> None:
    text = sys.stdin.read()
    if not text.endswith("\n") or text.count("\n") != 2:
        sys.exit("the input must be exactly two lines, each ending with a newline")
    first, second = text[:-1].split("\n")
    header = numbers(first, "line 1")
    if len(header) != 2:
        sys.exit("line 1: expected n and W")
    n, w = header
    if not 1 <= n <= MAX_N or not 1 <= w <= MAX_W:
        sys.exit(f"n = {n} or W = {w} is out of range")
    widths = numbers(second, "line 2")
    if len(widths) != n or max(widths) > w:
        sys.exit(f"line 2: expected {n} widths in [1, {w}]")
    if sum(widths) % w:
        sys.exit("the widths do not fill whole shelves")


if __name__ == "__main__":
    main()
