#!/usr/bin/env python3
"""Regenerate tests/: python3 generators/make_tests.py (problems/maketests.py does the work).

Answers: generators/jury.py (the same output as solutions/accepted/stamps.cpp, without a compiler).
"""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT.parent))  # problems/maketests.py, shared by the example packages
from maketests import make_tests  # noqa: E402

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


if __name__ == "__main__":
    make_tests(ROOT, SAMPLES, GENERATED, JURY)
