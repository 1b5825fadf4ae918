#!/usr/bin/env python3
"""Print one Spread Out test to stdout.

    python3 gen.py SEED T NMAX MODE

MODE is one of
  all:     N = 1, 2, ..., T (T is at most NMAX)
  random:  T values of N uniform in [1, NMAX]
  single:  one test, N = NMAX
The same arguments always print the same test.
"""
import random
import sys


def main() -> None:
    seed, t, nmax, mode = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    rng = random.Random(seed)
    if mode == "all":
        ns = list(range(1, t + 1))
    elif mode == "random":
        ns = [rng.randint(1, nmax) for _ in range(t)]
    elif mode == "single":
        ns = [nmax]
    else:
        sys.exit(f"unknown mode {mode!r}")
    print(len(ns))
    print("\n".join(map(str, ns)))


if __name__ == "__main__":
    main()
