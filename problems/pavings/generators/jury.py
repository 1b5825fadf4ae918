#!/usr/bin/env python3
"""The jury's answers for one Garden Path test: python3 jury.py < test.in > test.ans

What the grader prints with a correct count_pavings: f(n) mod 1e9+7 for each n, where
f(n) = 2 f(n-1) + f(n-2) + f(n-3) and f(0) = 1, by fast 3x3 matrix powers.
"""
import sys

MOD = 1_000_000_007


def multiply(a, b):
    return [[sum(a[i][k] * b[k][j] for k in range(3)) % MOD for j in range(3)] for i in range(3)]


def pavings(n: int) -> int:
    result = [[1, 0, 0], [0, 1, 0], [0, 0, 1]]
    step = [[2, 1, 1], [1, 0, 0], [0, 1, 0]]
    while n:
        if n & 1:
            result = multiply(result, step)
        step = multiply(step, step)
        n >>= 1
    return result[0][0]


def main() -> None:
    data = sys.stdin.read().split()
    t = int(data[0])
    sys.stdout.write("".join(f"{pavings(int(x))}\n" for x in data[1:1 + t]))


if __name__ == "__main__":
    main()
