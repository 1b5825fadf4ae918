#!/usr/bin/env python3
"""Stress-test generator (the interactor's input): python3 generator.py SEED N. A ridge of at most N points
(n >= 2) with its summit anywhere, ends included, and Q in [42, 100] (42 often). Large sizes (N >= 1000) use
the interactor's own long ridge, "0 p seed", with Q = 42: a program that asks too often fails there."""
import random
import sys

seed, size = int(sys.argv[1]), int(sys.argv[2])
rng = random.Random(seed)
if size >= 1000:
    n = min(10**6, size)
    print(n, 42)
    print(0, rng.randint(1, n), rng.randint(1, 10**9))
    sys.exit()
n = rng.randint(2, max(2, size))
q = 42 if rng.random() < 0.5 else rng.randint(42, 100)
p = rng.choice((1, n, rng.randint(1, n)))
heights = [0] * n
heights[p - 1] = rng.randint(n, 10**9)
for i in range(p - 2, -1, -1):  # falling away from the summit on both sides, by at least 1
    heights[i] = heights[i + 1] - rng.randint(1, max(1, (heights[i + 1] - 1) // (i + 1)))
for i in range(p, n):
    heights[i] = heights[i - 1] - rng.randint(1, max(1, (heights[i - 1] - 1) // (n - i)))
print(n, q)
print(*heights)
