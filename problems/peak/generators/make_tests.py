#!/usr/bin/env python3
"""Regenerate tests/ from gen.py: python3 generators/make_tests.py

Inputs (the interactor's files) come from gen.py (fixed seeds below) or, for the samples, from the statement;
answers (the summit's position) from generators/summit.py. Existing tests/*.in and *.ans are replaced.
Check the inputs with generators/validate.py SUBTASK < tests/NAME.in.
"""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GEN = ROOT / "generators" / "gen.py"
SUMMIT = ROOT / "generators" / "summit.py"

SAMPLES = {
    "sample-1": "5 100\n2 5 9 7 3\n",
    "sample-2": "4 100\n10 30 40 80\n",
}

# name: gen.py arguments (seed, n, Q, summit, form)
GENERATED = {
    "short-1": (11, 100, 100, "random", "list"),
    "short-2": (12, 100, 100, "first", "list"),
    "short-3": (13, 100, 100, "last", "list"),
    "short-4": (14, 2, 100, "last", "list"),
    "short-5": (15, 57, 100, "random", "list"),
    "long-1": (21, 10**6, 100, "random", "seeded"),
    "long-2": (22, 10**6, 100, "first", "seeded"),
    "long-3": (23, 10**6, 100, "last", "seeded"),
    "long-4": (24, 654321, 100, "random", "seeded"),
    "tight-1": (31, 10**6, 42, "random", "seeded"),
    "tight-2": (32, 10**6, 42, "last", "seeded"),
    "tight-3": (33, 10**6, 42, "first", "seeded"),
    "tight-4": (34, 10**6, 42, "middle", "seeded"),
    "tight-5": (35, 524289, 42, "random", "seeded"),
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
        answer = subprocess.run([sys.executable, str(SUMMIT)], input=text, check=True,
                                capture_output=True, text=True).stdout
        (tests / f"{name}.in").write_text(text)
        (tests / f"{name}.ans").write_text(answer)
    total = sum(p.stat().st_size for p in tests.iterdir())
    print(f"wrote {len(inputs)} tests to {tests} ({total / 1024:.0f} KiB)")


if __name__ == "__main__":
    main()
