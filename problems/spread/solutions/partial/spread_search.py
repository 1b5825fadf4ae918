# Tries every arrangement: right for small N, and gives up (NO) above 8.
import sys
from itertools import permutations

data = sys.stdin.read().split()
for n in map(int, data[1:1 + int(data[0])]):
    found = None
    if n <= 8:
        found = next((p for p in permutations(range(1, n + 1))
                      if all(abs(a - b) != 1 for a, b in zip(p, p[1:]))), None)
    print(" ".join(map(str, found)) if found else "NO")
