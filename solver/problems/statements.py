"""Statement text for the prompts, from whatever a package ships.

A PDF statement is read in reading order (`pdftotext -raw`: the content stream's order, which keeps a table's row
on one line) and cleaned of what only the page needs: repeated page headers and footers ("classroom (4 of 5)"),
invisible direction marks (IOI's statements wrap every piece of inline code in U+200E, which pdftotext turns
into line breaks around the code), and indentation. `pdftotext -layout`, used before, kept all of that: 6-30
spaces on every line, the footers, the marks, and inline code pushed onto the next line
(`cpsolve bench statements` measures the prompt tokens this saves)."""
from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

from .errors import ProblemFormatError

#: Marks that change nothing a reader sees: direction marks, embeddings and isolates, zero-width space, word
#: joiner, byte-order mark, soft hyphen. (Zero-width joiners stay: some scripts need them.)
INVISIBLE = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b\u2060\ufeff\u00ad"
_STRIP_INVISIBLE = dict.fromkeys(map(ord, INVISIBLE))
LRM = "\u200e"
#: How many lines at the top and the bottom of a page may be furniture (header, footer, page number).
EDGE_LINES = 2


def run_pdftotext(path: Path, *flags: str) -> str:
    """The raw output of poppler's `pdftotext FLAGS PATH -` (pages separated by form feeds). A PDF that yields no
    text (pdftotext missing or failing, or a scan without a text layer) is a ProblemFormatError naming the file,
    never an empty statement."""
    if not shutil.which("pdftotext"):
        raise ProblemFormatError(path, "", "cannot read the PDF statement: pdftotext is not installed "
                                 "(Debian: apt-get install poppler-utils)")
    try:
        done = subprocess.run(["pdftotext", *flags, "-enc", "UTF-8", str(path), "-"], capture_output=True,
                              text=True, errors="replace", timeout=60)
    except (subprocess.SubprocessError, OSError) as e:
        raise ProblemFormatError(path, "", f"cannot read the PDF statement: pdftotext failed ({e})") from None
    if done.returncode != 0:
        why = (done.stderr.strip().splitlines() or [f"exit {done.returncode}"])[0]
        raise ProblemFormatError(path, "", f"cannot read the PDF statement: pdftotext failed ({why})")
    if not done.stdout.translate(_STRIP_INVISIBLE).strip():
        raise ProblemFormatError(path, "", "the PDF statement has no text layer (a scan?); add the statement "
                                 "as Markdown or text beside it")
    return done.stdout


def pdf_text(path: Path) -> str:
    """The statement of a PDF in reading order, without page furniture (see the module's docstring)."""
    return clean_pdf_text(run_pdftotext(path, "-raw"))


def clean_pdf_text(text: str) -> str:
    """pdftotext's pages (form-feed separated) as one text: headers and footers repeated across pages dropped,
    inline code put back into its sentence, invisible marks removed, each page dedented, blank runs collapsed."""
    pages = [page.splitlines() for page in text.split("\f")]
    if len(pages) > 1 and not any(line.strip() for line in pages[-1]):
        pages.pop()  # pdftotext ends the last page with a form feed too
    furniture = _repeated_edges(pages)
    out: list[str] = []
    for page in pages:
        edges = _edges(page)
        kept = [line.rstrip() for i, line in enumerate(page) if not (i in edges and _furniture_key(line) in furniture)]
        out += _dedent(_rejoin_inline_code(kept)) + [""]
    text = "\n".join(line.translate(_STRIP_INVISIBLE).rstrip() for line in out)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def _furniture_key(line: str) -> str:
    """A line as page furniture repeats it: page numbers differ from page to page."""
    return re.sub(r"\d+", "#", line.translate(_STRIP_INVISIBLE).strip())


def _edges(page: list[str]) -> set[int]:
    """Indices of the first and last EDGE_LINES non-empty lines of a page: where headers and footers sit."""
    filled = [i for i, line in enumerate(page) if line.strip()]
    return set(filled[:EDGE_LINES] + filled[-EDGE_LINES:])


def _repeated_edges(pages: list[list[str]]) -> set[str]:
    """Lines at the edges of more than half of the pages (at least two): running headers and footers such as
    "classroom (1 of 5)". They are dropped only where they sit at an edge; the same words in the text stay."""
    if len(pages) < 2:
        return set()
    seen: Counter[str] = Counter()
    for page in pages:
        seen.update({_furniture_key(page[i]) for i in _edges(page)})
    return {key for key, n in seen.items() if n >= 2 and n * 2 > len(pages) and key}


def _rejoin_inline_code(lines: list[str]) -> list[str]:
    """Inline code is wrapped in U+200E marks, and pdftotext breaks the line at each: "calls to <LRM>" /
    "process_step<LRM>" / ". If your program". A line ending in an opening mark (after a space) takes the next
    line; a line ending in a closing mark takes the next one when it goes on with the sentence (punctuation or a
    lower-case word), never when it starts anew (a code block's last line before "N: the number of ...")."""
    out: list[str] = []
    for line in lines:
        if out and _continues(out[-1], line):
            prev = out.pop()
            glue = "" if prev.endswith(" " + LRM) or prev.strip() == LRM or re.match(r"[.,;:!?)\]]", line) else " "
            line = prev + glue + line.lstrip()
        out.append(line)
    # a closing mark glued to the next word ("collect()<LRM>is called") stood for a space
    return [re.sub(rf"(?<=\S){LRM}(?=\w)", " ", line) for line in out]


def _continues(prev: str, line: str) -> bool:
    if not prev.endswith(LRM) or not line.strip():
        return False
    if prev.endswith(" " + LRM) or prev.strip() == LRM:
        return True  # an opening mark: the code follows on the next line
    return bool(re.match(r"\s*([.,;:!?)\]]|[a-z])", line))


def _dedent(lines: list[str]) -> list[str]:
    """The page's common indentation removed (the layout's margin); deeper indentation, as of code, stays."""
    margin = min((len(line) - len(line.lstrip(" ")) for line in lines if line.strip()), default=0)
    return [line[margin:] for line in lines]


def statement_from_pdf(path: Path) -> tuple[str, str]:
    """(text, "") for a readable PDF, ("", the one-line reason) for one without text. Judging needs no statement,
    so a package still loads; solving does, and refuses with that line (see solver.solve)."""
    try:
        return pdf_text(path), ""
    except ProblemFormatError as e:
        return "", str(e)
