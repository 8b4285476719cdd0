"""Word (.docx) reading, on documents the tests build themselves with python-docx."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt

from phongthu.ingest.model import IngestError, Paragraph, Table
from phongthu.ingest.readers import read

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _save(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _paragraphs(blocks) -> list[Paragraph]:
    return [b for b in blocks if isinstance(b, Paragraph)]


def _tables(blocks) -> list[Table]:
    return [b for b in blocks if isinstance(b, Table)]


def _cells(table: Table) -> list[list[str]]:
    return [[c.text for c in row] for row in table.rows]


def test_paragraphs_and_tables_in_body_order_with_formatting():
    # given
    document = docx.Document()
    heading = document.add_paragraph()
    heading.add_run("THÔNG BÁO").bold = True
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    mixed = document.add_paragraph("Về việc ")
    mixed.add_run("sửa chữa").bold = True
    document.add_paragraph().add_run("(ghi chú nghiêng)").italic = True
    table = document.add_table(rows=2, cols=2)
    table.style = document.styles["Table Grid"]
    table.cell(0, 0).text = "Hạng mục"
    table.cell(0, 1).text = "Kinh phí"
    table.cell(1, 0).text = "Lát sân"
    table.cell(1, 1).text = "12 triệu"
    document.add_paragraph("Đoạn cuối.")
    # when
    result = read(_save(document), "thong-bao.docx")
    # then
    assert result.format == "docx"
    kinds = [type(b).__name__ for b in result.blocks]
    assert kinds == ["Paragraph", "Paragraph", "Paragraph", "Table", "Paragraph"]
    first, second, third = _paragraphs(result.blocks)[:3]
    assert (first.text, first.bold, first.align) == ("THÔNG BÁO", True, "center")
    assert (second.text, second.bold) == ("Về việc sửa chữa", False)
    assert third.italic
    (data,) = _tables(result.blocks)
    assert not data.layout
    assert _cells(data) == [["Hạng mục", "Kinh phí"], ["Lát sân", "12 triệu"]]


def test_merged_cells_are_emitted_once_with_spans():
    document = docx.Document()
    table = document.add_table(rows=4, cols=3)
    table.style = document.styles["Table Grid"]
    top = table.cell(0, 0).merge(table.cell(0, 2))
    top.text = "Nhóm việc A"
    side = table.cell(1, 0).merge(table.cell(3, 0))
    side.text = "Tổ 1"
    for row in range(1, 4):
        table.cell(row, 1).text = f"Việc {row}"
        table.cell(row, 2).text = f"Tháng {row + 2}"
    (result,) = _tables(read(_save(document), "bang.docx").blocks)
    first = result.rows[0]
    assert len(first) == 1
    assert (first[0].text, first[0].col_span, first[0].row_span) == ("Nhóm việc A", 3, 1)
    assert [c.text for c in result.rows[1]] == ["Tổ 1", "Việc 1", "Tháng 3"]
    assert result.rows[1][0].row_span == 3
    # rows covered by the vertical merge only list the cells that start there
    assert [c.text for c in result.rows[2]] == ["Việc 2", "Tháng 4"]
    assert [c.text for c in result.rows[3]] == ["Việc 3", "Tháng 5"]


def _header_table(document) -> None:
    table = document.add_table(rows=2, cols=2)  # no style: borderless
    left = table.cell(0, 0)
    left.text = "ỦY BAN NHÂN DÂN XÃ MINH TÂN"
    left.add_paragraph("BAN CHỈ HUY QUÂN SỰ")
    right = table.cell(0, 1)
    right.text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    right.add_paragraph("Độc lập - Tự do - Hạnh phúc")
    table.cell(1, 0).text = "Số: 15/KH-BCH"
    table.cell(1, 1).text = "Minh Tân, ngày 3 tháng 4 năm 2025"


def test_header_table_is_layout_and_keeps_its_lines():
    document = docx.Document()
    _header_table(document)
    document.add_paragraph("KẾ HOẠCH")
    result = read(_save(document), "kh.docx")
    header = result.blocks[0]
    assert isinstance(header, Table)
    assert header.layout
    assert header.rows[0][0].text == "ỦY BAN NHÂN DÂN XÃ MINH TÂN\nBAN CHỈ HUY QUÂN SỰ"
    assert header.rows[1][0].text == "Số: 15/KH-BCH"


def test_borderless_table_at_the_top_is_layout_even_without_markers():
    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "CÔNG TY CỔ PHẦN NAM SƠN"
    table.cell(0, 1).text = "Mẫu số 02"
    document.add_paragraph("Nội dung")
    table2 = document.add_table(rows=1, cols=2)
    table2.cell(0, 0).text = "x"
    table2.cell(0, 1).text = "y"
    first, second = _tables(read(_save(document), "a.docx").blocks)
    assert first.layout
    assert not second.layout


def test_signature_table_is_layout():
    document = docx.Document()
    document.add_paragraph("Thân văn bản.")
    table = document.add_table(rows=1, cols=2)
    table.style = document.styles["Table Grid"]
    table.cell(0, 0).text = "Nơi nhận:"
    table.cell(0, 0).add_paragraph("- Lưu: VT.")
    table.cell(0, 1).text = "TM. ỦY BAN NHÂN DÂN"
    (signature,) = _tables(read(_save(document), "a.docx").blocks)
    assert signature.layout


def test_header_laid_out_with_tabs_becomes_a_layout_table():
    document = docx.Document()
    document.add_paragraph("TRƯỜNG TIỂU HỌC HOA SEN\t\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    document.add_paragraph("Số: 4/TB-THHS\t\tĐộc lập - Tự do - Hạnh phúc")
    document.add_paragraph("Một đoạn\tcó tab nhưng không phải tiêu đề")
    blocks = read(_save(document), "tb.docx").blocks
    header = blocks[0]
    assert isinstance(header, Table)
    assert header.layout
    assert _cells(header) == [
        ["TRƯỜNG TIỂU HỌC HOA SEN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
        ["Số: 4/TB-THHS", "Độc lập - Tự do - Hạnh phúc"],
    ]
    assert isinstance(blocks[1], Paragraph)
    assert blocks[1].text == "Một đoạn có tab nhưng không phải tiêu đề"


_NAMESPACES = " ".join(
    f'xmlns:{prefix}="{uri}"'
    for prefix, uri in {
        "w": W_NS,
        "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
        "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
        "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
        "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
        "v": "urn:schemas-microsoft-com:vml",
    }.items()
)
_TEXTBOX_RUN = (
    "<w:r {ns}><mc:AlternateContent><mc:Choice Requires='wps'><w:drawing><wp:anchor>"
    "<a:graphic><a:graphicData><wps:wsp><wps:txbx><w:txbxContent>"
    "<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"
    "</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>"
    "</mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>"
    "<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"
    "</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
)


def test_text_box_is_read_once():
    document = docx.Document()
    anchor = document.add_paragraph("Trước hộp")
    run = parse_xml(_TEXTBOX_RUN.format(ns=_NAMESPACES, text="Chữ trong hộp"))
    anchor._p.append(run)
    document.add_paragraph("Sau hộp")
    texts = [p.text for p in _paragraphs(read(_save(document), "hop.docx").blocks)]
    assert texts == ["Trước hộp", "Chữ trong hộp", "Sau hộp"]


def test_nested_table_is_flattened_into_its_cell():
    document = docx.Document()
    outer = document.add_table(rows=1, cols=2)
    outer.style = document.styles["Table Grid"]
    outer.cell(0, 0).text = "Danh sách"
    inner = outer.cell(0, 1).add_table(rows=2, cols=2)
    inner.cell(0, 0).text = "An"
    inner.cell(0, 1).text = "Tổ 1"
    inner.cell(1, 0).text = "Bình"
    inner.cell(1, 1).text = "Tổ 2"
    (table,) = _tables(read(_save(document), "a.docx").blocks)
    assert table.rows[0][1].text == "An Tổ 1\nBình Tổ 2"


def test_one_cell_frame_is_unwrapped():
    document = docx.Document()
    frame = document.add_table(rows=1, cols=1)
    frame.cell(0, 0).text = "Lời dẫn trong khung"
    inner = frame.cell(0, 0).add_table(rows=2, cols=2)
    for r in range(2):
        for c in range(2):
            inner.cell(r, c).text = f"ô {r}{c}"
    blocks = read(_save(document), "a.docx").blocks
    assert isinstance(blocks[0], Paragraph)
    assert blocks[0].text == "Lời dẫn trong khung"
    (table,) = _tables(blocks)
    assert _cells(table) == [["ô 00", "ô 01"], ["ô 10", "ô 11"]]


_LEVELS = (
    ("upperRoman", "%1."),
    ("decimal", "%2."),
    ("lowerLetter", "%3)"),
)


def _add_numbering(document) -> None:
    numbering = document.part.numbering_part.element
    levels = "".join(
        f"<w:lvl w:ilvl='{i}'><w:start w:val='1'/><w:numFmt w:val='{fmt}'/>"
        f"<w:lvlText w:val='{text}'/></w:lvl>"
        for i, (fmt, text) in enumerate(_LEVELS)
    )
    numbering.insert(
        0, parse_xml(f"<w:abstractNum {nsdecls('w')} w:abstractNumId='90'>{levels}</w:abstractNum>")
    )
    numbering.append(
        parse_xml(f"<w:num {nsdecls('w')} w:numId='901'><w:abstractNumId w:val='90'/></w:num>")
    )
    numbering.append(
        parse_xml(
            f"<w:num {nsdecls('w')} w:numId='902'><w:abstractNumId w:val='90'/>"
            "<w:lvlOverride w:ilvl='0'><w:startOverride w:val='4'/></w:lvlOverride></w:num>"
        )
    )


def _numbered(document, text: str, num_id: int, ilvl: int) -> None:
    paragraph = document.add_paragraph(text)
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(
        parse_xml(
            f"<w:numPr {nsdecls('w')}><w:ilvl w:val='{ilvl}'/><w:numId w:val='{num_id}'/></w:numPr>"
        )
    )


def test_word_numbering_labels_are_computed():
    document = docx.Document()
    _add_numbering(document)
    items = [
        ("Mục tiêu", 901, 0),
        ("Rà soát", 901, 1),
        ("Bổ sung", 901, 1),
        ("chi tiết một", 901, 2),
        ("chi tiết hai", 901, 2),
        ("Nội dung", 901, 0),
        ("Lập kế hoạch", 901, 1),
        ("Phần tiếp", 902, 0),
        ("Phần sau", 902, 0),
    ]
    for text, num_id, ilvl in items:
        _numbered(document, text, num_id, ilvl)
    paragraphs = _paragraphs(read(_save(document), "so.docx").blocks)
    assert [(p.numbering, p.text) for p in paragraphs] == [
        ("I.", "Mục tiêu"),
        ("1.", "Rà soát"),
        ("2.", "Bổ sung"),
        ("a)", "chi tiết một"),
        ("b)", "chi tiết hai"),
        ("II.", "Nội dung"),
        ("1.", "Lập kế hoạch"),
        ("IV.", "Phần tiếp"),
        ("V.", "Phần sau"),
    ]


def test_numbering_in_a_table_column_fills_the_cell():
    document = docx.Document()
    _add_numbering(document)
    table = document.add_table(rows=2, cols=2)
    for row in range(2):
        cell = table.cell(row, 0)
        ppr = cell.paragraphs[0]._p.get_or_add_pPr()
        ppr.append(
            parse_xml(
                f"<w:numPr {nsdecls('w')}><w:ilvl w:val='1'/><w:numId w:val='901'/></w:numPr>"
            )
        )
        table.cell(row, 1).text = f"Việc số {row + 1}"
    (result,) = _tables(read(_save(document), "a.docx").blocks)
    assert [row[0].text for row in result.rows] == ["1.", "2."]


def _legacy_run(paragraph, text: str, font: str):
    run = paragraph.add_run(text)
    fonts = run._r.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:ascii"), font)
    fonts.set(qn("w:hAnsi"), font)
    return run


def test_tcvn3_runs_are_converted_to_unicode():
    from phongthu.text import unicode_to_tcvn3

    document = docx.Document()
    paragraph = document.add_paragraph()
    _legacy_run(paragraph, unicode_to_tcvn3("Ban chỉ huy quân sự xã Đông Hưng "), ".VnTime")
    paragraph.add_run("và phường Bến Đá")
    _legacy_run(document.add_paragraph(), unicode_to_tcvn3("kế hoạch"), ".VnTimeH")
    result = read(_save(document), "cu.docx")
    texts = [p.text for p in _paragraphs(result.blocks)]
    assert texts == ["Ban chỉ huy quân sự xã Đông Hưng và phường Bến Đá", "KẾ HOẠCH"]
    assert result.encoding == "tcvn3"


def test_vni_runs_are_converted_to_unicode():
    from phongthu.text import unicode_to_vni

    document = docx.Document()
    _legacy_run(document.add_paragraph(), unicode_to_vni("Trạm y tế xã Phước Lộc"), "VNI-Times")
    result = read(_save(document), "vni.docx")
    assert _paragraphs(result.blocks)[0].text == "Trạm y tế xã Phước Lộc"
    assert result.encoding == "vni"


def test_leftover_legacy_font_name_does_not_garble_unicode_text():
    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.name = ".VnTime"
    normal.font.size = Pt(14)
    document.add_paragraph("Hội nghị tổng kết công tác năm")
    document.add_paragraph("ô")
    result = read(_save(document), "a.docx")
    assert [p.text for p in _paragraphs(result.blocks)] == ["Hội nghị tổng kết công tác năm", "ô"]
    assert result.encoding == "utf-8"


def test_header_and_footer_are_not_body_text():
    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "DỰ THẢO LẦN 2"
    section.footer.paragraphs[0].text = "Trang 1"
    document.add_paragraph("Nội dung chính")
    texts = [p.text for p in _paragraphs(read(_save(document), "a.docx").blocks)]
    assert texts == ["Nội dung chính"]


def test_line_breaks_split_a_body_paragraph_and_join_cell_lines():
    document = docx.Document()
    paragraph = document.add_paragraph()
    run = paragraph.add_run("KT. TRƯỞNG PHÒNG")
    run.bold = True
    run.add_break()
    paragraph.add_run("PHÓ TRƯỞNG PHÒNG").bold = True
    blocks = read(_save(document), "a.docx").blocks
    assert [(p.text, p.bold) for p in _paragraphs(blocks)] == [
        ("KT. TRƯỞNG PHÒNG", True),
        ("PHÓ TRƯỞNG PHÒNG", True),
    ]


def test_deleted_text_and_hidden_text_are_skipped():
    document = docx.Document()
    paragraph = document.add_paragraph("Giữ lại")
    paragraph._p.append(
        parse_xml(
            f"<w:del {nsdecls('w')} w:id='1' w:author='x'>"
            "<w:r><w:delText> bỏ đi</w:delText></w:r></w:del>"
        )
    )
    hidden = paragraph.add_run(" ẩn")
    hidden.font.hidden = True
    assert _paragraphs(read(_save(document), "a.docx").blocks)[0].text == "Giữ lại"


def test_page_breaks_word_recorded_give_page_numbers():
    document = docx.Document()
    document.add_paragraph("Trang một")
    second = document.add_paragraph()
    second._p.append(
        parse_xml(f"<w:r {nsdecls('w')}><w:lastRenderedPageBreak/><w:t>Trang hai</w:t></w:r>")
    )
    result = read(_save(document), "a.docx")
    assert [(p.text, p.page) for p in _paragraphs(result.blocks)] == [
        ("Trang một", 1),
        ("Trang hai", 2),
    ]


# --- bad input -------------------------------------------------------------------------


def _small_docx() -> bytes:
    document = docx.Document()
    for i in range(30):
        document.add_paragraph(f"Dòng số {i} của văn bản thử")
    return _save(document)


def test_truncated_docx_is_refused(is_vietnamese):
    data = _small_docx()
    with pytest.raises(IngestError) as err:
        read(data[: len(data) // 2], "cut.docx")
    assert is_vietnamese(str(err.value))
    assert "hỏng" in str(err.value)


def test_corrupted_part_is_refused(is_vietnamese):
    data = bytearray(_small_docx())
    # flip bytes in the middle of the compressed data, keeping the directory intact
    start = len(data) // 3
    for i in range(start, start + 200):
        data[i] ^= 0x5A
    with pytest.raises(IngestError) as err:
        read(bytes(data), "bad.docx")
    assert is_vietnamese(str(err.value))


def test_zip_that_is_not_word_is_refused(is_vietnamese):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "không phải Word")
    with pytest.raises(IngestError) as err:
        read(buffer.getvalue(), "nen.docx")
    assert is_vietnamese(str(err.value))
    assert "không phải văn bản Word" in str(err.value)


def test_zip_bomb_is_refused_without_inflating(is_vietnamese):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        # 300 MB of zeros compress to a few hundred kilobytes
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            block = b"\x00" * (1024 * 1024)
            for _ in range(300):
                part.write(block)
    data = buffer.getvalue()
    assert len(data) < 2 * 1024 * 1024
    with pytest.raises(IngestError) as err:
        read(data, "bom.docx")
    assert is_vietnamese(str(err.value))
    assert "bom nén" in str(err.value)


def test_xml_entities_are_not_expanded():
    document = _small_docx()
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(document)) as source,
        zipfile.ZipFile(buffer, "w") as target,
    ):
        for item in source.infolist():
            payload = source.read(item)
            if item.filename == "word/document.xml":
                payload = (
                    b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "xxxxxxxxxx">'
                    b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
                    b'<w:document xmlns:w="' + W_NS.encode() + b'"><w:body><w:p><w:r>'
                    b"<w:t>&b;</w:t></w:r></w:p></w:body></w:document>"
                )
            target.writestr(item, payload)
    result = read(buffer.getvalue(), "ent.docx")
    assert all("xxxxxxxxxx" not in p.text for p in _paragraphs(result.blocks))


# --- the real corpus, read in place ------------------------------------------------------


@pytest.mark.corpus
def test_corpus_docx_files_read_with_header_and_tables(corpus):
    files = sorted((corpus / "dev").glob("*.docx"))
    assert files
    for path in files:
        result = read(path.read_bytes(), path.name)
        assert result.format == "docx"
        assert result.encoding == "utf-8", path.name
        first = result.blocks[0]
        assert isinstance(first, Table), path.name
        assert first.layout, path.name
        assert any("Số:" in c.text for row in first.rows for c in row), path.name
        assert any(
            isinstance(b, Table) and b.layout and "Nơi nhận" in b.rows[0][0].text
            for b in result.blocks
        ), path.name


@pytest.mark.corpus
def test_corpus_task_table_with_word_numbering(corpus):
    path = corpus / "dev" / "lc-kh-sct-kiemtra-gcn-vlncn-2026-04.docx"
    result = read(path.read_bytes(), path.name)
    data = [t for t in _tables(result.blocks) if not t.layout]
    assert len(data) == 1
    (table,) = data
    assert len(table.rows) == 10
    # the TT column is numbered by Word: the labels must be there
    assert [row[0].text for row in table.rows[1:]] == [f"{i}." for i in range(1, 10)]


@pytest.mark.corpus
def test_corpus_merged_header_cells(corpus):
    path = corpus / "dev" / "ld-bc-cchc-q1-2026.docx"
    tables = [t for t in _tables(read(path.read_bytes(), path.name).blocks) if not t.layout]
    first = tables[0]
    assert first.rows[0][0].row_span == 2
    assert any(c.col_span == 2 for c in first.rows[0])
