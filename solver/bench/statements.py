"""`cpsolve bench statements DIR|PDF...`: the prompt tokens a PDF statement costs as `pdftotext -layout` reads it
(what the prompts held before) and as the statement reader gives it now (reading order, no page furniture), by the
project's token estimate. For the IOI 2026 tasks: `cpsolve bench statements task-archive/2026`."""
from __future__ import annotations

from pathlib import Path

from ..agent.prompts import estimate_tokens
from ..problems.statements import INVISIBLE, pdf_text, run_pdftotext

#: Folders of translated statements, left out when a folder is searched for the English one.
TRANSLATIONS = "translations"


def statement_pdfs(paths: list[Path]) -> list[Path]:
    """PDF files as given, and under each folder every `en.pdf` outside translations/ folders, in path order."""
    found: list[Path] = []
    for path in paths:
        if path.is_file():
            found.append(path)
        elif path.is_dir():
            found += sorted(p for p in path.rglob("en.pdf") if TRANSLATIONS not in p.relative_to(path).parts)
        else:
            raise ValueError(f"{path}: no such file or folder")
    if not found:
        raise ValueError(f"no en.pdf under {', '.join(map(str, paths))}")
    return found


def tokens(text: str) -> int:
    """The prompt tokens TEXT costs as a user message, by the estimate that fits prompts to the context."""
    return estimate_tokens([{"role": "user", "content": text}])


def measure(pdf: Path) -> dict:
    before, after = run_pdftotext(pdf, "-layout"), pdf_text(pdf)
    name = pdf.parent.name if pdf.name == "en.pdf" else pdf.stem
    return {"statement": name, "path": str(pdf), "chars_before": len(before), "chars_after": len(after),
            "tokens_before": tokens(before), "tokens_after": tokens(after),
            "invisible_marks_before": sum(before.count(c) for c in INVISIBLE),
            "invisible_marks_after": sum(after.count(c) for c in INVISIBLE)}


def run_statement_bench(paths: list[Path]) -> dict:
    """One row per statement, and the totals."""
    rows = [measure(pdf) for pdf in statement_pdfs(paths)]
    before, after = sum(r["tokens_before"] for r in rows), sum(r["tokens_after"] for r in rows)
    return {"rows": rows, "tokens_before": before, "tokens_after": after, "saved": before - after,
            "saved_fraction": round((before - after) / before, 4) if before else 0.0}


def statement_table(figures: dict) -> str:
    """The figures as a Markdown table."""
    lines = ["| statement | chars -layout | chars now | tokens -layout | tokens now | saved | invisible marks |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for r in figures["rows"]:
        saved = r["tokens_before"] - r["tokens_after"]
        lines.append(f"| {r['statement']} | {r['chars_before']:,} | {r['chars_after']:,} | {r['tokens_before']:,} | "
                     f"{r['tokens_after']:,} | {saved:,} ({saved / r['tokens_before']:.0%}) | "
                     f"{r['invisible_marks_before']} -> {r['invisible_marks_after']} |")
    lines.append(f"| **all** | | | **{figures['tokens_before']:,}** | **{figures['tokens_after']:,}** | "
                 f"**{figures['saved']:,} ({figures['saved_fraction']:.0%})** | |")
    return "\n".join(lines)
