# Partial: the right formula computed naively. For n up to 10^9 the rounding of 1 - 1/n costs at most
# about 1e-7 relative error, which is accepted; for n near 10^18, 1 - 1/n rounds to exactly 1.0 and the
# answer collapses to 0. Expected: samples wrong, small and medium accepted, huge wrong.
import sys


def main() -> None:
    data = sys.stdin.buffer.read().split()
    t = int(data[0])
    out = []
    for i in range(t):
        n, k = int(data[1 + 2 * i]), int(data[2 + 2 * i])
        out.append(f"{n * (1 - (1 - 1 / n) ** k):.12g}\n")
    sys.stdout.write("".join(out))


main()
