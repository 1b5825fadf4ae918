#!/usr/bin/env python3
"""Print one Postage test to stdout.

    python3 gen.py SEED M SMAX VMAX MODE

M stamp values (distinct, in random order) and a postage S <= SMAX; values are at most VMAX.
MODE is one of
  random:      M values uniform in [1, VMAX], S uniform in [SMAX / 2, SMAX]
  coprime:     like random, but the values include two coprime ones below sqrt(SMAX), so S can be made
  stuck:       no value 1 and a large value that leaves a remainder no other value can pay: greedy gets stuck
  impossible:  every value a multiple of some g >= 2, S not a multiple of g
  single:      one value (M is ignored), S a multiple of it
The same arguments always print the same test.
"""
import math
import random
import sys


def distinct(rng: random.Random, count: int, lo: int, hi: int, taken: set[int]) -> list[int]:
    out: list[int] = []
    while len(out) < count:
        v = rng.randint(lo, hi)
        if v not in taken:
            taken.add(v)
            out.append(v)
    return out


def main() -> None:
    seed, m, smax, vmax = (int(x) for x in sys.argv[1:5])
    mode = sys.argv[5]
    rng = random.Random(seed)
    s = rng.randint(max(1, smax // 2), smax)
    if mode == "random":
        values = distinct(rng, m, 1, vmax, set())
    elif mode == "coprime":
        root = max(3, math.isqrt(smax))
        while True:
            a, b = rng.randint(2, root), rng.randint(2, root)
            if a != b and math.gcd(a, b) == 1:
                break
        values = [a, b] + distinct(rng, m - 2, 1, vmax, {a, b})
    elif mode == "stuck":
        # a, 2a+1, ... : S = 3a is made by a+a+a, but greedy takes 2a+1 first and leaves a - 1 < a
        a = rng.randint(3, max(3, min(vmax, smax) // 3))
        s = 3 * a
        taken = {a, 2 * a + 1}
        values = [a, 2 * a + 1] + distinct(rng, m - 2, a + 1, min(vmax, 3 * a), taken | {2 * a, 3 * a})
    elif mode == "impossible":
        g = rng.randint(2, 6)
        values = [g * v for v in distinct(rng, m, 1, vmax // g, set())]
        s = rng.randint(max(1, smax // 2), smax)
        if s % g == 0:
            s -= 1
    elif mode == "single":
        v = rng.randint(1, max(1, smax // 10))
        values = [v]
        s = v * (smax // v)
    else:
        sys.exit(f"unknown mode {mode!r}")
    rng.shuffle(values)
    print(len(values), s)
    print(" ".join(map(str, values)))


if __name__ == "__main__":
    main()
