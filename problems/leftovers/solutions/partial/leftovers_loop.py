# Partial: adds N mod k day by day, O(B - A + 1). About a tenth of a second for the small subtask's
# 10^6 days; the medium and large subtasks have up to 3 * 10^9 and 10^12 days and run out of time.
# Expected: samples, small accepted; medium and large time limit exceeded.
import sys


def main() -> None:
    n, a, b = map(int, sys.stdin.read().split())
    print(sum(n % k for k in range(a, b + 1)))


main()
