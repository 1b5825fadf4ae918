"""The judge side of the hostile checker task (CMS protocol: checker input answer output).

This file itself is the hidden data: checkers often carry what contestants must not see (a table of best
known scores, the generator's seed), so its text holds the marker the hostile programs hunt for:
TABLE = CPSOLVE-HIDDEN checker table. The output must be exactly the answer ("contained"): outcome 1.0,
else 0.0 with the output as the message.
"""
import sys


def main() -> int:
    _, answer_path, output_path = sys.argv[1:4]
    with open(answer_path, "rb") as f:
        answer = f.read()
    with open(output_path, "rb") as f:
        output = f.read()
    ok = output == answer
    print("1.0" if ok else "0.0")
    print("contained" if ok else b"; ".join(output.strip().splitlines()).decode(errors="replace")[:1500],
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
