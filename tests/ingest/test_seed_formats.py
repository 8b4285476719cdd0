"""The seed plan in other formats: a Word version and a scan of it read the same tasks.

The seed is a plain-text export. These tests build, from the seed read in place, the
document it was exported from — a DOCX laid out the official way (header as a
borderless two-column table, the task table as a ruled Word table with a header row,
the rest as paragraphs) — and then a scan of that document (printed to PDF by
LibreOffice, rasterised at 300 dpi into an image-only PDF, read back by OCR). Each
must give the five tasks the text gives: labels, groups, leads, supports and kinds of
timeframe. Nothing built here is written into the project.
"""

from __future__ import annotations

import io
import re
import shutil
from dataclasses import dataclass, field
from typing import Any

import pytest

from phongthu.ingest.model import Extraction, Task
from phongthu.ingest.pipeline import extract, extract_file
from phongthu.text import search_key
from tests.conftest import SHARED, require

SEED = SHARED / "corpus" / "seed" / "kh-ptds-2024-sokhcn-bacgiang.txt"

_TYPE_LINE = re.compile(
    r"^[A-ZĐÂĂÊÔƠƯÁÀẢÃẠẤẦẨẪẬẮẰẲẴẶÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ ]{4,}$"
)
_SECTION = re.compile(r"^([IVX]+|\d+)\.\s")
_BOLD = "**"


# --- the seed, taken apart -----------------------------------------------------------------


@dataclass
class _Seed:
    left: list[str] = field(default_factory=list)  # header, issuer side ("Số: …")
    right: list[str] = field(default_factory=list)  # header, motto side (place and date)
    title: list[str] = field(default_factory=list)  # "KẾ HOẠCH" and the trích yếu
    # The body in order: ("p", text, bold) paragraphs and ("t", rows) tables.
    body: list[tuple[Any, ...]] = field(default_factory=list)


def _rows(lines: list[str]) -> list[list[str]]:
    """Tab rows, with a row a page break split (blank line, empty first cell) joined."""
    rows: list[list[str]] = []
    for line in lines:
        cells = [c.strip() for c in line.split("\t")]
        if rows and not cells[0] and len(cells) == len(rows[-1]):
            rows[-1] = [f"{a} {b}".strip() for a, b in zip(rows[-1], cells, strict=True)]
        else:
            rows.append(cells)
    return rows


def _read_seed() -> _Seed:
    lines = SEED.read_text(encoding="utf-8").splitlines()
    seed = _Seed()
    index = 0
    # Header: everything above the document type ("KẾ HOẠCH").
    while index < len(lines) and not _TYPE_LINE.match(lines[index].strip()):
        text = lines[index].strip()
        if text:
            side = (
                seed.right
                if ("ngày" in text or "CỘNG HÒA" in text or "Độc lập" in text)
                else seed.left
            )
            side.append(text)
        index += 1
    seed.title.append(lines[index].strip())
    index += 1
    while not lines[index].strip():
        index += 1
    seed.title.append(lines[index].strip())
    index += 1
    bold = False
    while index < len(lines):
        line = lines[index]
        if "\t" in line:
            table: list[str] = []
            # A table runs over blank lines as long as tab rows follow (a page break).
            while index < len(lines) and ("\t" in lines[index] or not lines[index].strip()):
                if "\t" in lines[index]:
                    table.append(lines[index])
                elif not any("\t" in x for x in lines[index + 1 : index + 2]):
                    break
                index += 1
            seed.body.append(("t", _rows(table)))
            continue
        text = line.strip()
        if text:
            starts, ends = text.startswith(_BOLD), text.endswith(_BOLD)
            text = text.replace(_BOLD, "").strip()
            seed.body.append(("p", text, bold or starts or bool(_SECTION.match(text))))
            bold = (bold or starts) and not ends
        index += 1
    return seed


# --- the seed as Word would have it ------------------------------------------------------


def _seed_docx(seed: _Seed) -> bytes:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement

    document = docx.Document()
    # The header: two columns side by side, no borders (the default table style).
    header = document.add_table(rows=1, cols=2)
    for cell, lines in zip(header.rows[0].cells, (seed.left, seed.right), strict=True):
        cell.text = lines[0] if lines else ""
        for extra in lines[1:]:
            cell.add_paragraph(extra)
        for paragraph in cell.paragraphs:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for text in seed.title:
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(text).bold = True
    for item in seed.body:
        if item[0] == "p":
            paragraph = document.add_paragraph()
            paragraph.add_run(item[1]).bold = item[2]
            continue
        rows: list[list[str]] = item[1]
        width = max(len(r) for r in rows)
        table = document.add_table(rows=0, cols=width)
        table.style = document.styles["Table Grid"]
        for number, values in enumerate(rows):
            row = table.add_row()
            cells = row.cells
            filled = [i for i, v in enumerate(values) if v]
            for i, value in enumerate(values):
                cells[i].text = value
            if number == 0:
                # The header row repeats on every page, as Word does for task tables.
                properties = row._tr.get_or_add_trPr()
                properties.append(OxmlElement("w:tblHeader"))
                for cell in cells:
                    for run in (r for p in cell.paragraphs for r in p.runs):
                        run.bold = True
            elif len(filled) < 3 and filled:
                # A group row ("I | Chỉ đạo …"): its title spans the rest of the row.
                last = filled[-1]
                text = values[last]
                merged = cells[last].merge(cells[width - 1])
                merged.text = text
                for run in (r for p in merged.paragraphs for r in p.runs):
                    run.bold = True
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _scan_pdf(docx_bytes: bytes) -> bytes:
    """The Word version printed, then scanned: 300 dpi greyscale pages, no text layer."""
    import pypdfium2 as pdfium

    from phongthu.ingest.readers.libreoffice import convert

    printed = convert(docx_bytes, source_suffix=".docx", target="pdf", filename="seed.pdf")
    pdf = pdfium.PdfDocument(printed)
    try:
        images = [pdf[i].render(scale=300 / 72, grayscale=True).to_pil() for i in range(len(pdf))]
    finally:
        pdf.close()
    buffer = io.BytesIO()
    images[0].save(buffer, format="PDF", resolution=300.0, save_all=True, append_images=images[1:])
    return buffer.getvalue()


# --- fixtures and comparison -----------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_text() -> Extraction:
    require(SEED.is_file(), f"{SEED} is absent: the seed is read in place from ../shared")
    return extract_file(SEED)


@pytest.fixture(scope="module")
def seed_docx(seed_text: Extraction) -> bytes:
    return _seed_docx(_read_seed())


@pytest.fixture(scope="module")
def seed_scan(seed_docx: bytes) -> bytes:
    require(
        bool(shutil.which("soffice") or shutil.which("libreoffice")),
        "LibreOffice (soffice) is not installed: it prints the Word version to PDF",
    )
    return _scan_pdf(seed_docx)


def _shape(task: Task, *, fold: bool = False) -> tuple[Any, ...]:
    """What must agree across formats; `fold` compares unit names by their search key."""

    def key(text: str) -> str:
        return search_key(text) if fold else text

    group = (task.group.label, key(task.group.title)) if task.group else None
    return (
        task.label,
        group,
        [key(u) for u in task.lead],
        [key(u) for u in task.support],
        task.timeframe.kind,
    )


def test_the_seed_text_has_five_tasks(seed_text: Extraction) -> None:
    assert len(seed_text.tasks) == 5
    assert [t.label for t in seed_text.tasks] == ["1", "2", "3", "1", "2"]


def test_the_seed_taken_apart_keeps_its_table() -> None:
    require(SEED.is_file(), f"{SEED} is absent: the seed is read in place from ../shared")
    seed = _read_seed()
    assert seed.left and seed.left[0].startswith("Số")
    assert seed.right and "ngày" in seed.right[0]
    tables = [item[1] for item in seed.body if item[0] == "t"]
    assert len(tables) == 1
    # header, two group rows, five tasks: the row split by the page break is one row
    assert len(tables[0]) == 8


def test_docx_version_reads_the_same_five_tasks(seed_text: Extraction, seed_docx: bytes) -> None:
    extraction = extract(seed_docx, "kh-ptds-2024.docx")
    assert extraction.source.format == "docx"
    assert [_shape(t) for t in extraction.tasks] == [_shape(t) for t in seed_text.tasks]
    # Word keeps the words exactly, so the contents agree too.
    assert [t.content for t in extraction.tasks] == [t.content for t in seed_text.tasks]


def test_docx_version_keeps_the_header(seed_text: Extraction, seed_docx: bytes) -> None:
    document = extract(seed_docx, "kh-ptds-2024.docx").document
    expected = seed_text.document
    assert (document.type, document.reference, document.place, document.title) == (
        expected.type,
        expected.reference,
        expected.place,
        expected.title,
    )
    assert (document.date.year, document.date.month, document.date.day) == (2024, 3, None)


@pytest.mark.ocr
def test_scanned_version_reads_the_same_five_tasks(seed_text: Extraction, seed_scan: bytes) -> None:
    require(shutil.which("tesseract") is not None, "tesseract is not installed")
    extraction = extract(seed_scan, "kh-ptds-2024-quet.pdf")
    assert extraction.source.ocr
    assert [_shape(t, fold=True) for t in extraction.tasks] == [
        _shape(t, fold=True) for t in seed_text.tasks
    ]


def test_row_whose_number_was_lost_is_still_its_own_task() -> None:
    rows = [
        "TT\tNội dung\tĐơn vị chủ trì\tĐơn vị phối hợp\tThời gian",
        "1\tKiểm tra kho vật tư phòng cháy\tVăn phòng Sở\tThanh tra Sở\tQuý II/2025",
        "2\tCập nhật danh bạ liên lạc khẩn cấp\tPhòng Kế hoạch - Tài chính\tVăn phòng Sở"
        "\tThường xuyên",
        "\tDiễn tập sơ tán trụ sở khi có cháy\tBan Chỉ huy quân sự Sở\tCác phòng thuộc Sở"
        "\tTháng 10/2025",
    ]
    text = "KẾ HOẠCH\nPhòng cháy, chữa cháy tại trụ sở năm 2025\n" + "\n".join(rows) + "\n"
    tasks = extract(text.encode(), "ke-hoach.txt").tasks
    assert [t.lead for t in tasks] == [
        ["Văn phòng Sở"],
        ["Phòng Kế hoạch - Tài chính"],
        ["Ban Chỉ huy quân sự Sở"],
    ]
    assert [t.timeframe.kind for t in tasks] == ["period", "ongoing", "period"]
