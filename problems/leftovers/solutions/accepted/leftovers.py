# Reference. The staff get N mod k rolls on day k. For k > N that is N itself. For k <= N, N mod k =
# N - k * (N // k), and N // k takes only about 2 * sqrt(N) distinct values: on each run of days with
# the same quotient q the remainders form an arithmetic series, summed in O(1). Python's integers are
# unbounded, so the total (up to about 10^22) needs no care.
import sys


def leftovers(n: int, a: int, b: int) -> int:
    total = 0
    if b > n:  # days after the N-th: nothing fits in a bag, all N rolls go to the staff
        first = max(a, n + 1)
        total += (b - first + 1) * n
        b = n
    k = a
    while k <= b:
        q = n // k
        last = min(n // q, b)  # the last day with the same quotient
        count = last - k + 1
        total += count * n - q * (k + last) * count // 2
        k = last + 1
    return total


def main() -> None:
    n, a, b = map(int, sys.stdin.read().split())
    print(leftovers(n, a, b))


main()
