"""PDF with a text layer: a plan the tests print to PDF with LibreOffice."""

from __future__ import annotations

import pytest

from phongthu.ingest.model import IngestError, Paragraph, Table
from phongthu.ingest.readers import ReadContext, read
from phongthu.ingest.readers.pdf_reader import PdfReader


def _tables(blocks) -> list[Table]:
    return [b for b in blocks if isinstance(b, Table)]


def _texts(blocks) -> list[str]:
    return [b.text for b in blocks if isinstance(b, Paragraph)]


@pytest.mark.libreoffice
def test_text_pdf_header_title_task_table_and_signature(plan_pdf):
    # when
    result = read(plan_pdf, "ke-hoach.pdf")
    # then
    assert (result.format, result.pages, result.ocr) == ("pdf", 1, False)
    header, tasks, signature = _tables(result.blocks)
    assert result.blocks[0] is header
    assert header.layout
    assert header.rows[0][1].text.startswith("CỘNG HÒA XÃ HỘI")
    assert any(c.text == "Số: 21/KH-UBND" for row in header.rows for c in row)
    assert not tasks.layout
    assert [[c.text for c in row] for row in tasks.rows] == [
        ["TT", "Nội dung", "Chủ trì", "Phối hợp", "Thời gian"],
        [
            "1",
            "Rà soát danh sách hộ dân sống ven sông Lam",
            "Công an xã",
            "Các thôn",
            "Quý II/2025",
        ],
        ["2", "Tập huấn sơ cứu cho đội xung kích", "Trạm y tế xã", "Hội Chữ thập đỏ", "Tháng 6"],
        ["3", "Kiểm tra kho vật tư cứu hộ", "Ban Chỉ huy quân sự xã", "", "Thường xuyên"],
    ]
    assert signature.layout
    assert [c.text for c in signature.rows[0]] == ["Nơi nhận:", "TM. ỦY BAN NHÂN DÂN"]
    assert signature.rows[-1][1].text == "Lê Văn Khải"
    title = [b for b in result.blocks if isinstance(b, Paragraph) and b.text == "KẾ HOẠCH"]
    assert title and title[0].bold and title[0].align == "center"
    # the wrapped body paragraph is one paragraph, and table words are not repeated
    texts = _texts(result.blocks)
    assert any(t.startswith("Để chủ động ứng phó") and t.endswith("mùa mưa bão.") for t in texts)
    assert not any("Trạm y tế xã" in t for t in texts)
    assert all(b.page == 1 for b in result.blocks if isinstance(b, Paragraph))


@pytest.mark.libreoffice
def test_task_table_over_a_page_break_is_one_table(long_plan_pdf):
    result = read(long_plan_pdf, "dai.pdf")
    assert result.pages and result.pages > 1
    data = [t for t in _tables(result.blocks) if not t.layout]
    assert len(data) == 1
    numbers = [row[0].text for row in data[0].rows[1:]]
    assert numbers == [str(i) for i in range(1, 49)]


@pytest.mark.libreoffice
def test_page_limit_reads_the_first_pages_and_warns(long_plan_pdf):
    result = PdfReader().read(long_plan_pdf, ReadContext(filename="dai.pdf", max_pages=1))
    assert any("chỉ đọc 1 trang đầu" in w for w in result.warnings)
    assert {b.page for b in result.blocks} == {1}


def _encrypted_pdf() -> bytes:
    """A PDF whose standard security handler rejects the empty password."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        b"<< /Filter /Standard /V 1 /R 2 /O <"
        + b"11" * 32
        + b"> /U <"
        + b"22" * 32
        + b"> /P -4 >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R /Encrypt 4 0 R /ID [<%s> <%s>] >>\n" % (
        len(objects) + 1,
        b"ab" * 16,
        b"ab" * 16,
    )
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def test_encrypted_pdf_is_refused(is_vietnamese):
    with pytest.raises(IngestError) as err:
        read(_encrypted_pdf(), "khoa.pdf")
    assert is_vietnamese(str(err.value))
    assert "mật khẩu" in str(err.value)


@pytest.mark.parametrize(
    "data",
    [b"%PDF-1.7\n" + b"\x00\xff garbage " * 50, b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog"],
)
def test_broken_pdf_is_refused(data, is_vietnamese):
    with pytest.raises(IngestError) as err:
        read(data, "hong.pdf")
    assert is_vietnamese(str(err.value))


@pytest.mark.libreoffice
def test_scanned_pdf_without_ocr_is_refused(plan_scan_pdf, is_vietnamese):
    with pytest.raises(IngestError) as err:
        read(plan_scan_pdf, "quet.pdf", ocr=False)
    assert is_vietnamese(str(err.value))
    assert "OCR" in str(err.value)


@pytest.mark.corpus
def test_corpus_text_pdf(corpus):
    path = corpus / "dev" / "lc-cv-7432-ubnd-xd-2026.pdf"
    result = read(path.read_bytes(), path.name)
    assert (result.format, result.pages, result.ocr) == ("pdf", 2, False)
    header = result.blocks[0]
    assert isinstance(header, Table) and header.layout
    assert header.rows[0][1].text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert header.rows[2][0].text.startswith("Số:")
    # the signature block closes the document, recipients beside the signer
    signature = _tables(result.blocks)[-1]
    assert signature.layout
    assert signature.rows[0][0].text == "Nơi nhận:"
    assert signature.rows[0][1].text.startswith("KT.")
    paragraphs = [b for b in result.blocks if isinstance(b, Paragraph)]
    assert {p.page for p in paragraphs} == {1, 2}
    # a paragraph running over the page break is read as one
    assert not any(p.page == 2 and p.text[:1].islower() for p in paragraphs)


@pytest.mark.libreoffice
def test_tcvn3_text_printed_to_pdf_is_converted():
    import io

    import docx

    from phongthu.ingest.readers.libreoffice import convert
    from phongthu.text import unicode_to_tcvn3

    # given a document typed in TCVN3 but set in an ordinary font, as old files are
    document = docx.Document()
    document.add_paragraph(unicode_to_tcvn3("Báo cáo kết quả diễn tập phòng cháy ở chợ Đồng Xuân"))
    buffer = io.BytesIO()
    document.save(buffer)
    pdf = convert(buffer.getvalue(), source_suffix=".docx", target="pdf", filename="cu.pdf")
    # when
    result = read(pdf, "cu.pdf")
    # then
    assert result.encoding == "tcvn3"
    assert _texts(result.blocks) == ["Báo cáo kết quả diễn tập phòng cháy ở chợ Đồng Xuân"]


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF from numbered object bodies (1 is the catalog), with a correct xref."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _stream(content: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n" % (len(content), extra) + content + b"\nendstream"


def test_number_stamped_in_an_annotation_is_read():
    # given a page whose number is drawn by an annotation, as e-signing systems do
    page_text = (
        b"BT /F1 12 Tf 72 760 Td (CONGVANKHANCUAXABINHAN) Tj ET BT /F1 12 Tf 72 700 Td (So:) Tj ET"
    )
    stamp = b"BT /F1 12 Tf 2 5 Td (7432) Tj ET"
    pdf = _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R"
            b" /Resources << /Font << /F1 4 0 R >> >> /Annots [6 0 R] >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            _stream(page_text),
            b"<< /Type /Annot /Subtype /FreeText /Rect [95 695 145 715] /F 4"
            b" /DA (/F1 12 Tf) /AP << /N 7 0 R >> >>",
            _stream(
                stamp,
                b"/Type /XObject /Subtype /Form /BBox [0 0 50 20]"
                b" /Resources << /Font << /F1 4 0 R >> >>",
            ),
        ]
    )
    # when
    result = read(pdf, "ky-so.pdf")
    # then
    assert _texts(result.blocks)[-1] == "So: 7432"
    assert not result.ocr
