# Reference. Face i is missed by all k rolls with probability q = (1 - 1/n)^k, so by linearity of
# expectation the answer is n * (1 - q). Computing 1 - q as -expm1(k * log1p(-1/n)) keeps full
# precision even when 1/n is far below the resolution of a double near 1 (n up to 10^18).
import math
import sys


def expected_distinct(n: int, k: int) -> float:
    if n == 1:
        return 1.0
    return -n * math.expm1(k * math.log1p(-1.0 / n))


def main() -> None:
    data = sys.stdin.buffer.read().split()
    t = int(data[0])
    answers = [expected_distinct(int(data[1 + 2 * i]), int(data[2 + 2 * i])) for i in range(t)]
    sys.stdout.write("".join(f"{x:.12g}\n" for x in answers))


main()
