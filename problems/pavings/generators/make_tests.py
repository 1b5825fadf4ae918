#!/usr/bin/env python3
"""Regenerate tests/ from gen.py and the jury's answers: python3 generators/make_tests.py

Inputs (what graders/grader.cpp reads) come from gen.py (fixed seeds below) or, for the samples, from the
statement. Answers (what the grader prints) come from generators/jury.py. Existing tests/*.in and *.ans are
replaced. Check the inputs with generators/validate.py SUBTASK < tests/NAME.in.
"""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GEN = ROOT / "generators" / "gen.py"
JURY = ROOT / "generators" / "jury.py"

SAMPLES = {
    "sample-1": "3\n1\n2\n3\n",
    "sample-2": "2\n10\n1000000000000000000\n",
}

# name: gen.py arguments (seed, T, max n, mode)
GENERATED = {
    "small-1": (11, 7, 15, "edge"),
    "small-2": (12, 10, 15, "uniform"),
    "medium-1": (21, 10, 10**6, "edge"),
    "medium-2": (22, 10, 10**6, "uniform"),
    "medium-3": (23, 10, 10**6, "log"),
    "large-1": (31, 100, 10**18, "edge"),
    "large-2": (32, 1000, 10**18, "uniform"),
    "large-3": (33, 1000, 10**18, "log"),
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
