#!/usr/bin/env python3
"""Stress-test generator (the manager's input): python3 generator.py SEED N. At most min(N, 100) committees;
n is at most 2 + N^2 (capped at 1000), so small tests hold small clubs and from N = 32 on the clubs are large
enough that C(n, k) passes 2^64; k in [1, min(10, n - 1)]. Large sizes give 100 committees of 10 in 1000."""
import random
import sys

seed, size = int(sys.argv[1]), int(sys.argv[2])
rng = random.Random(seed)
top = min(1000, 2 + size * size)
t = 100 if size >= 1000 else rng.randint(1, min(100, size))
print(t)
for _ in range(t):
    n = 1000 if size >= 1000 else rng.randint(2, top)
    k = 10 if size >= 1000 else rng.randint(1, min(10, n - 1))
    print(n, k, *sorted(rng.sample(range(1, n + 1), k)))
