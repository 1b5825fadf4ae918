#!/usr/bin/env python3
"""Regenerate tests/: python3 generators/make_tests.py (problems/maketests.py does the work).

Inputs are the interactor's files; answers (the summit's position): generators/summit.py.
"""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT.parent))  # problems/maketests.py, shared by the example packages
from maketests import make_tests  # noqa: E402

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


if __name__ == "__main__":
    make_tests(ROOT, SAMPLES, GENERATED, SUMMIT)
