#!/usr/bin/env python3
"""Regenerate tests/ from gen.py and the reference solution: python3 generators/make_tests.py

Inputs come from gen.py (deterministic: fixed seeds below) or, for the samples, from the statement.
Answers come from solutions/accepted/spread.py: one right arrangement each, shown in the samples; the checker
never reads them. Existing tests/*.in and *.ans are replaced.
Check the inputs against the statement with generators/validate.py SUBTASK < tests/NAME.in.
"""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GEN = ROOT / "generators" / "gen.py"
REFERENCE = ROOT / "solutions" / "accepted" / "spread.py"

# no N = 4 in the samples: the one N that "odd numbers first" gets wrong
SAMPLES = {
    "sample-1": "3\n5\n3\n1\n",
    "sample-2": "2\n6\n2\n",
}

# name: gen.py arguments (seed, T, NMAX, mode)
GENERATED = {
    "small-1": (11, 8, 8, "all"),
    "small-2": (12, 20, 8, "random"),
    "large-1": (21, 1, 10000, "single"),
    "large-2": (22, 5, 2000, "random"),
    "large-3": (23, 100, 50, "random"),
}


def main() -> None:
    tests = ROOT / "tests"
    tests.mkdir(exist_ok=True)
    for old in [*tests.glob("*.in"), *tests.glob("*.ans")]:
        old.unlink()
    inputs = dict(SAMPLES)
    for name, args in GENERATED.items():
        inputs[name] = subprocess.run([sys.executable, str(GEN), *map(str, args)], check=True,
                                      capture_output=True, text=True).stdout
    for name, text in inputs.items():
        answer = subprocess.run([sys.executable, str(REFERENCE)], input=text, check=True,
                                capture_output=True, text=True).stdout
        (tests / f"{name}.in").write_text(text)
        (tests / f"{name}.ans").write_text(answer)
    total = sum(p.stat().st_size for p in tests.iterdir())
    print(f"wrote {len(inputs)} tests to {tests} ({total / 1024:.0f} KiB)")


if __name__ == "__main__":
    main()
