#!/usr/bin/env python3
"""Reference for stress tests: breadth-first search over the sums reachable with 1, 2, ... stamps (the first
time S is reached uses the fewest), then the stamps read back along the parents."""
import sys
from collections import Counter

data = list(map(int, sys.stdin.read().split()))
m, s, values = data[0], data[1], data[2:2 + data[0]]
parent = {0: None}  # sum -> the stamp added last to reach it
frontier = [0]
while frontier and s not in parent:
    nxt = []
    for total in frontier:
        for v in values:
            if total + v <= s and total + v not in parent:
                parent[total + v] = v
                nxt.append(total + v)
    frontier = nxt
if s not in parent:
    print(-1)
else:
    used, total = Counter(), s
    while total:
        used[parent[total]] += 1
        total -= parent[total]
    print(len(used))
    print("\n".join(f"{v} {c}" for v, c in sorted(used.items())))
