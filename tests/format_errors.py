"""How the package-format tests check a refused package (test code only): one line that starts with the file,
names the field and contains the words given, as the house rule for bad input asks."""
from __future__ import annotations

from pathlib import Path

import pytest

from solver.problems import ProblemFormatError, load_problem


def load_error(root: Path) -> ProblemFormatError:
    """The error loading the package at ROOT raises (the test fails when it loads), checked to be one line."""
    with pytest.raises(ProblemFormatError) as info:
        load_problem(root)
    err = info.value
    assert "\n" not in str(err), str(err)
    return err


def assert_names(err: ProblemFormatError, file: Path, field: str, *words: str) -> None:
    """One line that starts with FILE, names FIELD ("" for a file-wide error) and contains each of WORDS."""
    text = str(err)
    assert "\n" not in text, text
    assert err.file == str(file), text
    assert err.field == field, text
    assert text.startswith(f"{file}: {field}: " if field else f"{file}: "), text
    for w in words:
        assert w in text, (w, text)
