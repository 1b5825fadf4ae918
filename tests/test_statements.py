"""PDF statements the model can read: a statement with IOI 2026's page furniture (a PDF made here, see
statement_pdf.py) reaches the prompt in reading order, without headers and footers, invisible marks or layout
indentation, and with inline code back in its sentence; `cpsolve bench statements` measures the tokens saved."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sandbox.languages import get_language
from solver.agent.prompts import messages, problem_context
from solver.bench.statements import tokens
from solver.cli.main import app
from solver.problems import load_problem
from solver.problems.statements import INVISIBLE, clean_pdf_text, pdf_text, run_pdftotext

from .statement_pdf import LRM, lanterns_pdf
from .tps_packages import addmul_package

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext missing (apt-get install "
                                "poppler-utils)")

IN_ORDER = ["Following each call to light, the sample grader outputs the lanterns that are lit.",
            "The procedure returns true when every lantern is lit."]


def test_the_made_pdf_has_ioi_2026s_furniture_under_layout(tmp_path):
    """The fixture is faithful: `pdftotext -layout` shows each symptom the statements had."""
    layout = run_pdftotext(lanterns_pdf(tmp_path / "en.pdf"), "-layout")
    lines = [line for line in layout.splitlines() if line.strip() and "of 3)" not in line]
    indents = [len(line) - len(line.lstrip()) for line in lines]
    assert min(indents) >= 6 and min(indents) <= 30  # every line indented by the page's margin, at least
    assert [f"lanterns ({i} of 3)" in layout for i in (1, 2, 3)] == [True] * 3
    assert LRM in layout
    pushed = next(i for i, line in enumerate(lines) if "Following each call to" in line)
    assert "light" not in lines[pushed] and lines[pushed + 1].strip() == "light" + LRM


def test_a_pdf_statement_reads_in_order_without_page_furniture(tmp_path):
    pdf = lanterns_pdf(tmp_path / "en.pdf")
    text = pdf_text(pdf)
    for sentence in IN_ORDER:
        assert sentence in text.splitlines()
    assert "of 3)" not in text and not any(c in text for c in INVISIBLE)
    assert not any(line.startswith(" ") for line in text.splitlines())
    # a code block's last line is not glued to the sentence after it; a table row stays one line
    assert "std::vector<int> light(int N, std::vector<int> H)\nN: the number of lanterns." in text
    assert "\n1 30 N = 2\n" in text
    assert tokens(text) < 0.8 * tokens(run_pdftotext(pdf, "-layout"))


def test_furniture_is_what_repeats_at_page_edges_not_what_repeats_in_the_text():
    pages = ["Example\nx = 1\npage 9\nx = 1\nx = 1\npage 1",
             "Example\ny = 2\ny = 2\ny = 2\npage 2",
             "Scoring\nz = 3\nExample\nz = 3\nz = 3\npage 3",
             "Scoring\nw = 4\nw = 4\nw = 4\npage 4"]
    text = clean_pdf_text("\f".join(pages) + "\f")
    # "page N" ends every page: dropped there, kept in the middle of one
    assert re.findall(r"page \d", text) == ["page 9"]
    # "Example" and "Scoring" head two pages of four, not more than half: they stay
    assert text.count("Example") == 3 and text.count("Scoring") == 2
    # a closing mark glued to a word stood for a space; an opening one at the line's end takes the code
    assert clean_pdf_text(f"calls {LRM}go{LRM}and returns {LRM}\nstop{LRM}\n.\n") == "calls go and returns stop.\n"


def test_a_package_with_a_pdf_statement_prompts_with_the_clean_text(tmp_path):
    root = addmul_package(tmp_path / "addmul")
    for md in [root / "statement.md", *(root / "statement").glob("*.md")]:
        md.unlink(missing_ok=True)
    (root / "statement").mkdir(exist_ok=True)
    lanterns_pdf(root / "statement" / "en.pdf")
    problem = load_problem(root)
    assert problem.statement == pdf_text(root / "statement" / "en.pdf")
    prompt = messages("draft", **problem_context(problem, get_language("cpp17"), None), hint=None)[-1]["content"]
    for sentence in IN_ORDER:
        assert sentence in prompt
    assert not re.search(r"lanterns \(\d of 3\)", prompt) and LRM not in prompt


def test_bench_statements_prints_the_tokens_saved(tmp_path):
    task = tmp_path / "2026" / "day1" / "lanterns"
    task.mkdir(parents=True)
    lanterns_pdf(task / "en.pdf")
    (task / "translations").mkdir()
    shutil.copyfile(task / "en.pdf", task / "translations" / "en.pdf")  # a translation is not the statement
    done = CliRunner().invoke(app, ["bench", "statements", str(tmp_path / "2026"), "--json"])
    assert done.exit_code == 0, done.output
    figures = json.loads(done.output)
    assert [r["statement"] for r in figures["rows"]] == ["lanterns"]
    row = figures["rows"][0]
    assert row["tokens_before"] == tokens(run_pdftotext(task / "en.pdf", "-layout"))
    assert row["tokens_after"] == tokens(pdf_text(task / "en.pdf")) and figures["saved"] > 0
    assert row["invisible_marks_before"] >= 4 and row["invisible_marks_after"] == 0
    table = CliRunner().invoke(app, ["bench", "statements", str(task / "en.pdf")]).output
    assert table.startswith("| statement |") and "| lanterns |" in table and "**all**" in table
    missing = CliRunner().invoke(app, ["bench", "statements", str(tmp_path / "nowhere")])
    assert missing.exit_code == 2 and "nowhere: no such file or folder" in missing.output
