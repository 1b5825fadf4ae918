#!/usr/bin/env python3
"""Regenerate tests/ from gen.py and the jury's answers: python3 generators/make_tests.py

Inputs come from gen.py (deterministic: fixed seeds below) or, for the samples, from the statement.
Answers come from generators/jury.py (the same output as solutions/accepted/stamps.cpp, without a compiler).
Existing tests/*.in and *.ans are replaced. Check the inputs with generators/validate.py SUBTASK < tests/NAME.in.
"""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GEN = ROOT / "generators" / "gen.py"
JURY = ROOT / "generators" / "jury.py"

SAMPLES = {
    "sample-1": "3 6\n4 1 3\n",
    "sample-2": "2 7\n4 6\n",
}

# name: gen.py arguments (seed, M, max S, max value, mode)
GENERATED = {
    "small-1": (11, 5, 30, 30, "random"),
    "small-2": (12, 4, 30, 30, "stuck"),
    "small-3": (13, 3, 30, 30, "impossible"),
    "small-4": (14, 5, 30, 10, "coprime"),
    "small-5": (15, 1, 30, 30, "single"),
    "large-1": (21, 20, 100000, 100000, "random"),
    "large-2": (22, 20, 100000, 300, "coprime"),
    "large-3": (23, 12, 100000, 100000, "stuck"),
    "large-4": (24, 20, 100000, 100000, "impossible"),
    "large-5": (25, 20, 100000, 50, "random"),
    "large-6": (26, 1, 100000, 100000, "single"),
    "large-7": (27, 20, 100000, 2000, "coprime"),
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
        answer = subprocess.run([sys.executable, str(JURY)], input=text, check=True,
                                capture_output=True, text=True).stdout
        (tests / f"{name}.in").write_text(text)
        (tests / f"{name}.ans").write_text(answer)
    total = sum(p.stat().st_size for p in tests.iterdir())
    print(f"wrote {len(inputs)} tests to {tests} ({total / 1024:.0f} KiB)")


if __name__ == "__main__":
    main()
