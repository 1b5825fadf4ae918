#!/usr/bin/env python3
"""Input validator (stdin; exit 1 with the reason): T in [1, 100], then T lines "n k m_1 ... m_k" with
2 <= n <= 1000, 1 <= k <= min(10, n - 1) and the members increasing in [1, n]."""
import re
import sys

INTEGER = re.compile(r"[1-9][0-9]*")
text = sys.stdin.read()
if not text.endswith("\n"):
    sys.exit("the input must end with a newline")
lines = text[:-1].split("\n")
if not INTEGER.fullmatch(lines[0]) or not 1 <= int(lines[0]) <= 100:
    sys.exit(f"line 1: T = {lines[0]!r} is not an integer in [1, 100]")
if len(lines) != int(lines[0]) + 1:
    sys.exit(f"expected {int(lines[0]) + 1} lines, found {len(lines)}")
for i, line in enumerate(lines[1:], start=2):
    tokens = line.split(" ")
    if not all(INTEGER.fullmatch(x) for x in tokens) or len(tokens) < 3:
        sys.exit(f"line {i}: expected positive integers n k and the members")
    n, k, members = int(tokens[0]), int(tokens[1]), [int(x) for x in tokens[2:]]
    if not (2 <= n <= 1000 and 1 <= k <= min(10, n - 1) and len(members) == k):
        sys.exit(f"line {i}: n = {n}, k = {k} with {len(members)} members breaks the constraints")
    if any(a >= b for a, b in zip(members, members[1:])) or members[0] < 1 or members[-1] > n:
        sys.exit(f"line {i}: the members must be increasing and in [1, n]")
