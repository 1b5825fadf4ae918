import sys


def main() -> None:
    data = sys.stdin.buffer.read().split()
    t = int(data[0])
    sums = [int(data[1 + 2 * i]) + int(data[2 + 2 * i]) for i in range(t)]
    sys.stdout.write("\n".join(map(str, sums)) + "\n")


main()
