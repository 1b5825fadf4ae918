#!/usr/bin/env python3
"""Stress-test generator: python3 generator.py SEED N, one line "N A B". Small sizes mix tiny values (edge cases:
A = B, B > N, N = 1) with values of a random number of digits (sums past 2^64 appear); large sizes (N >= 1000)
use the full range (N up to 10^10, B up to 10^12) to time slow programs."""
import random
import sys

seed, size = int(sys.argv[1]), int(sys.argv[2])
rng = random.Random(seed)


def digits(hi: int) -> int:
    return rng.randint(1, min(hi, 10 ** rng.randint(1, len(str(hi)))))


if size >= 1000:
    n, b = rng.randint(10**9, 10**10), rng.randint(10**11, 10**12)
    a = rng.randint(1, 1000)
elif rng.random() < 0.5:
    n, b = rng.randint(1, 4 * size), rng.randint(1, 6 * size)
    a = rng.randint(1, b)
else:
    n, b = digits(10**10), digits(10**12)
    a = rng.choice((1, rng.randint(1, b)))
print(n, a, b)
