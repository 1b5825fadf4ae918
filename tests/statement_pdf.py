"""A PDF statement written from scratch, with the furniture of IOI 2026's statements: a left margin, a running
footer ("lanterns (1 of 3)"), and inline code set in another font a little below the line and wrapped in U+200E
marks, which `pdftotext -layout` pushes onto a line of its own. Nothing fetched: the bytes are built here."""
from __future__ import annotations

from pathlib import Path

#: Byte 0x80 of both fonts draws U+200E (the glyph name poppler maps back to the code point).
LRM = "\u200e"
_DIFFERENCES = "<</Type/Encoding/BaseEncoding/WinAnsiEncoding/Differences[128/uni200E]>>"


def _escape(text: str) -> bytes:
    raw = b"\x80".join(part.encode("cp1252") for part in text.split(LRM))
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def page_stream(lines: list[list[tuple[str, str]]], footer: str, left: float = 72.0) -> bytes:
    """LINES: each a list of (font, text) runs, font "text" (Helvetica) or "code" (Courier, set 6 pt below the
    line as IOI's inline code is), or (font, text, x) for a table cell at X; FOOTER at the foot of the page."""
    out = [b"BT"]
    y = 740.0
    for runs in lines:
        x = left
        for font, text, *at in runs:
            x = left + at[0] if at else x
            rise = -6.0 if font == "code" else 0.0
            out.append(b"/%s 11 Tf 1 0 0 1 %.2f %.2f Tm (%s) Tj" % (b"F2" if font == "code" else b"F1", x,
                                                                     y + rise, _escape(text)))
            x += len(text.replace(LRM, "")) * (6.6 if font == "code" else 5.6)
        y -= 16.0
    out.append(b"/F1 9 Tf 1 0 0 1 %.2f 40 Tm (%s) Tj" % (left - 40, _escape(footer)))
    out.append(b"ET")
    return b"\n".join(out)


def write_pdf(path: Path, pages: list[bytes]) -> Path:
    """A PDF of the given page content streams (US Letter, Helvetica as F1, Courier as F2)."""
    objects = [b"<</Type/Catalog/Pages 2 0 R>>", b""]
    fonts = [f"<</Type/Font/Subtype/Type1/BaseFont/{name}/Encoding {_DIFFERENCES}>>".encode()
             for name in ("Helvetica", "Courier")]
    objects += fonts
    kids = []
    for content in pages:
        objects.append(b"<</Length %d>>stream\n%s\nendstream" % (len(content), content))
        stream_ref = len(objects)
        objects.append(b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents %d 0 R"
                       b"/Resources<</Font<</F1 3 0 R/F2 4 0 R>>>>>>" % stream_ref)
        kids.append(len(objects))
    objects[1] = b"<</Type/Pages/Kids[%s]/Count %d>>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    body, offsets = b"%PDF-1.4\n", []
    for i, obj in enumerate(objects, 1):
        offsets.append(len(body))
        body += b"%d 0 obj\n%s\nendobj\n" % (i, obj)
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    body += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    body += b"trailer<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(body)
    return path


def lanterns_pdf(path: Path) -> Path:
    """Three pages of a made-up task, "lanterns", with IOI 2026's furniture."""
    pages = [
        [[("text", "Lanterns")],
         [("text", "There are N lanterns in a row, numbered from 0 to N - 1. You implement the procedure")],
         [("text", "light, which the grader calls once for each test.")],
         [("text", "Following each call to " + LRM), ("code", "light" + LRM),
          ("text", ", the sample grader outputs the lanterns that are lit.")]],
        [[("text", "Implementation Details")],
         [("code", "std::vector<int> light(int N, std::vector<int> H)" + LRM)],
         [("text", "N: the number of lanterns.")],
         [("text", "The procedure returns " + LRM), ("code", "true" + LRM),
          ("text", " when every lantern is lit.")]],
        [[("text", "Subtasks")],
         [("text", "Subtask", 20), ("text", "Score", 90), ("text", "Additional Constraints", 160)],
         [("text", "1", 35), ("text", "30", 100), ("text", "N = 2", 160)],
         [("text", "2", 35), ("text", "70", 100), ("text", "No additional constraints.", 160)]],
    ]
    return write_pdf(path, [page_stream(lines, f"lanterns ({i} of {len(pages)})") for i, lines in enumerate(pages, 1)])
