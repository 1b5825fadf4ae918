#!/usr/bin/env python3
"""Stress-test generator: python3 generator.py SEED N. Up to 1000 values, each at most N (so 1, 2, 3 and 4,
where the answer changes, are frequent in small tests), their sum at most 10^5; large sizes (N >= 1000) give a
few long rows."""
import random
import sys

seed, size = int(sys.argv[1]), int(sys.argv[2])
rng = random.Random(seed)
cap = min(size, 10**5)
if size >= 1000:
    values = [cap - rng.randint(0, 3)]
    while sum(values) + 4 <= 10**5 and len(values) < 4:
        values.append(rng.randint(1, 10**5 - sum(values)))
else:
    values = [rng.randint(1, cap) for _ in range(rng.randint(1, min(1000, size)))]
print(len(values))
print("\n".join(map(str, values)))
