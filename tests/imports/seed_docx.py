"""Build a Word version of the seed plan from its text, read in place (never committed).

The header becomes a two-column borderless table (number on the left, place and date on
the right), the task table a real Word table, everything else paragraphs; lines the
seed marks bold (**…**) are bold.
"""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt


def _rows(lines: list[str]) -> list[list[str]]:
    """Tab-separated lines as rows; a line with no number of its own (a row broken by a
    page break in the source) continues the row above, cell by cell."""
    rows: list[list[str]] = []
    for line in lines:
        cells = [cell.strip() for cell in line.split("\t")]
        if rows and not cells[0]:
            previous = rows[-1]
            for i, text in enumerate(cells):
                if text and i < len(previous):
                    previous[i] = f"{previous[i]} {text}".strip()
            continue
        rows.append(cells)
    width = max(len(row) for row in rows)
    return [row + [""] * (width - len(row)) for row in rows]


def seed_docx(path: Path) -> bytes:
    lines = path.read_text(encoding="utf-8").splitlines()
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)

    # The header is everything above the type heading ("KẾ HOẠCH"), the first line in capitals.
    type_at = next(i for i, line in enumerate(lines) if line.strip().isupper())
    header = [line.strip() for line in lines[:type_at] if line.strip()]
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.text = "\n".join(h for h in header if h.startswith("Số"))
    right.text = "\n".join(h for h in header if not h.startswith("Số"))

    i = type_at
    bold = False
    while i < len(lines):
        line = lines[i]
        if "\t" in line:
            block = []
            while i < len(lines) and ("\t" in lines[i] or not lines[i].strip()):
                if lines[i].strip() or "\t" in lines[i]:
                    block.append(lines[i])
                i += 1
            rows = _rows(block)
            word_table = document.add_table(rows=len(rows), cols=len(rows[0]))
            word_table.style = "Table Grid"
            for r, row in enumerate(rows):
                for c, text in enumerate(row):
                    word_table.cell(r, c).text = text
            continue
        text = line.strip()
        i += 1
        if not text:
            continue
        starts, ends = text.startswith("**"), text.endswith("**")
        text = text.strip("*").strip()
        paragraph = document.add_paragraph()
        run = paragraph.add_run(text)
        run.bold = bold or starts or ends
        if text.isupper() or starts or bold:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        bold = (bold or starts) and not ends
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
