#!/usr/bin/env python3
"""A simple packing for one Library Shelves test: python3 first_fit.py [--decreasing] < test.in > output.

First fit: each book goes on the first shelf with room for it, opening a new shelf when none has room.
With --decreasing the widest books are placed first (first fit decreasing). Valid, rarely perfect: this is
what produced solutions/partial/first_fit_decreasing/.
"""
import sys


def main() -> None:
    data = sys.stdin.read().split()
    n, w = int(data[0]), int(data[1])
    widths = [int(x) for x in data[2:2 + n]]
    order = sorted(range(n), key=lambda i: -widths[i]) if "--decreasing" in sys.argv[1:] else range(n)
    room: list[int] = []
    shelf = [0] * n
    for i in order:
        for s, left in enumerate(room):
            if widths[i] <= left:
                room[s] -= widths[i]
                shelf[i] = s + 1
                break
        else:
            room.append(w - widths[i])
            shelf[i] = len(room)
    print(len(room))
    print(" ".join(map(str, shelf)))


if __name__ == "__main__":
    main()
