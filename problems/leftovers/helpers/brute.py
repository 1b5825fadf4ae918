#!/usr/bin/env python3
"""Reference for stress tests: a plain loop over the days when there are few, else the days grouped by the
quotient N // k (O(sqrt N) groups), in Python's unbounded integers."""
import sys

n, a, b = map(int, sys.stdin.read().split())
if b - a < 2_000_000:
    total = sum(n % k for k in range(a, b + 1))
else:
    total = n * max(0, b - max(a, n + 1) + 1)  # days past N: every roll is left over
    k = a
    while k <= min(b, n):
        q = n // k
        last = min(b, n // q)  # the last day with the same quotient
        count = last - k + 1
        total += n * count - q * (k + last) * count // 2
        k = last + 1
print(total)
