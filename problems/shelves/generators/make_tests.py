#!/usr/bin/env python3
"""Regenerate tests/ and the output folders under solutions/: python3 generators/make_tests.py

Inputs come from gen.py (fixed seeds below) or, for the sample, from the statement. Each answer file is the
jury's perfect packing (gen.py --packing), which is also solutions/accepted/perfect/. The other folders:
solutions/partial/first_fit_decreasing/ (first_fit.py --decreasing: valid, seldom perfect) and
solutions/wrong_answer/careless/ (first fit in input order, with one test overfilled and one missing).
Existing tests/*.in and *.ans and those folders are replaced.
"""
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GEN = ROOT / "generators" / "gen.py"
FIRST_FIT = ROOT / "generators" / "first_fit.py"

SAMPLES = {
    "sample-1": ("7 10\n6 3 5 4 2 5 5\n", "3\n1 2 2 1 2 3 3\n"),
}

# name: gen.py arguments (seed, shelves, W, mode)
GENERATED = {
    "shelf-1": (11, 200, 1000, "pairs"),
    "shelf-2": (12, 100, 1000, "cuts"),
    "shelf-3": (13, 30, 100, "triplets"),
    "shelf-4": (14, 100, 1000, "triplets"),
    "shelf-5": (15, 300, 10**6, "triplets"),
}

FOLDERS = {
    "perfect": ROOT / "solutions" / "accepted" / "perfect",
    "first_fit_decreasing": ROOT / "solutions" / "partial" / "first_fit_decreasing",
    "careless": ROOT / "solutions" / "wrong_answer" / "careless",
}


def run(args: list, text: str = "") -> str:
    return subprocess.run([sys.executable, *map(str, args)], input=text, check=True, capture_output=True,
                          text=True).stdout


def overfill(packing: str) -> str:
    """Move the first book onto another shelf that has no room for it: an invalid packing."""
    k, line = packing.split("\n")[:2]
    shelves = [int(x) for x in line.split()]
    shelves[0] = 2 if shelves[0] == 1 else 1
    return f"{k}\n{' '.join(map(str, shelves))}\n"


def main() -> None:
    tests = ROOT / "tests"
    tests.mkdir(exist_ok=True)
    for old in [*tests.glob("*.in"), *tests.glob("*.ans")]:
        old.unlink()
    for folder in FOLDERS.values():
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
    cases = dict(SAMPLES)
    for name, args in GENERATED.items():
        cases[name] = (run([GEN, *args]), run([GEN, *args, "--packing"]))
    for name, (text, packing) in cases.items():
        (tests / f"{name}.in").write_text(text)
        (tests / f"{name}.ans").write_text(packing)
        (FOLDERS["perfect"] / f"output_{name}.txt").write_text(packing)
        (FOLDERS["first_fit_decreasing"] / f"output_{name}.txt").write_text(run([FIRST_FIT, "--decreasing"], text))
        if name == "shelf-2":
            continue  # careless forgot this one
        careless = run([FIRST_FIT], text)
        if name == "shelf-4":
            careless = overfill(packing)  # and overfilled this one
        (FOLDERS["careless"] / f"output_{name}.txt").write_text(careless)
    total = sum(p.stat().st_size for p in tests.iterdir())
    print(f"wrote {len(cases)} tests to {tests} ({total / 1024:.0f} KiB) and the output folders under solutions/")


if __name__ == "__main__":
    main()
