#!/usr/bin/env python3
"""Regenerate tests/: python3 generators/make_tests.py (problems/maketests.py does the work).

Inputs are the manager's; the manager judges from the input alone, and each answer file lists the
committees the decoder must name, one per line, in input order.
"""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT.parent))  # problems/maketests.py, shared by the example packages
from maketests import make_tests  # noqa: E402

SAMPLES = {
    "sample-1": "3\n5 2 2 4\n6 1 6\n1000 10 3 14 15 92 238 462 589 643 653 793\n",
}

# name: gen.py arguments (seed, T, max n, max k, mode)
GENERATED = {
    "small-1": (11, 100, 30, 1, "fixed"),
    "small-2": (12, 100, 30, 3, "edge"),
    "small-3": (13, 100, 30, 3, "mixed"),
    "large-1": (21, 100, 1000, 10, "edge"),
    "large-2": (22, 100, 1000, 10, "fixed"),
    "large-3": (23, 100, 1000, 10, "mixed"),
    "large-4": (24, 100, 1000, 1, "fixed"),
    "large-5": (25, 100, 64, 7, "mixed"),
}


def answer(text: str) -> str:
    lines = text.split("\n")[1:-1]
    return "".join(" ".join(line.split()[2:]) + "\n" for line in lines)


if __name__ == "__main__":
    make_tests(ROOT, SAMPLES, GENERATED, answer)
