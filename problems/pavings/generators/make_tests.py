#!/usr/bin/env python3
"""Regenerate tests/: python3 generators/make_tests.py (problems/maketests.py does the work).

Inputs are what graders/grader.cpp reads; answers (what the grader prints): generators/jury.py.
"""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT.parent))  # problems/maketests.py, shared by the example packages
from maketests import make_tests  # noqa: E402

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


if __name__ == "__main__":
    make_tests(ROOT, SAMPLES, GENERATED, JURY)
