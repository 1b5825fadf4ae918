#!/usr/bin/env python3
"""Regenerate tests/: python3 generators/make_tests.py (problems/maketests.py does the work).

Answers: solutions/accepted/spread.py, one right arrangement each, shown in the samples; the checker
never reads them.
"""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT.parent))  # problems/maketests.py, shared by the example packages
from maketests import make_tests  # noqa: E402

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


if __name__ == "__main__":
    make_tests(ROOT, SAMPLES, GENERATED, REFERENCE)
