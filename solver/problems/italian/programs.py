"""The programs an Italian package brings: its checker (check/checker, cor/correttore), a Communication manager
and stub, a Batch grader; CMS imports them compiled, the judge compiles their sources."""
from __future__ import annotations

from pathlib import Path

from ..errors import ProblemFormatError
from ..model import CheckerSpec, ProgramSource, TaskTypeSpec
from .config import integer, lookup

#: Source extension of each CMS language (Language.source_extension): graders and stubs are looked up with these.
CMS_SOURCE_EXTS = (".c", ".cpp", ".cs", ".go", ".hs", ".java", ".js", ".ml", ".pas", ".php", ".py", ".rs")
#: Sources we can compile for a package program (compile_package_program: .py is Python, anything else C++).
PROGRAM_SOURCE_EXTS = (".cpp", ".cc", ".cxx", ".c", ".py")


def _package_program(root: Path, places: tuple[tuple[str, str], ...], what: str
                     ) -> ProgramSource | None:
    """The first of folder/stem that exists as a compiled program or a source: CMS imports the compiled binary,
    which we cannot run in the sandbox, so we compile the source beside it (with the folder's headers)."""
    for folder, stem in places:
        d = root / folder
        source = next((d / f"{stem}{ext}" for ext in PROGRAM_SOURCE_EXTS if (d / f"{stem}{ext}").is_file()), None)
        binary = d / stem
        if source is None and binary.is_file():
            head = binary.read_bytes()[:200]
            if head.startswith(b"#!") and b"python" in head.split(b"\n", 1)[0]:
                source = binary  # a Python script without extension: compiled as <stem>.py
            else:
                raise ProblemFormatError(binary, what, f"a compiled program without its source {folder}/{stem}.cpp; "
                                         "the judge compiles the package's programs itself")
        if source is None:
            continue
        name = source.name if source.suffix else f"{stem}.py"
        files = {p.name: p for p in sorted(d.iterdir()) if p.is_file() and p.suffix in (".h", ".hpp")}
        files[name] = source
        return ProgramSource(files=files, sources=[name])
    return None


def checker_of(root: Path) -> CheckerSpec:
    program = _package_program(root, (("check", "checker"), ("cor", "correttore")), "checker")
    if program is None:
        return CheckerSpec(kind="whitediff")  # CMS's "diff" evaluation
    return CheckerSpec(kind="cms", files=program.files, sources=program.sources)


def _sol_files(root: Path, stem: str) -> dict[str, Path]:
    """sol/<stem>.<ext> for every CMS language extension."""
    return {f"{stem}{ext}": root / "sol" / f"{stem}{ext}" for ext in CMS_SOURCE_EXTS
            if (root / "sol" / f"{stem}{ext}").is_file()}


def _sol_headers(root: Path) -> dict[str, Path]:
    folder = root / "sol"
    return {p.name: p for p in sorted(folder.iterdir()) if p.is_file() and p.name.endswith(".h")} \
        if folder.is_dir() else {}


def _with_cpp(found: dict[str, Path], root: Path, stem: str, why: str) -> dict[str, Path]:
    """The C++ grader or stub and sol/*.h: cpsolve's graders are C++ only (CMS keeps one per language)."""
    if f"{stem}.cpp" not in found:
        raise ProblemFormatError(root / "sol", f"{stem}.cpp", f"missing, though sol/ has {', '.join(sorted(found))}"
                                 f"; {why} and the judge compiles C++ submissions with the C++ one")
    return {f"{stem}.cpp": found[f"{stem}.cpp"], **_sol_headers(root)}


def task_type_of(root: Path, file: Path, conf: dict, name: str, output_only: bool) -> TaskTypeSpec:
    if output_only:
        return TaskTypeSpec(kind="output_only", outputs_allowed=True)
    manager = _package_program(root, (("check", "manager"), ("cor", "manager")), "manager")
    if manager is not None:
        processes = 1 if conf.get("num_processes") is None else integer(conf, file, "num_processes", 1, minimum=1)
        stubs = _sol_files(root, "stub")
        user_io = conf.get("user_io")
        if user_io not in ("std_io", "fifo_io"):
            user_io = None  # CMS warns and ignores a bad value
        graders = _with_cpp(stubs, root, "stub", "Communication compiles the stub") if stubs else {}
        return TaskTypeSpec(kind="communication", graders=graders, compile_with=["stub.cpp"] if stubs else [],
                            submission_name=f"{name}.cpp", num_processes=processes,
                            user_io=user_io or ("fifo_io" if stubs else "std_io"), manager=manager)
    graders = _sol_files(root, "grader")
    if graders:
        graders = _with_cpp(graders, root, "grader", "Batch compiles the grader")
    infile, outfile = conf.get("infile", "input.txt"), conf.get("outfile", "output.txt")
    both_ways = bool(lookup(conf, "output_only_testcases") or lookup(conf, "output_optional_testcases"))
    return TaskTypeSpec(kind="batch", graders=graders, compile_with=["grader.cpp"] if graders else [],
                        submission_name=f"{name}.cpp", input_file=str(infile or ""), output_file=str(outfile or ""),
                        outputs_allowed=both_ways)
