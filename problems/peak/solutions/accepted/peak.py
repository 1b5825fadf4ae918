# Reference in Python: binary search on the slope, as peak.cpp. print(..., flush=True) matters: without
# the flush the question would sit in the buffer while both sides wait for each other.
import sys


def ask(i: int) -> int:
    print("?", i, flush=True)
    return int(sys.stdin.readline())


def main() -> None:
    n, q = map(int, sys.stdin.readline().split())
    lo, hi = 1, n
    while lo < hi:
        m = (lo + hi) // 2
        if ask(m) < ask(m + 1):
            lo = m + 1
        else:
            hi = m
    print("!", lo, flush=True)


main()
