"""The DOCX renderer on its own, over documents built by hand: dates, the parent body,
a report with sections and an appendix table, a letter, and free-form text."""

from __future__ import annotations

import io
import re

import docx
from hypothesis import given, settings
from hypothesis import strategies as st

from phongthu.documents.render.docx import render_docx, xml_safe
from phongthu.documents.render.model import (
    Appendix,
    Cell,
    Column,
    Header,
    Heading,
    OfficialDocument,
    Paragraph,
    Recipient,
    Row,
    Signature,
    Table,
)
from tests.documents.test_render_docx import look


def simple(**overrides) -> OfficialDocument:
    fields = {
        "header": Header(
            issuer="Sở Khoa học và Công nghệ",
            issuer_parent="Ủy ban nhân dân tỉnh Bắc Giang",
            reference="15/BC-KHCN",
            place="Bắc Giang",
            year=2025,
            month=1,
            day=5,
        ),
        "type_name": "Báo cáo",
        "title": "Kết quả thực hiện công tác phòng thủ dân sự quý I năm 2025",
        "body": (Paragraph.of("Thực hiện chế độ báo cáo định kỳ, Sở báo cáo như sau:"),),
        "signature": Signature(("KT. Giám đốc", "Phó Giám đốc"), "Trần Văn Bình"),
        "recipients": (Recipient("Bộ CHQS tỉnh", "b/c"),),
        "archive": ("VT", "VP"),
    }
    fields.update(overrides)
    return OfficialDocument(**fields)


def opened_model(document: OfficialDocument):
    return docx.Document(io.BytesIO(render_docx(document)))


def header_texts(document) -> list[str]:
    table = document.tables[0]
    return [p.text for cell in table._cells for p in cell.paragraphs if p.text.strip()]


def test_dates_take_a_leading_zero_for_days_below_10_and_months_1_and_2():
    texts = header_texts(opened_model(simple()))
    assert "Bắc Giang, ngày 05 tháng 01 năm 2025" in texts
    assert "Số: 15/BC-KHCN" in texts
    later = simple(header=Header(issuer="Sở Công Thương", place="Bắc Giang", year=2025, month=11))
    assert re.fullmatch(
        r"Bắc Giang, ngày\s+tháng 11 năm 2025", header_texts(opened_model(later))[-1]
    )


def test_the_parent_body_stands_above_the_issuer_in_capitals():
    texts = header_texts(opened_model(simple()))
    assert texts[:2] == ["ỦY BAN NHÂN DÂN TỈNH BẮC GIANG", "SỞ KHOA HỌC VÀ CÔNG NGHỆ"]
    parent = opened_model(simple()).tables[0].cell(0, 0).paragraphs[0]
    size, bold, _italic = look(parent)
    assert 12 <= size <= 13 and not bold


def test_a_report_with_sections_and_an_appendix_table():
    appendix = Appendix(
        title="Phụ lục",
        subtitle="KẾT QUẢ THỰC HIỆN NHIỆM VỤ QUÝ I NĂM 2025",
        note="(Kèm theo Báo cáo số 15/BC-KHCN ngày 05/01/2025)",
        blocks=(
            Table(
                columns=(
                    Column("TT", 12, "center"),
                    Column("Nhiệm vụ", 90),
                    Column("Kết quả", 63),
                ),
                rows=(
                    Row((Cell.of("I", bold=True), Cell.of("Văn bản", span=2, bold=True))),
                    Row((Cell.of("1"), Cell.of("Rà soát văn bản"), Cell.of("Hoàn thành"))),
                ),
            ),
        ),
    )
    report = simple(
        body=(
            Heading("I", "KẾT QUẢ THỰC HIỆN"),
            Paragraph.of("Các đơn vị đã triển khai đầy đủ."),
            Heading("1", "Công tác xây dựng văn bản", level=2),
            Heading("a", "Những việc đã làm", level=3),
            Paragraph.of("Đã rà soát 12 văn bản."),
        ),
        appendices=(appendix,),
    )
    opened = opened_model(report)
    texts = [p.text for p in opened.paragraphs]
    assert "BÁO CÁO" in texts
    assert "I. KẾT QUẢ THỰC HIỆN" in texts and "a) Những việc đã làm" in texts
    index = texts.index("PHỤ LỤC")
    opening = opened.paragraphs[index]
    assert opening._p.xpath(".//w:br[@w:type='page']"), "the appendix starts a new page"
    # After the signature: the closing table comes before the appendix's table.
    tables = opened.tables
    assert tables[-2].cell(0, 0).paragraphs[0].text == "Nơi nhận:"
    assert [c.text for c in tables[-1].rows[0].cells] == ["TT", "Nhiệm vụ", "Kết quả"]
    assert tables[-1].rows[1]._tr.tc_lst[1].grid_span == 2


def test_a_letter_has_its_summary_under_the_number():
    letter = simple(type_name="", title="V/v báo cáo kết quả diễn tập", body=())
    opened = opened_model(letter)
    left = [p.text for p in opened.tables[0].cell(1, 0).paragraphs if p.text.strip()]
    assert left == ["Số: 15/BC-KHCN", "V/v báo cáo kết quả diễn tập"]
    assert "BÁO CÁO" not in [p.text for p in opened.paragraphs]


@settings(max_examples=30, deadline=None)
@given(
    title=st.text(min_size=1, max_size=200),
    content=st.text(max_size=400),
    unit=st.text(max_size=80),
)
def test_any_text_renders_and_reads_back(title, content, unit):
    table = Table(
        columns=(Column("TT", 15), Column("Nội dung", 100), Column("Chủ trì", 50)),
        rows=(Row((Cell.of("1"), Cell.of(content), Cell.of(unit))),),
    )
    opened = opened_model(simple(title=title, body=(Paragraph.of(content), table)))
    # What XML cannot carry becomes a space; line breaks and tabs stay breaks and tabs.
    expected = re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]", " ", content)
    assert opened.tables[1].cell(1, 1).text == expected.replace("\r", "\n")
    assert opened.core_properties.title == " ".join(xml_safe(title).split())[:255]
