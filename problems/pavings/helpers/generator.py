#!/usr/bin/env python3
"""Stress-test generator (the grader's input): python3 generator.py SEED N. At most N path lengths (1000 when N
is large); short paths are frequent, and lengths with a random number of digits up to 10^18 reach the
overflow and speed cases; large sizes (N >= 1000) ask for 1000 lengths near 10^18."""
import random
import sys

seed, size = int(sys.argv[1]), int(sys.argv[2])
rng = random.Random(seed)
if size >= 1000:
    lengths = [rng.randint(10**17, 10**18) for _ in range(1000)]
else:
    t = rng.randint(1, min(1000, size))
    lengths = [rng.randint(1, 20) if rng.random() < 0.5 else rng.randint(1, 10 ** rng.randint(1, 18))
               for _ in range(t)]
print(len(lengths))
print("\n".join(map(str, lengths)))
