#!/usr/bin/env python3
"""Stress-test generator for `cpsolve bench select` / `cpsolve select --generator`: python3 generator.py SEED N.

At most N pairs (2000 when N is large); each value has a random number of digits, so sums that overflow 32
bits appear even in small tests, and large tests (N >= 1000) use the full range to time slow programs.
"""
import random
import sys

seed, size = int(sys.argv[1]), int(sys.argv[2])
rng = random.Random(seed)
t = min(2000, size) if size >= 1000 else rng.randint(1, min(2000, size))


def value() -> int:
    digits = 18 if size >= 1000 else rng.randint(1, 18)
    return rng.choice((-1, 1)) * rng.randint(0, 10**digits)


print(t)
for _ in range(t):
    print(value(), value())
