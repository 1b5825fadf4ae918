#!/usr/bin/env python3
"""Print one Garden Path test (the grader's input) to stdout.

    python3 gen.py SEED T NMAX MODE

uniform: every n uniform in [1, NMAX]
log:     n with a random number of digits, so short and long paths both appear
edge:    1, 2, 3, 4, NMAX, NMAX - 1, NMAX - 2 first, then uniform
The same arguments always print the same test.
"""
import random
import sys


def main() -> None:
    seed, t, nmax = (int(x) for x in sys.argv[1:4])
    mode = sys.argv[4]
    rng = random.Random(seed)
    if mode not in ("uniform", "log", "edge"):
        sys.exit(f"unknown mode {mode!r}")
    lengths = []
    if mode == "edge":
        lengths = list(dict.fromkeys(n for n in (1, 2, 3, 4, nmax, nmax - 1, nmax - 2) if 1 <= n <= nmax))[:t]
    while len(lengths) < t:
        if mode == "log":
            digits = rng.randint(1, len(str(nmax)))
            lengths.append(rng.randint(1, min(nmax, 10**digits)))
        else:
            lengths.append(rng.randint(1, nmax))
    rng.shuffle(lengths)
    sys.stdout.write("\n".join([str(t)] + [str(n) for n in lengths]) + "\n")


if __name__ == "__main__":
    main()
