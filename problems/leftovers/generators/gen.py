#!/usr/bin/env python3
"""Print one Baker's Leftovers test to stdout.

    python3 gen.py SEED NMAX BMAX MODE

MODE is one of
  random:  N uniform in [1, NMAX], then A <= B uniform in [1, BMAX]
  all:     N in [NMAX / 2, NMAX], A = 1, B = BMAX: every day up to the limit (the slowest case for a day loop)
  inside:  N in [NMAX / 2, NMAX], A <= B <= N: only days with at least one full bag
  beyond:  N in [1, min(NMAX, BMAX - 1)], N < A <= B <= BMAX: no day fills a bag
  square:  N a perfect square or one less (runs of equal quotients that begin and end at sqrt(N)), A = 1, B = N
The same arguments always print the same test.
"""
import math
import random
import sys


def main() -> None:
    seed, nmax, bmax = (int(x) for x in sys.argv[1:4])
    mode = sys.argv[4]
    rng = random.Random(seed)
    if mode == "random":
        n = rng.randint(1, nmax)
        a, b = sorted((rng.randint(1, bmax), rng.randint(1, bmax)))
    elif mode == "all":
        n, a, b = rng.randint(nmax // 2, nmax), 1, bmax
    elif mode == "inside":
        n = rng.randint(nmax // 2, nmax)
        a, b = sorted((rng.randint(1, min(n, bmax)), rng.randint(1, min(n, bmax))))
    elif mode == "beyond":
        n = rng.randint(1, min(nmax, bmax - 1))
        a, b = sorted((rng.randint(n + 1, bmax), rng.randint(n + 1, bmax)))
    elif mode == "square":
        r = math.isqrt(min(nmax, bmax))
        n = r * r - rng.randint(0, 1)
        a, b = 1, n
    else:
        sys.exit(f"unknown mode {mode!r}")
    print(n, a, b)


if __name__ == "__main__":
    main()
