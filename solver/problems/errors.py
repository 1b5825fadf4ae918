"""One clear line for a bad package: the file, the field, what is wrong."""
from __future__ import annotations

from pathlib import Path


class ProblemFormatError(ValueError):
    def __init__(self, file: Path | str, field: str, problem: str):
        self.file, self.field, self.problem = str(file), field, problem
        where = f"{self.file}: {field}: " if field else f"{self.file}: "
        super().__init__(where + problem)


def pydantic_error(file: Path, exc) -> ProblemFormatError:
    """The first validation error of a pydantic model, as one line."""
    err = exc.errors()[0]
    loc = ".".join(str(p) for p in err["loc"]) or "(top level)"
    return ProblemFormatError(file, loc, err["msg"])
