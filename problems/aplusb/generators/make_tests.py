#!/usr/bin/env python3
"""Regenerate tests/: python3 generators/make_tests.py (problems/maketests.py does the work).

Answers: solutions/accepted/aplusb.py.
"""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT.parent))  # problems/maketests.py, shared by the example packages
from maketests import make_tests  # noqa: E402

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


if __name__ == "__main__":
    make_tests(ROOT, SAMPLES, GENERATED, REFERENCE)
