#!/usr/bin/env python3
"""The jury's answer for one Postage test: python3 jury.py < test.in > test.ans

Same output as solutions/accepted/stamps.cpp: the fewest stamps, as "value count" lines in decreasing order of
value, or -1. The DP is best[s] = fewest stamps making s; one value d at a time, best over each residue class
mod d is a running minimum of best[r + i*d] - i, which itertools.accumulate does at C speed.
"""
import sys
from itertools import accumulate

INF = 1 << 40


def fewest(total: int, values: list[int]) -> list[int]:
    best = [0] + [INF] * total
    for d in sorted(values):
        if d > total:
            continue
        for r in range(d):
            running = accumulate([v - i for i, v in enumerate(best[r::d])], min)
            best[r::d] = [m + i for i, m in enumerate(running)]
    return best


def main() -> None:
    data = sys.stdin.read().split()
    m, total = int(data[0]), int(data[1])
    values = [int(x) for x in data[2:2 + m]]
    best = fewest(total, values)
    if best[total] >= INF:
        print(-1)
        return
    used: dict[int, int] = {}
    s = total
    while s > 0:  # the largest value that stays on an optimal path, as the C++ reference does
        d = max(v for v in values if v <= s and best[s - v] == best[s] - 1)
        used[d] = used.get(d, 0) + 1
        s -= d
    lines = [str(len(used))] + [f"{d} {c}" for d, c in sorted(used.items(), reverse=True)]
    print("\n".join(lines))


if __name__ == "__main__":
    main()
