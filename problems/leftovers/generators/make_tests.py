#!/usr/bin/env python3
"""Regenerate tests/: python3 generators/make_tests.py (problems/maketests.py does the work).

Answers: solutions/accepted/leftovers.py.
"""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT.parent))  # problems/maketests.py, shared by the example packages
from maketests import make_tests  # noqa: E402

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


if __name__ == "__main__":
    make_tests(ROOT, SAMPLES, GENERATED, REFERENCE)
