"""What every example package's generators/make_tests.py does, written once (a developer's tool, never judged).

A package's make_tests.py holds its own data, the samples and the gen.py arguments of each generated test, and
hands them here with the program that writes the answers: `make_tests(ROOT, SAMPLES, GENERATED, answers)`.
Inputs come from generators/gen.py (deterministic: fixed seeds) or, for the samples, from the statement; the
existing tests/*.in and *.ans are replaced. Each make_tests.py finds this file two folders up. Check the
inputs against the statement with generators/validate.py SUBTASK < tests/NAME.in (tests/test_native_format.py
runs it on every test of every subtask).
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Callable


def run(program: Path, *args: object, stdin: str = "") -> str:
    """PROGRAM (a Python script) run with ARGS on STDIN: its standard output (a failure raises)."""
    return subprocess.run([sys.executable, str(program), *map(str, args)], input=stdin, check=True,
                          capture_output=True, text=True).stdout


def fresh_tests(root: Path) -> Path:
    """ROOT/tests/ with no *.in or *.ans left in it."""
    tests = root / "tests"
    tests.mkdir(exist_ok=True)
    for old in [*tests.glob("*.in"), *tests.glob("*.ans")]:
        old.unlink()
    return tests


def summary(tests: Path, count: int) -> str:
    """The line make_tests prints: how many tests, where, and their size."""
    total = sum(p.stat().st_size for p in tests.iterdir())
    return f"wrote {count} tests to {tests} ({total / 1024:.0f} KiB)"


def make_tests(root: Path, samples: dict[str, str], generated: dict[str, tuple],
               answers: Path | Callable[[str], str]) -> None:
    """Write ROOT/tests/: the SAMPLES' inputs as given, GENERATED's from generators/gen.py with each name's
    arguments, and for every input the answer ANSWERS gives (a Python program reading the input, or a function)."""
    tests = fresh_tests(root)
    inputs = dict(samples)
    for name, args in generated.items():
        inputs[name] = run(root / "generators" / "gen.py", *args)
    for name, text in inputs.items():
        (tests / f"{name}.in").write_text(text)
        (tests / f"{name}.ans").write_text(run(answers, stdin=text) if isinstance(answers, Path) else answers(text))
    print(summary(tests, len(inputs)))
