#!/usr/bin/env python3
"""Reference for stress tests: n * (1 - (1 - 1/n)^k) in 60-digit decimal arithmetic (no floating-point
cancellation however large n is), exact with fractions when n and k are small."""
import sys
from decimal import Decimal, getcontext
from fractions import Fraction

getcontext().prec = 60


def expected(n: int, k: int) -> str:
    if n <= 50 and k <= 50:
        value = n * (1 - Fraction(n - 1, n) ** k)
        return f"{Decimal(value.numerator) / Decimal(value.denominator):.15e}"
    stay = (Decimal(n - 1) / Decimal(n)) ** k
    return f"{Decimal(n) * (1 - stay):.15e}"


data = sys.stdin.read().split()
t = int(data[0])
print("\n".join(expected(int(data[1 + 2 * i]), int(data[2 + 2 * i])) for i in range(t)))
