#!/usr/bin/env python3
"""Print one Mountain Ridge test (the interactor's input file) to stdout.

    python3 gen.py SEED N Q PEAK FORM

PEAK is the summit's position: a number, or "random", "first", "last", "middle".
FORM "list" writes the heights themselves (for short ridges): distinct values in [1, 10^9], rising to the
summit and falling after it. FORM "seeded" writes "0 p seed" and the interactor builds the ridge itself, so a
ridge of a million heights takes one short line.
The same arguments always print the same test.
"""
import random
import sys


def summit(rng: random.Random, n: int, peak: str) -> int:
    if peak == "random":
        return rng.randint(1, n)
    if peak in ("first", "last", "middle"):
        return {"first": 1, "last": n, "middle": (n + 1) // 2}[peak]
    return int(peak)


def main() -> None:
    seed, n, q = (int(x) for x in sys.argv[1:4])
    peak, form = sys.argv[4], sys.argv[5]
    rng = random.Random(seed)
    p = summit(rng, n, peak)
    if form == "list":
        values = sorted(rng.sample(range(1, 10**9 + 1), n))
        top = values.pop()
        left = sorted(rng.sample(values, p - 1))
        right = sorted(set(values) - set(left), reverse=True)
        heights = left + [top] + right
        second = " ".join(map(str, heights))
    elif form == "seeded":
        second = f"0 {p} {rng.randint(1, 10**18)}"
    else:
        sys.exit(f"unknown form {form!r}")
    print(n, q)
    print(second)


if __name__ == "__main__":
    main()
