#!/usr/bin/env python3
"""Input validator (stdin; exit 1 with the reason): "n Q" with 2 <= n <= 10^6 and 42 <= Q <= 100, then the n
heights (in [1, 10^9], rising strictly to one summit and falling strictly after it) or "0 p seed"."""
import re
import sys

INTEGER = re.compile(r"0|[1-9][0-9]*")
text = sys.stdin.read()
if not text.endswith("\n") or text.count("\n") != 2:
    sys.exit("the input must be exactly two lines, each ending with a newline")
first, second = text[:-1].split("\n")
header, values = first.split(" "), second.split(" ")
if not all(INTEGER.fullmatch(t) for t in header + values):
    sys.exit("expected non-negative integers separated by single spaces")
if len(header) != 2:
    sys.exit("line 1: expected n and Q")
n, q = map(int, header)
values = [int(v) for v in values]
if not (2 <= n <= 10**6 and 42 <= q <= 100):
    sys.exit(f"n = {n}, Q = {q} break 2 <= n <= 10^6, 42 <= Q <= 100")
if values[0] == 0:
    if len(values) != 3 or not 1 <= values[1] <= n or values[2] < 1:
        sys.exit("line 2: expected 0 p seed with 1 <= p <= n")
    sys.exit()
if len(values) != n or not all(1 <= v <= 10**9 for v in values):
    sys.exit(f"line 2: expected {n} heights in [1, 10^9]")
p = values.index(max(values))
if not (all(values[i] < values[i + 1] for i in range(p)) and all(values[i] > values[i + 1] for i in range(p, n - 1))):
    sys.exit("the heights do not rise strictly to one summit and fall strictly after it")
