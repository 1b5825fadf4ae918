#!/usr/bin/env python3
"""Print one Library Shelves test to stdout, or with --packing the jury's packing of it (a perfect one).

    python3 gen.py SEED SHELVES W MODE [--packing]

Every test is made by cutting SHELVES full shelves of width W into books, so the books fill exactly SHELVES
shelves and no packing can use fewer. The books are then shuffled.
MODE is one of
  cuts:      each shelf cut at 1 to 5 random points (2 to 6 books of any width)
  triplets:  each shelf cut into exactly three books, each wider than W / 4 and narrower than W / 2
             (hard for greedy packing: a shelf only fits three books when they add up exactly)
  pairs:     each shelf cut into two books, one wider than W / 2 (a shelf never holds two wide books)
The same arguments always print the same test.
"""
import random
import sys


def shelf(rng: random.Random, w: int, mode: str) -> list[int]:
    if mode == "cuts":
        points = sorted(rng.sample(range(1, w), rng.randint(1, 5)))
        return [b - a for a, b in zip([0] + points, points + [w])]
    if mode == "triplets":
        while True:
            a, b = rng.randint(w // 4 + 1, (w - 1) // 2), rng.randint(w // 4 + 1, (w - 1) // 2)
            c = w - a - b
            if w // 4 < c < w / 2:
                return [a, b, c]
    if mode == "pairs":
        a = rng.randint(w // 2 + 1, w - 1)
        return [a, w - a]
    sys.exit(f"unknown mode {mode!r}")


def main() -> None:
    seed, shelves, w = (int(x) for x in sys.argv[1:4])
    mode = sys.argv[4]
    rng = random.Random(seed)
    books = [(width, s + 1) for s in range(shelves) for width in shelf(rng, w, mode)]
    rng.shuffle(books)
    if "--packing" in sys.argv[5:]:
        print(shelves)
        print(" ".join(str(s) for _, s in books))
    else:
        print(len(books), w)
        print(" ".join(str(width) for width, _ in books))


if __name__ == "__main__":
    main()
