#!/usr/bin/env python3
"""Input validator (stdin; exit 1 with the reason): "M S" with 1 <= M <= 20 and 1 <= S <= 10^5, then M distinct
values in [1, 10^5]."""
import re
import sys

INTEGER = re.compile(r"[1-9][0-9]*")
text = sys.stdin.read()
if not text.endswith("\n") or text.count("\n") != 2:
    sys.exit("the input must be exactly two lines, each ending with a newline")
first, second = (line.split(" ") for line in text[:-1].split("\n"))
if not all(INTEGER.fullmatch(t) for t in first + second) or len(first) != 2:
    sys.exit("expected positive integers separated by single spaces, M and S on line 1")
m, s = map(int, first)
values = [int(v) for v in second]
if not (1 <= m <= 20 and s <= 10**5):
    sys.exit(f"M = {m}, S = {s} break 1 <= M <= 20, 1 <= S <= 10^5")
if len(values) != m or len(set(values)) != m or max(values) > 10**5:
    sys.exit(f"line 2: expected {m} distinct values in [1, 10^5]")
