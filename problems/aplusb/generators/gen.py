#!/usr/bin/env python3
"""Print one A + B test to stdout.

    python3 gen.py SEED T MAXABS [uniform|mixed|edge]

uniform: a, b uniform in [-MAXABS, MAXABS]
mixed:   each value has a random number of digits (so short and long numbers mix)
edge:    extremes first (+-MAXABS, 0, sums just past the 32-bit range), then uniform values
The same arguments always print the same test.
"""
import random
import sys


def value(rng: random.Random, maxabs: int, mode: str) -> int:
    if mode == "mixed":
        digits = rng.randint(1, len(str(maxabs)))
        return min(maxabs, rng.randrange(10 ** digits)) * rng.choice((-1, 1))
    return rng.randint(-maxabs, maxabs)


def edge_pairs(maxabs: int) -> list[tuple[int, int]]:
    pairs = [(maxabs, maxabs), (-maxabs, -maxabs), (maxabs, -maxabs), (0, 0), (0, -maxabs)]
    if maxabs >= 2**31:
        pairs += [(2**31 - 1, 1), (-(2**31), -1), (2**31, 2**31), (2**32 - 1, 1), (-(2**32), 2**32 + 5)]
    return [(a, b) for a, b in pairs if abs(a) <= maxabs and abs(b) <= maxabs]


def main() -> None:
    seed, t, maxabs = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    mode = sys.argv[4] if len(sys.argv) > 4 else "uniform"
    if mode not in ("uniform", "mixed", "edge"):
        sys.exit(f"unknown mode {mode!r}")
    rng = random.Random(seed)
    pairs = edge_pairs(maxabs)[:t] if mode == "edge" else []
    while len(pairs) < t:
        pairs.append((value(rng, maxabs, mode), value(rng, maxabs, mode)))
    rng.shuffle(pairs)
    out = [str(t)] + [f"{a} {b}" for a, b in pairs]
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
