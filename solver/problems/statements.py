"""Statement text for the prompts, from whatever a package ships."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path


def pdf_text(path: Path) -> str:
    """The text of a PDF statement through poppler's pdftotext; "" when that tool is missing or fails."""
    if not shutil.which("pdftotext"):
        return ""
    try:
        return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                              timeout=60, check=True).stdout
    except (subprocess.SubprocessError, OSError):
        return ""
