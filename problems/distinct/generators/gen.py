#!/usr/bin/env python3
"""Print one Distinct Faces test to stdout.

    python3 gen.py SEED T NMAX KMAX [uniform|log|edge]

uniform: n uniform in [1, NMAX], k uniform in [1, KMAX]
log:     n and k with a random number of digits, so tiny, middle and huge values all appear
edge:    extreme pairs first (n = 1, k = 1, n = NMAX, k = KMAX, n = k, k much larger than n), then uniform
The same arguments always print the same test.
"""
import random
import sys


def log_uniform(rng: random.Random, hi: int) -> int:
    digits = rng.randint(1, len(str(hi)))
    return rng.randint(1, min(hi, 10**digits))


def edge_pairs(nmax: int, kmax: int) -> list[tuple[int, int]]:
    m = min(nmax, kmax)
    pairs = [(1, 1), (1, kmax), (nmax, 1), (nmax, kmax), (m, m), (2, kmax), (nmax, 2), (max(1, m // 2), m)]
    return list(dict.fromkeys(pairs))


def main() -> None:
    seed, t, nmax, kmax = (int(x) for x in sys.argv[1:5])
    mode = sys.argv[5] if len(sys.argv) > 5 else "uniform"
    if mode not in ("uniform", "log", "edge"):
        sys.exit(f"unknown mode {mode!r}")
    rng = random.Random(seed)
    pairs = edge_pairs(nmax, kmax)[:t] if mode == "edge" else []
    while len(pairs) < t:
        if mode == "log":
            pairs.append((log_uniform(rng, nmax), log_uniform(rng, kmax)))
        else:
            pairs.append((rng.randint(1, nmax), rng.randint(1, kmax)))
    rng.shuffle(pairs)
    sys.stdout.write("\n".join([str(t)] + [f"{n} {k}" for n, k in pairs]) + "\n")


if __name__ == "__main__":
    main()
