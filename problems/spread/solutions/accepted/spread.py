# The even numbers, then the odd ones; N = 2 and N = 3 have no arrangement.
import sys

data = sys.stdin.read().split()
lines = []
for n in map(int, data[1:1 + int(data[0])]):
    if n in (2, 3):
        lines.append("NO")
    else:
        lines.append(" ".join(map(str, list(range(2, n + 1, 2)) + list(range(1, n + 1, 2)))))
print("\n".join(lines))
