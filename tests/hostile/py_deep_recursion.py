# Recursion 200000 deep after raising Python's recursion limit: legal, since the stack may use the whole memory
# limit. Must be AC.
import sys

sys.setrecursionlimit(10**6)
sys.stdin.read()


def depth(n):
    return 0 if n == 0 else depth(n - 1) + 1


print("contained" if depth(200000) == 200000 else "ESCAPED wrong depth")
