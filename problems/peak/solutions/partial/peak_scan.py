# Partial: walks the ridge from the west end until it stops climbing. Up to n queries: fine for n <= 100
# with Q = 100, far too many for the long ridges. Expected: subtask 1 accepted, 2 and 3 wrong.
import sys


def ask(i: int) -> int:
    print("?", i, flush=True)
    return int(sys.stdin.readline())


def main() -> None:
    n, q = map(int, sys.stdin.readline().split())
    i, h = 1, ask(1)
    while i < n:
        nxt = ask(i + 1)
        if nxt < h:
            break
        i, h = i + 1, nxt
    print("!", i, flush=True)


main()
