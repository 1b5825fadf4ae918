#!/usr/bin/env python3
"""Regenerate tests/ from gen.py and the reference solution: python3 generators/make_tests.py

Inputs come from gen.py (deterministic: fixed seeds below) or, for the samples, from the statement.
Answers come from solutions/accepted/leftovers.py. Existing tests/*.in and *.ans are replaced.
Check the inputs against the statement with generators/validate.py SUBTASK < tests/NAME.in.
"""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GEN = ROOT / "generators" / "gen.py"
REFERENCE = ROOT / "solutions" / "accepted" / "leftovers.py"

SAMPLES = {
    "sample-1": "10 3 6\n",
    "sample-2": "7 1 10\n",
}

# name: gen.py arguments (seed, max N, max B, mode)
GENERATED = {
    "small-1": (11, 10**6, 10**6, "all"),
    "small-2": (12, 10**6, 10**6, "random"),
    "small-3": (13, 10**6, 10**6, "beyond"),
    "small-4": (14, 10**6, 10**6, "square"),
    "medium-1": (21, 3 * 10**9, 3 * 10**9, "all"),
    "medium-2": (22, 3 * 10**9, 3 * 10**9, "inside"),
    "medium-3": (23, 3 * 10**9, 3 * 10**9, "square"),
    "medium-4": (24, 3 * 10**9, 3 * 10**9, "random"),
    "large-1": (31, 10**10, 10**12, "all"),
    "large-2": (32, 10**10, 10**10, "square"),
    "large-3": (33, 10**10, 10**12, "beyond"),
    "large-4": (34, 10**10, 10**12, "random"),
    "large-5": (35, 10**10, 10**10, "inside"),
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
