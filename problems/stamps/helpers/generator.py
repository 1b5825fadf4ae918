#!/usr/bin/env python3
"""Stress-test generator: python3 generator.py SEED N. At most min(N, 20) distinct values; small sizes keep
S and the values under 4N (so impossible sums and greedy traps are frequent); large sizes (N >= 1000) use
20 values and S near 10^5 to time slow programs."""
import random
import sys

seed, size = int(sys.argv[1]), int(sys.argv[2])
rng = random.Random(seed)
if size >= 1000:
    m, top, s = 20, 10**5, rng.randint(9 * 10**4, 10**5)
    values = rng.sample(range(1, 200), 10) + rng.sample(range(200, top + 1), 10)
else:
    m, top = rng.randint(1, min(20, size)), min(10**5, 4 * size)
    s = rng.randint(1, top)
    values = rng.sample(range(1, top + 1), min(m, top))
rng.shuffle(values)
print(len(values), s)
print(*values)
