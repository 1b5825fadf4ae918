#!/usr/bin/env python3
"""Answer maker for the interactor: the summit's position, read from the whole input (the heights, or the p of
a generated "0 p seed" ridge)."""
import sys

lines = sys.stdin.read().split("\n")
values = [int(v) for v in lines[1].split()]
print(values[1] if values[0] == 0 else values.index(max(values)) + 1)
