"""Scans: images and image-only PDFs recognised by tesseract."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from phongthu.ingest.model import IngestError, Paragraph, Table
from phongthu.ingest.readers import read, tesseract


def _all_text(blocks) -> str:
    parts: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            parts.append(block.text)
        else:
            parts.extend(c.text for row in block.rows for c in row)
    return "\n".join(parts)


def _png(color: int = 255, size: tuple[int, int] = (600, 800)) -> bytes:
    buffer = io.BytesIO()
    Image.new("L", size, color).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.mark.ocr
@pytest.mark.libreoffice
def test_scanned_image_is_recognised_with_its_header(plan_scan_png):
    result = read(plan_scan_png, "anh-chup.png")
    assert (result.format, result.ocr, result.pages) == ("image", True, 1)
    header = result.blocks[0]
    assert isinstance(header, Table) and header.layout
    assert "CỘNG HÒA" in header.rows[0][1].text
    text = _all_text(result.blocks)
    for phrase in ("KẾ HOẠCH", "Phòng chống lụt bão", "Nơi nhận", "Lê Văn Khải"):
        assert phrase in text
    confident = [b for b in result.blocks if isinstance(b, Paragraph) and b.confidence]
    assert confident and all(0 < b.confidence <= 100 for b in confident)


@pytest.mark.ocr
@pytest.mark.libreoffice
def test_image_only_pdf_goes_through_ocr(plan_scan_pdf):
    result = read(plan_scan_pdf, "ban-quet.pdf")
    assert (result.format, result.ocr, result.pages) == ("pdf", True, 1)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA" in _all_text(result.blocks)
    assert all(b.page == 1 for b in result.blocks)


@pytest.mark.ocr
def test_blank_scan_has_no_readable_text(is_vietnamese):
    with pytest.raises(IngestError) as err:
        read(_png(), "trang-trang.png")
    assert is_vietnamese(str(err.value))
    assert "Không nhận dạng được chữ" in str(err.value)


def test_missing_tesseract_says_what_to_install(monkeypatch, is_vietnamese):
    monkeypatch.setattr(tesseract.shutil, "which", lambda _name: None)
    with pytest.raises(IngestError) as err:
        read(_png(), "anh.png")
    message = str(err.value)
    assert is_vietnamese(message)
    assert "apt-get install tesseract-ocr tesseract-ocr-vie" in message


def test_missing_vietnamese_model_says_what_to_install(monkeypatch, is_vietnamese):
    monkeypatch.setattr(tesseract.shutil, "which", lambda _name: "/usr/bin/tesseract")
    monkeypatch.setattr(tesseract, "_languages", lambda _exe: frozenset({"eng", "osd"}))
    with pytest.raises(IngestError) as err:
        read(_png(), "anh.png")
    assert "tiếng Việt" in str(err.value)
    assert "tesseract-ocr-vie" in str(err.value)


def test_image_with_ocr_off_is_refused(is_vietnamese):
    with pytest.raises(IngestError) as err:
        read(_png(), "anh.png", ocr=False)
    assert is_vietnamese(str(err.value))


def test_truncated_image_is_refused(is_vietnamese):
    data = _png(color=128, size=(400, 400))
    with pytest.raises(IngestError) as err:
        read(data[:60], "cat-doi.png")
    assert is_vietnamese(str(err.value))


def test_tsv_keeps_confidence_and_drops_seal_noise():
    header = "\t".join(
        [
            "level",
            "page_num",
            "block_num",
            "par_num",
            "line_num",
            "word_num",
            "left",
            "top",
            "width",
            "height",
            "conf",
            "text",
        ]
    )
    rows = [
        "5\t1\t1\t1\t1\t1\t100\t100\t120\t40\t96.5\tSố:",
        "5\t1\t1\t1\t1\t2\t240\t100\t160\t40\t31.0\t2l8Z",
        "5\t1\t1\t1\t1\t3\t420\t100\t200\t40\t95.0\t/KH-UBND",
        "5\t1\t2\t1\t1\t1\t900\t900\t60\t40\t3.0\t⁄<£",
        "5\t1\t2\t1\t1\t2\t970\t900\t40\t40\t0.0\tì,",
    ]
    lines = tesseract.parse_tsv("\n".join([header, *rows]), dpi=300)
    assert len(lines) == 1  # the near-zero-confidence line was a seal, not text
    words = lines[0]
    assert [w.text for w in words] == ["Số:", "2l8Z", "/KH-UBND"]
    assert words[0].x0 == pytest.approx(24.0)  # 100 px at 300 dpi = 24 pt
    assert [w.conf for w in words] == [96.5, 31.0, 95.0]


@pytest.mark.corpus
@pytest.mark.ocr
def test_corpus_scan_is_read_by_ocr(corpus):
    path = corpus / "dev" / "bca-cv-2388-c04-scan.pdf"
    result = read(path.read_bytes(), path.name)
    assert (result.format, result.ocr, result.pages) == ("pdf", True, 2)
    text = _all_text(result.blocks)
    assert "CỘNG HÒA" in text
    assert "Nơi nhận" in text
    header = result.blocks[0]
    assert isinstance(header, Table) and header.layout
    # the handwritten number is not trusted: OCR marks what it is unsure of
    assert any(c.uncertain for row in header.rows for c in row) or result.warnings


@pytest.mark.ocr
@pytest.mark.libreoffice
def test_ruled_table_in_a_scan_keeps_its_cells(plan_scan_png):
    result = read(plan_scan_png, "anh-chup.png")
    data = [b for b in result.blocks if isinstance(b, Table) and not b.layout]
    assert len(data) == 1
    (table,) = data
    assert len(table.rows) == 4
    assert [c.text for c in table.rows[0]] == ["TT", "Nội dung", "Chủ trì", "Phối hợp", "Thời gian"]
    assert [row[0].text for row in table.rows[1:]] == ["1", "2", "3"]
    assert table.rows[2][2].text == "Trạm y tế xã"
    assert table.rows[3][3].text == ""
    # the table's words are not repeated as loose paragraphs
    assert not any(isinstance(b, Paragraph) and "Trạm y tế" in b.text for b in result.blocks)
