#!/usr/bin/env python3
"""Regenerate tests/: python3 generators/make_tests.py (problems/maketests.py does the work).

Answers: solutions/accepted/distinct.py.
"""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT.parent))  # problems/maketests.py, shared by the example packages
from maketests import make_tests  # noqa: E402

REFERENCE = ROOT / "solutions" / "accepted" / "distinct.py"

SAMPLES = {
    "sample-1": "4\n6 1\n2 2\n6 3\n1 1000\n",
    "sample-2": "2\n1000000000000000000 1000000000000000000\n1000000000000000000 1\n",
}

# name: gen.py arguments (seed, T, max n, max k, mode)
GENERATED = {
    "small-1": (11, 8, 1000, 1000, "edge"),
    "small-2": (12, 10, 1000, 1000, "uniform"),
    "small-3": (13, 10, 1000, 1000, "log"),
    "medium-1": (21, 50, 10**9, 10**9, "edge"),
    "medium-2": (22, 300, 10**9, 10**9, "uniform"),
    "medium-3": (23, 300, 10**9, 10**9, "log"),
    "huge-1": (31, 50, 10**18, 10**18, "edge"),
    "huge-2": (32, 300, 10**18, 10**18, "uniform"),
    "huge-3": (33, 1000, 10**18, 10**18, "log"),
}


if __name__ == "__main__":
    make_tests(ROOT, SAMPLES, GENERATED, REFERENCE)
