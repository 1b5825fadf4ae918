#!/usr/bin/env python3
"""Stress-test generator: python3 generator.py SEED N. At most N questions (1000 when N is large); n and k have
a random number of digits (up to 18), so tiny dice, huge dice and k far from n all appear; a few exact edges."""
import random
import sys

seed, size = int(sys.argv[1]), int(sys.argv[2])
rng = random.Random(seed)
t = min(1000, size) if size >= 1000 else rng.randint(1, min(1000, size))


def value() -> int:
    digits = rng.randint(1, 18)
    return rng.randint(1, 10**digits)


pairs = []
for _ in range(t):
    roll = rng.random()
    if roll < 0.1:
        pairs.append((rng.choice((1, 2, 10**18)), rng.choice((1, 2, 10**18))))
    elif roll < 0.2:
        n = value()
        pairs.append((n, n))
    else:
        pairs.append((value(), value()))
print(t)
print("\n".join(f"{n} {k}" for n, k in pairs))
