"""PDF from the rendered DOCX by LibreOffice headless, and a clear message without it."""

from __future__ import annotations

import io

import pdfplumber
import pytest

from phongthu.documents.render.pdf import PdfUnavailable, RenderError, docx_to_pdf, pdf_available
from tests.conftest import require

pytestmark = pytest.mark.libreoffice


@pytest.fixture
def soffice_here():
    require(
        pdf_available(),
        "LibreOffice (soffice) is not installed: apt-get install "
        "libreoffice-writer-nogui fonts-liberation2",
    )


@pytest.mark.corpus
@pytest.mark.django_db
def test_the_seed_plan_as_pdf_keeps_its_layout(soffice_here, seed_docx):
    data = docx_to_pdf(seed_docx)

    assert data.startswith(b"%PDF-")
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        pages = pdf.pages
        first = pages[0].extract_text()
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first
        assert "KẾ HOẠCH" in first
        assert "Căn cứ Kế hoạch số 42/KH-UBND" in first
        # A4, in points.
        assert (round(pages[0].width), round(pages[0].height)) == (595, 842)
        # Times New Roman is named; LibreOffice sets it in its metric twin, never a
        # fallback with other widths (DejaVu, …) that would move the page breaks.
        fonts = {c["fontname"].split("+")[-1] for p in pages for c in p.chars}
        assert fonts, "no text in the PDF"
        assert all(f.startswith(("LiberationSerif", "TimesNewRoman")) for f in fonts), fonts
        text = "\n".join(p.extract_text() for p in pages)
        assert "Nơi nhận:" in text and "Nguyễn Phúc Thương" in text
        # Page numbers: none on the first page, "2" at the top of the second, in the
        # header band above the 20 mm margin (50 pt is 17.6 mm).
        assert len(pages) >= 2
        top_first = pages[0].crop((0, 0, pages[0].width, 50)).extract_text().strip()
        top_second = pages[1].crop((0, 0, pages[1].width, 50)).extract_text().strip()
        assert top_first == ""
        assert top_second == "2"
        number = pages[1].crop((0, 0, pages[1].width, 50)).chars
        middle = (number[0]["x0"] + number[-1]["x1"]) / 2
        text_centre = (30 + 165 / 2) * 72 / 25.4  # left margin + half the text width
        assert abs(middle - text_centre) < 10


def test_without_libreoffice_a_typed_error_says_so_in_vietnamese(monkeypatch, tmp_path):
    # A PATH holding no programs: LibreOffice is really absent for this process.
    monkeypatch.setenv("PATH", str(tmp_path))
    assert not pdf_available()

    with pytest.raises(PdfUnavailable) as caught:
        docx_to_pdf(b"PK\x03\x04")

    message = str(caught.value)
    assert "LibreOffice" in message
    assert "cài đặt" in message and "DOCX" in message
    assert "libreoffice-writer-nogui" in message
    assert isinstance(caught.value, RenderError)


def test_a_conversion_past_its_time_is_stopped(soffice_here):
    with pytest.raises(RenderError) as caught:
        docx_to_pdf(b"PK\x03\x04 not really a document", timeout=0.01)
    assert "giây" in str(caught.value)
