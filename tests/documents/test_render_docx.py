"""The DOCX in the format of Nghị định 30/2020, opened with python-docx and measured.

The seed plan is imported, rendered, and every element of its layout is checked: page,
margins, fonts, the header's lines (size, bold, italic, capitals, rules), type name and
title, body, page numbers from page 2, signature and "Nơi nhận". The renderer on its
own is tested in test_render_model.py.
"""

from __future__ import annotations

import io
import re

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Length

pytestmark = pytest.mark.corpus

FONT = "Times New Roman"


def mm(length: Length) -> float:
    return length.mm


def text_runs(paragraph):
    return [r for r in paragraph.runs if r.text.strip()]


def look(paragraph) -> tuple[float, bool, bool]:
    """(size in pt, bold, italic) of a paragraph whose runs all look alike."""
    runs = text_runs(paragraph)
    assert runs, f"no text in {paragraph.text!r}"
    looks = {(r.font.size.pt if r.font.size else 14.0, bool(r.bold), bool(r.italic)) for r in runs}
    assert len(looks) == 1, f"{paragraph.text!r} mixes {looks}"
    return looks.pop()


def is_rule(paragraph) -> bool:
    """An empty paragraph drawing a horizontal line (its bottom border)."""
    ppr = paragraph._p.pPr
    if ppr is None or paragraph.text.strip():
        return False
    border = ppr.find(qn("w:pBdr"))
    bottom = border.find(qn("w:bottom")) if border is not None else None
    return bottom is not None and bottom.get(qn("w:val")) == "single"


def rule_length_mm(paragraph, available_mm: float) -> float:
    fmt = paragraph.paragraph_format
    return available_mm - mm(fmt.left_indent) - mm(fmt.right_indent)


def after(paragraphs, index):
    return paragraphs[index + 1] if index + 1 < len(paragraphs) else None


def find(paragraphs, predicate):
    for index, paragraph in enumerate(paragraphs):
        if predicate(paragraph.text):
            return index, paragraph
    raise AssertionError("no such paragraph")


def borderless(table) -> bool:
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    return borders is not None and all(b.get(qn("w:val")) in ("nil", "none") for b in borders)


@pytest.fixture
def opened(seed_docx):
    return docx.Document(io.BytesIO(seed_docx))


@pytest.fixture
def header_table(opened):
    first = opened.element.body[0]
    assert first.tag == qn("w:tbl"), "the document opens with its header table"
    return opened.tables[0]


# --- page and fonts ----------------------------------------------------------------------


def test_a4_portrait_with_the_decree_margins(opened):
    section = opened.sections[0]
    assert round(mm(section.page_width)) == 210
    assert round(mm(section.page_height)) == 297
    assert 20 <= round(mm(section.top_margin)) <= 25
    assert 20 <= round(mm(section.bottom_margin)) <= 25
    assert 30 <= round(mm(section.left_margin)) <= 35
    assert 15 <= round(mm(section.right_margin)) <= 20


def test_times_new_roman_for_every_script(opened):
    styles = opened.styles.element
    defaults = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    normal = opened.styles["Normal"].element.rPr
    for fonts in (defaults.find(qn("w:rFonts")), normal.find(qn("w:rFonts"))):
        for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
            assert fonts.get(qn(f"w:{slot}")) == FONT, slot
        # A theme font named beside the font would win over it in Word.
        assert not [k for k in fonts.attrib if k.endswith("Theme") or k.endswith("theme")]
    assert opened.styles["Normal"].font.name == FONT
    # No run anywhere names another font.
    parts = [opened.element, *(s.header._element for s in opened.sections)]
    for part in parts:
        for fonts in part.iter(qn("w:rFonts")):
            assert {v for k, v in fonts.attrib.items() if not k.endswith("hint")} <= {FONT}


# --- header ------------------------------------------------------------------------------


def test_header_is_a_borderless_table_of_two_columns(header_table):
    assert len(header_table.columns) == 2
    assert borderless(header_table)


def test_left_column_issuer_with_a_short_rule_then_the_number(header_table):
    names = header_table.cell(0, 0).paragraphs
    index, issuer = find(names, lambda t: t.strip() == "SỞ KHOA HỌC VÀ CÔNG NGHỆ")
    size, bold, italic = look(issuer)
    assert 12 <= size <= 13 and bold and not italic
    assert issuer.text.isupper()
    rule = after(names, index)
    assert rule is not None and is_rule(rule)
    # A third to a half of the issuer's line: well short of the column.
    column = mm(header_table.columns[0].width)
    assert 15 <= rule_length_mm(rule, column - 2) <= column / 2

    number = next(p for p in header_table.cell(1, 0).paragraphs if p.text.strip())
    assert re.fullmatch(r"Số:\s+/KH-KHCN", number.text)
    assert look(number) == (13, False, False)


def test_right_column_national_title_motto_rule_and_date(header_table):
    right = header_table.cell(0, 1).paragraphs
    _, national = find(right, lambda t: t == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    size, bold, italic = look(national)
    assert 12 <= size <= 13 and bold and not italic

    index, motto = find(right, lambda t: t == "Độc lập - Tự do - Hạnh phúc")
    size, bold, italic = look(motto)
    assert 13 <= size <= 14 and bold and not italic
    rule = after(right, index)
    assert rule is not None and is_rule(rule)
    # As long as the motto: between a third of the column and the whole of it.
    column = mm(header_table.columns[1].width)
    assert 45 <= rule_length_mm(rule, column - 2) <= 70

    date = next(p for p in header_table.cell(1, 1).paragraphs if p.text.strip())
    # The seed is a draft: its day is left blank for the signing day.
    assert re.fullmatch(r"Bắc Giang, ngày\s+tháng 3 năm 2024", date.text)
    size, bold, italic = look(date)
    assert 13 <= size <= 14 and italic and not bold


def test_type_name_and_title_with_a_rule_below(opened):
    body = opened.paragraphs
    index, type_name = find(body, lambda t: t == "KẾ HOẠCH")
    size, bold, _italic = look(type_name)
    assert 13 <= size <= 14 and bold and type_name.text.isupper()
    title = body[index + 1]
    assert title.text == "Thực hiện công tác phòng thủ dân sự năm 2024"
    size, bold, _italic = look(title)
    assert 13 <= size <= 14 and bold
    assert is_rule(body[index + 2])
    assert {p.alignment for p in (type_name, title)} == {docx.enum.text.WD_ALIGN_PARAGRAPH.CENTER}


def test_body_is_justified_at_14_with_an_indented_first_line(opened):
    _, basis = find(opened.paragraphs, lambda t: t.startswith("Căn cứ Kế hoạch số 42/KH-UBND"))
    _, order = find(opened.paragraphs, lambda t: t.startswith("Giao cho Văn phòng Sở"))
    for paragraph in (basis, order):
        size, _bold, _italic = look(paragraph)
        assert 13 <= size <= 14
        assert paragraph.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.JUSTIFY
        assert 10 <= mm(paragraph.paragraph_format.first_line_indent) <= 12.7
    assert order.text.endswith("./.")  # the end of the text, as the decree marks it


def test_page_numbers_top_centre_from_the_second_page(opened):
    section = opened.sections[0]
    assert section.different_first_page_header_footer  # w:titlePg
    assert section._sectPr.find(qn("w:titlePg")) is not None

    def fields(header) -> str:
        return " ".join(t.text or "" for t in header._element.iter(qn("w:instrText")))

    assert "PAGE" in fields(section.header)
    assert "PAGE" not in fields(section.first_page_header)
    assert not section.first_page_header.is_linked_to_previous
    numbered = section.header.paragraphs[0]
    assert numbered.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.CENTER
    assert {r.font.size.pt for r in numbered.runs} <= {13, 14}


# --- task table --------------------------------------------------------------------------


def test_task_table_with_its_groups_and_units(opened):
    table = next(t for t in opened.tables[1:] if "Nội dung" in t.cell(0, 1).text)
    heading = [c.text for c in table.rows[0].cells]
    assert heading == [
        "TT",
        "Nội dung nhiệm vụ",
        "Đơn vị chủ trì",
        "Đơn vị phối hợp",
        "Thời gian thực hiện",
    ]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # repeats on each page
    assert not borderless(table)
    group = table.rows[1]
    assert group.cells[0].text == "I"
    assert group.cells[1].text.startswith("Chỉ đạo xây dựng hoàn thiện")
    assert group._tr.tc_lst[1].grid_span == 4
    assert look(group.cells[1].paragraphs[0])[1]  # bold
    first = [c.text for c in table.rows[2].cells]
    assert first[0] == "1"
    assert first[2:] == ["Thanh tra Sở", "Các phòng, đơn vị thuộc Sở", "Thường xuyên"]
    assert len(table.rows) == 1 + 2 + 5


# --- closing -----------------------------------------------------------------------------


def closing_table(opened):
    table = opened.tables[-1]
    assert table.cell(0, 0).paragraphs[0].text == "Nơi nhận:"
    return table


def test_recipients_and_signature_side_by_side_without_borders(opened):
    table = closing_table(opened)
    assert len(table.columns) == 2
    assert borderless(table)


def test_noi_nhan_at_12_bold_italic_and_its_list_at_11(opened):
    lines = [p for p in closing_table(opened).cell(0, 0).paragraphs if p.text.strip()]
    assert look(lines[0]) == (12, True, True)
    assert [p.text for p in lines[1:]] == [
        "- Bộ CHQS tỉnh (b/c);",
        "- Lãnh đạo Sở;",
        "- Ban CHQS Sở;",
        "- Các phòng, đơn vị thuộc Sở;",
        "- Lưu: VT, VP.",
    ]
    assert {look(p) for p in lines[1:]} == {(11, False, False)}


def test_signature_with_its_authority_in_bold_capitals(opened):
    lines = [p for p in closing_table(opened).cell(0, 1).paragraphs if p.text.strip()]
    assert [p.text for p in lines] == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Phúc Thương"]
    for authority in lines[:2]:
        size, bold, _italic = look(authority)
        assert 13 <= size <= 14 and bold and authority.text.isupper()
    size, bold, _italic = look(lines[2])
    assert 13 <= size <= 14 and bold
    # Room to sign and stamp between the position and the name.
    names = [p.text for p in closing_table(opened).cell(0, 1).paragraphs]
    assert names.index("Nguyễn Phúc Thương") - names.index("PHÓ GIÁM ĐỐC") - 1 >= 3
