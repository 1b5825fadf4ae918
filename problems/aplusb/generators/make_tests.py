#!/usr/bin/env python3
"""Regenerate tests/ from gen.py and the reference solution: python3 generators/make_tests.py

Inputs come from gen.py (deterministic: fixed seeds below) or, for the samples, from the statement.
Answers come from solutions/accepted/aplusb.py. Existing tests/*.in and *.ans are replaced.
Check the inputs against the statement with generators/validate.py SUBTASK < tests/NAME.in
(tests/test_native_format.py runs it on every test of every subtask).
"""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GEN = ROOT / "generators" / "gen.py"
REFERENCE = ROOT / "solutions" / "accepted" / "aplusb.py"

SAMPLES = {
    "sample-1": "3\n1 2\n-7 7\n1000 -1\n",
    "sample-2": "2\n1000000000000000000 1000000000000000000\n2147483647 1\n",
}

# name: gen.py arguments (seed, T, max |value|, mode)
GENERATED = {
    "small-1": (11, 1, 1000, "uniform"),
    "small-2": (12, 10, 1000, "edge"),
    "small-3": (13, 10, 1000, "mixed"),
    "big-1": (21, 10, 10**18, "edge"),
    "big-2": (22, 10, 10**18, "uniform"),
    "big-3": (23, 10, 10**18, "mixed"),
    "many-1": (31, 2000, 10**18, "mixed"),
    "many-2": (32, 1000, 10**18, "edge"),
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
