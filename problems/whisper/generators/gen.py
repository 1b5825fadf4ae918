#!/usr/bin/env python3
"""Print one Committee Whisper test (the manager's input) to stdout.

    python3 gen.py SEED T NMAX KMAX MODE

fixed:  every committee has n = NMAX and k = KMAX, members uniform
mixed:  n uniform in [KMAX + 1, NMAX] and k uniform in [1, KMAX] for each committee
edge:   n = NMAX, k = KMAX; the first committees are the lexicographically first and last ones, the evenly
        spread one and a block in the middle, then uniform ones
The same arguments always print the same test.
"""
import random
import sys


def main() -> None:
    seed, t, nmax, kmax = (int(x) for x in sys.argv[1:5])
    mode = sys.argv[5]
    rng = random.Random(seed)
    committees = []
    if mode == "edge":
        n, k = nmax, kmax
        mid = (n - k) // 2
        special = [list(range(1, k + 1)), list(range(n - k + 1, n + 1)),
                   [1 + i * (n - 1) // max(1, k - 1) for i in range(k)] if k > 1 else [n // 2],
                   list(range(mid + 1, mid + k + 1))]
        committees = [(n, k, c) for c in special][:t]
    while len(committees) < t:
        if mode == "mixed":
            k = rng.randint(1, kmax)
            n = rng.randint(kmax + 1, nmax)
        elif mode in ("fixed", "edge"):
            n, k = nmax, kmax
        else:
            sys.exit(f"unknown mode {mode!r}")
        committees.append((n, k, sorted(rng.sample(range(1, n + 1), k))))
    lines = [str(t)] + [" ".join(map(str, [n, k, *members])) for n, k, members in committees]
    sys.stdout.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
