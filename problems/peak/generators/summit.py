#!/usr/bin/env python3
"""The answer file of one Mountain Ridge test: python3 summit.py < test.in > test.ans (the summit's position)."""
import sys


def main() -> None:
    lines = sys.stdin.read().split("\n")
    second = [int(x) for x in lines[1].split()]
    if second[0] == 0:  # "0 p seed": the interactor builds the ridge around p
        print(second[1])
    else:
        print(1 + second.index(max(second)))


if __name__ == "__main__":
    main()
