"""Shared fixtures for the ingest tests.

Tests that need something outside the project — the shared corpus next to the
checkout, tesseract with its Vietnamese model, LibreOffice — say so with a marker
(`corpus`, `ocr`, `libreoffice`). Where the thing is missing they skip with the
reason on a workstation, but fail in CI (the CI variable set), where everything is
installed and a skip would hide a broken set-up.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import SHARED

CORPUS = SHARED / "corpus"


def require(condition: object, reason: str) -> None:
    """Skip the running test when `condition` is false — or fail it in CI."""
    if condition:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set: a missing prerequisite is an error here)")
    pytest.skip(reason)


def has_tesseract_vie() -> bool:
    exe = shutil.which("tesseract")
    if exe is None:
        return False
    try:
        out = subprocess.run(
            [exe, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return "vie" in (out.stdout + out.stderr).split()


def has_soffice() -> bool:
    return any(shutil.which(name) for name in ("soffice", "libreoffice"))


def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("corpus"):
        require(CORPUS.is_dir(), f"the shared corpus is not at {CORPUS}")
    if item.get_closest_marker("ocr"):
        require(has_tesseract_vie(), "tesseract with the Vietnamese model (vie) is not installed")
    if item.get_closest_marker("libreoffice"):
        require(has_soffice(), "LibreOffice (soffice) is not installed")


@pytest.fixture(name="require")
def require_fixture() -> Callable[[object, str], None]:
    return require


@pytest.fixture
def corpus() -> Path:
    require(CORPUS.is_dir(), f"the shared corpus is not at {CORPUS}")
    return CORPUS


_VIETNAMESE_LETTERS = set("ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ")


def is_vietnamese(message: str) -> bool:
    """A message meant for users: it has letters only Vietnamese uses."""
    return any(ch in _VIETNAMESE_LETTERS for ch in message.lower())


@pytest.fixture(name="is_vietnamese")
def is_vietnamese_fixture() -> Callable[[str], bool]:
    return is_vietnamese


# --- documents the tests make themselves ---------------------------------------------------
# "Only our own words": a made-up commune's plan, never text from the shared corpus.

PLAN_TASKS = [
    ("1", "Rà soát danh sách hộ dân sống ven sông Lam", "Công an xã", "Các thôn", "Quý II/2025"),
    ("2", "Tập huấn sơ cứu cho đội xung kích", "Trạm y tế xã", "Hội Chữ thập đỏ", "Tháng 6"),
    ("3", "Kiểm tra kho vật tư cứu hộ", "Ban Chỉ huy quân sự xã", "", "Thường xuyên"),
]


def build_plan_docx(*, extra_rows: int = 0) -> bytes:
    """A small plan laid out the official way: header table, title, task table, signature."""
    import io

    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = docx.Document()
    header = document.add_table(rows=2, cols=2)
    header.cell(0, 0).text = "ỦY BAN NHÂN DÂN XÃ HƯNG LỘC"
    header.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    header.cell(0, 1).add_paragraph("Độc lập - Tự do - Hạnh phúc")
    header.cell(1, 0).text = "Số: 21/KH-UBND"
    header.cell(1, 1).text = "Hưng Lộc, ngày 5 tháng 3 năm 2025"
    for row in header.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                for run in paragraph.runs:
                    run.bold = True
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run("KẾ HOẠCH").bold = True
    subtitle = document.add_paragraph()
    subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER
    subtitle.add_run("Phòng chống lụt bão năm 2025").bold = True
    document.add_paragraph(
        "Để chủ động ứng phó với mùa mưa lũ, Ủy ban nhân dân xã xây dựng kế hoạch này với "
        "các nhiệm vụ cụ thể cho từng đơn vị trên địa bàn, bảo đảm an toàn cho người dân và "
        "tài sản của Nhà nước trong suốt mùa mưa bão."
    )
    tasks = document.add_table(rows=1, cols=5)
    tasks.style = document.styles["Table Grid"]
    for cell, text in zip(
        tasks.rows[0].cells, ["TT", "Nội dung", "Chủ trì", "Phối hợp", "Thời gian"], strict=True
    ):
        cell.text = text
    rows = list(PLAN_TASKS) + [
        (str(4 + i), f"Nhiệm vụ bổ sung số {4 + i} của kế hoạch", "Văn phòng", "", "Hằng năm")
        for i in range(extra_rows)
    ]
    for values in rows:
        cells = tasks.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.text = text
    document.add_paragraph("Giao Văn phòng theo dõi, đôn đốc và báo cáo kết quả thực hiện.")
    signature = document.add_table(rows=1, cols=2)
    signature.cell(0, 0).text = "Nơi nhận:"
    signature.cell(0, 0).add_paragraph("- Các thôn;")
    signature.cell(0, 0).add_paragraph("- Lưu: VT.")
    right = signature.cell(0, 1)
    right.text = "TM. ỦY BAN NHÂN DÂN"
    right.add_paragraph("CHỦ TỊCH")
    right.add_paragraph("")
    right.add_paragraph("")
    right.add_paragraph("Lê Văn Khải")
    for paragraph in right.paragraphs:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    # Word always ends a document with a paragraph; the .doc format needs it after a table.
    document.add_paragraph("")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _convert(data: bytes, target: str) -> bytes:
    from phongthu.ingest.readers.libreoffice import convert

    require(has_soffice(), "LibreOffice (soffice) is not installed")
    return convert(data, source_suffix=".docx", target=target, filename=f"plan.{target}")


@pytest.fixture(scope="session")
def plan_docx() -> bytes:
    return build_plan_docx()


@pytest.fixture(scope="session")
def plan_pdf(plan_docx: bytes) -> bytes:
    """The sample plan printed to PDF by LibreOffice (a text layer, ruled task table)."""
    return _convert(plan_docx, "pdf")


@pytest.fixture(scope="session")
def long_plan_pdf() -> bytes:
    """A plan whose task table runs over a page break."""
    return _convert(build_plan_docx(extra_rows=45), "pdf")


@pytest.fixture(scope="session")
def plan_doc(plan_docx: bytes) -> bytes:
    """The sample plan saved as Word 97-2003 by LibreOffice."""
    return _convert(plan_docx, "doc")


@pytest.fixture(scope="session")
def plan_scan_png(plan_pdf: bytes) -> bytes:
    """Page 1 of the sample plan rasterised at 300 dpi, as a scanner would give it."""
    import io

    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(plan_pdf)
    try:
        image = pdf[0].render(scale=300 / 72, grayscale=True).to_pil()
    finally:
        pdf.close()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", dpi=(300, 300))
    return buffer.getvalue()


@pytest.fixture(scope="session")
def plan_scan_pdf(plan_scan_png: bytes) -> bytes:
    """The rasterised page wrapped in a PDF without any text layer."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.open(io.BytesIO(plan_scan_png)).save(buffer, format="PDF", resolution=300.0)
    return buffer.getvalue()
