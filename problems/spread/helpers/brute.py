#!/usr/bin/env python3
"""Reference for stress tests: a depth-first search over arrangements for N <= 8 (it finds that 2 and 3 have
none), the even numbers then the odd ones above that."""
import sys


def search(n: int, row: list[int], used: set[int]):
    if len(row) == n:
        return row
    for x in range(1, n + 1):
        if x not in used and (not row or abs(row[-1] - x) != 1):
            found = search(n, row + [x], used | {x})
            if found:
                return found
    return None


def arrange(n: int) -> str:
    row = search(n, [], set()) if n <= 8 else [*range(2, n + 1, 2), *range(1, n + 1, 2)]
    return "NO" if row is None else " ".join(map(str, row))


data = sys.stdin.read().split()
print("\n".join(arrange(int(x)) for x in data[1:1 + int(data[0])]))
