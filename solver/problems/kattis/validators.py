"""How a Kattis package judges output: the default output validator as a built-in checker, or the package's
own output validator (and, for an interactive problem, interactor)."""
from __future__ import annotations

from pathlib import Path

from ..errors import ProblemFormatError
from ..model import CheckerSpec, ProgramSource, TaskTypeSpec
from .metadata import Meta
from .spec import subfolders
from .testdata import Group

#: Validator sources compile_package_program can build (.py as Python, the rest as C++; C is compiled as C++).
CPP_SUFFIXES = (".cpp", ".cc", ".cxx", ".c++", ".c")


def checker_and_task_type(meta: Meta, secret: list[Group], root: Path, file: Path) -> tuple[CheckerSpec, TaskTypeSpec]:
    """The checker (and the interactor of an interactive problem). The judge passes one set of flags to every
    check, so the secret tests must agree on theirs; the samples (worth nothing here) are checked with them too,
    whatever their own (2025-09 has no problem-wide flags, and packages often set them for secret/ only)."""
    flags: tuple[list[str], Path, str] | None = None
    for g in secret:
        for name, got in g.flags.items():
            if flags is None:
                flags = got
            elif got[0] != flags[0]:
                raise ProblemFormatError(got[1], got[2], f"{name} gets validator flags {got[0]} but other tests "
                                         f"get {flags[0]}; one set of flags per problem is supported")
    flag_list, flag_file, flag_field = flags or ([], file, "validator_flags")
    if not meta.custom:
        return _default_validator(flag_list, flag_file, flag_field), TaskTypeSpec()
    program = _validator_program(root, meta, file)
    checker = CheckerSpec(kind="kattis", files=program.files, sources=program.sources, flags=tuple(flag_list))
    if meta.interactive:
        return checker, TaskTypeSpec(kind="interactive", manager=program, interactor_protocol="kattis")
    return checker, TaskTypeSpec()


def _default_validator(flags: list[str], file: Path, field: str) -> CheckerSpec:
    space, abs_tol, rel_tol = False, None, None
    it = iter(flags)
    for flag in it:
        if flag == "case_sensitive":
            continue  # the built-in checkers are case-sensitive anyway
        if flag == "space_change_sensitive":
            space = True
        elif flag in ("float_tolerance", "float_absolute_tolerance", "float_relative_tolerance"):
            value = next(it, "")
            try:
                eps = float(value)
            except ValueError:
                raise ProblemFormatError(file, field, f"{flag} needs a number after it, got {value!r}") from None
            if flag != "float_relative_tolerance":
                abs_tol = eps
            if flag != "float_absolute_tolerance":
                rel_tol = eps
        else:
            raise ProblemFormatError(file, field, f"unknown flag {flag!r} for the default output validator; it "
                                     "knows case_sensitive, space_change_sensitive, float_tolerance E, "
                                     "float_absolute_tolerance E, float_relative_tolerance E")
    if abs_tol is not None or rel_tol is not None:
        if space:
            raise ProblemFormatError(file, field, "space_change_sensitive with a float tolerance is not supported")
        return CheckerSpec(kind="float", abs_tol=abs_tol or 0.0, rel_tol=rel_tol or 0.0)
    return CheckerSpec(kind="exact" if space else "tokens")


def _validator_program(root: Path, meta: Meta, file: Path) -> ProgramSource:
    """Legacy: the one program in output_validators/ (a file, or a folder of files). 2025-09: output_validator/ is
    the program (2023-07-draft packages put it one folder down, as problemtools' examples do)."""
    folder = root / meta.validator_dir
    if meta.validator_dir == "output_validators":
        entries = [p for p in sorted(folder.iterdir()) if not p.name.startswith(".")] if folder.is_dir() else []
        if not entries:
            raise ProblemFormatError(file, "validation", "custom validation needs its program in "
                                     "output_validators/")
        if len(entries) > 1:
            raise ProblemFormatError(folder, "", f"{len(entries)} output validators "
                                     f"({', '.join(p.name for p in entries)}); only one is supported")
        return _program(entries[0])
    direct = [p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")]
    subs = subfolders(folder)
    return _program(subs[0] if not direct and len(subs) == 1 else folder)


def _program(path: Path) -> ProgramSource:
    """A program as the spec has it: one source file, or a folder of files compiled together."""
    if path.is_file():
        files = {path.name: path}
    else:
        files = {p.name: p for p in sorted(path.iterdir()) if p.is_file() and not p.name.startswith(".")}
    if "build" in files or "run" in files:
        raise ProblemFormatError(path, "build", "programs made by build/run scripts are not supported; give C++ "
                                 "or Python sources")
    cpp = sorted(n for n in files if Path(n).suffix in CPP_SUFFIXES)
    py = sorted(n for n in files if n.endswith(".py"))
    if cpp:
        return ProgramSource(files=files, sources=cpp)
    if len(py) == 1 or "main.py" in py:
        return ProgramSource(files=files, sources=["main.py" if len(py) > 1 else py[0]])
    problem = "several Python files and no main.py" if py else "no C++ or Python source"
    raise ProblemFormatError(path, "", f"{problem}; cannot tell how to build this program")
