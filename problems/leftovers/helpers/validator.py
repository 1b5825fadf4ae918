#!/usr/bin/env python3
"""Input validator (stdin; exit 1 with the reason): one line "N A B", 1 <= N <= 10^10, 1 <= A <= B <= 10^12."""
import re
import sys

INTEGER = re.compile(r"[1-9][0-9]*")
text = sys.stdin.read()
if not text.endswith("\n") or text.count("\n") != 1:
    sys.exit("the input must be one line ending with a newline")
tokens = text[:-1].split(" ")
if len(tokens) != 3 or not all(INTEGER.fullmatch(x) for x in tokens):
    sys.exit(f"expected three positive integers, got {text[:-1]!r}")
n, a, b = map(int, tokens)
if not (n <= 10**10 and a <= b <= 10**12):
    sys.exit(f"N = {n}, A = {a}, B = {b} break 1 <= N <= 10^10, 1 <= A <= B <= 10^12")
