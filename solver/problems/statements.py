"""Statement text for the prompts, from whatever a package ships."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from .errors import ProblemFormatError


def pdf_text(path: Path) -> str:
    """The text of a PDF statement through poppler's pdftotext. A PDF that yields no text (pdftotext missing or
    failing, or a scan without a text layer) is a ProblemFormatError naming the file, never an empty statement."""
    if not shutil.which("pdftotext"):
        raise ProblemFormatError(path, "", "cannot read the PDF statement: pdftotext is not installed "
                                 "(Debian: apt-get install poppler-utils)")
    try:
        done = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                              errors="replace", timeout=60)
    except (subprocess.SubprocessError, OSError) as e:
        raise ProblemFormatError(path, "", f"cannot read the PDF statement: pdftotext failed ({e})") from None
    if done.returncode != 0:
        why = (done.stderr.strip().splitlines() or [f"exit {done.returncode}"])[0]
        raise ProblemFormatError(path, "", f"cannot read the PDF statement: pdftotext failed ({why})")
    if not done.stdout.strip():
        raise ProblemFormatError(path, "", "the PDF statement has no text layer (a scan?); add the statement "
                                 "as Markdown or text beside it")
    return done.stdout


def statement_from_pdf(path: Path) -> tuple[str, str]:
    """(text, "") for a readable PDF, ("", the one-line reason) for one without text. Judging needs no statement,
    so a package still loads; solving does, and refuses with that line (see solver.solve)."""
    try:
        return pdf_text(path), ""
    except ProblemFormatError as e:
        return "", str(e)
