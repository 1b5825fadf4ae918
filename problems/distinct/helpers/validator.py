#!/usr/bin/env python3
"""Input validator (stdin; exit 1 with the reason): T in [1, 1000], then T lines "n k", 1 <= n, k <= 10^18."""
import re
import sys

INTEGER = re.compile(r"[1-9][0-9]*")
text = sys.stdin.read()
if not text.endswith("\n"):
    sys.exit("the input must end with a newline")
lines = text[:-1].split("\n")
if not INTEGER.fullmatch(lines[0]) or not 1 <= int(lines[0]) <= 1000:
    sys.exit(f"line 1: T = {lines[0]!r} is not an integer in [1, 1000]")
if len(lines) != int(lines[0]) + 1:
    sys.exit(f"expected {int(lines[0]) + 1} lines, found {len(lines)}")
for i, line in enumerate(lines[1:], start=2):
    tokens = line.split(" ")
    if len(tokens) != 2 or not all(INTEGER.fullmatch(x) and int(x) <= 10**18 for x in tokens):
        sys.exit(f"line {i}: expected two integers in [1, 10^18], got {line!r}")
