#!/usr/bin/env python3
"""Regenerate tests/ from gen.py: python3 generators/make_tests.py

Inputs (the manager's input) come from gen.py (fixed seeds below) or, for the samples, from the statement.
The manager judges from the input alone; each answer file lists the committees the decoder must name, one
per line, in input order. Existing tests/*.in and *.ans are replaced.
Check the inputs with generators/validate.py SUBTASK < tests/NAME.in.
"""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GEN = ROOT / "generators" / "gen.py"

SAMPLES = {
    "sample-1": "3\n5 2 2 4\n6 1 6\n1000 10 3 14 15 92 238 462 589 643 653 793\n",
}

# name: gen.py arguments (seed, T, max n, max k, mode)
GENERATED = {
    "small-1": (11, 100, 30, 1, "fixed"),
    "small-2": (12, 100, 30, 3, "edge"),
    "small-3": (13, 100, 30, 3, "mixed"),
    "large-1": (21, 100, 1000, 10, "edge"),
    "large-2": (22, 100, 1000, 10, "fixed"),
    "large-3": (23, 100, 1000, 10, "mixed"),
    "large-4": (24, 100, 1000, 1, "fixed"),
    "large-5": (25, 100, 64, 7, "mixed"),
}


def answer(text: str) -> str:
    lines = text.split("\n")[1:-1]
    return "".join(" ".join(line.split()[2:]) + "\n" for line in lines)


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
        (tests / f"{name}.in").write_text(text)
        (tests / f"{name}.ans").write_text(answer(text))
    total = sum(p.stat().st_size for p in tests.iterdir())
    print(f"wrote {len(inputs)} tests to {tests} ({total / 1024:.0f} KiB)")


if __name__ == "__main__":
    main()
