"""Recipients, archive and signer, from the three shapes a closing comes in."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from phongthu.ingest.model import (
    Block,
    Cell,
    DocumentInfo,
    Paragraph,
    ReadResult,
    Recipient,
    Signer,
    Source,
    Table,
)
from phongthu.ingest.parse import parse
from phongthu.ingest.parse.closing import parse_recipients, parse_signer

HEAD: list[Block] = [
    Paragraph("Số: 9/BC-TTYT"),
    Paragraph("Mộc Châu, ngày 3 tháng 3 năm 2025"),
    Paragraph("BÁO CÁO"),
    Paragraph("Công tác y tế dự phòng tháng 2"),
    Paragraph("Trung tâm báo cáo kết quả công tác y tế dự phòng tháng 2 như sau./."),
]


def _doc(closing: list[Block]) -> DocumentInfo:
    source = Source(filename="mau.docx", format="docx", sha256="0" * 64)
    read = ReadResult(format="docx", blocks=[*HEAD, *closing])
    return parse(read, source, strict=True).document


def test_word_layout_table() -> None:
    closing = Table(
        rows=[
            [
                Cell(
                    "Nơi nhận:\n- Sở Y tế (b/c);\n- Ban Giám đốc;\n"
                    "- Các khoa, phòng (để thực hiện);\n- Lưu: VT, KHNV."
                ),
                Cell(""),
                Cell("KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\n\n\n\nLò Thị Hoa"),
            ]
        ],
        layout=True,
    )
    doc = _doc([closing])
    assert doc.recipients == [
        Recipient("Sở Y tế", "b/c"),
        Recipient("Ban Giám đốc"),
        Recipient("Các khoa, phòng", "để thực hiện"),
    ]
    assert doc.archive == ["VT", "KHNV"]
    assert doc.signer == Signer("Lò Thị Hoa", "Phó Giám đốc", "KT.", "Giám đốc")


def test_paragraphs_one_after_the_other() -> None:
    doc = _doc(
        [
            Paragraph("Nơi nhận:"),
            Paragraph("- Như trên;"),
            Paragraph("- Chủ tịch, các Phó Chủ tịch UBND huyện"),
            Paragraph("(để báo cáo);"),
            Paragraph("- Lưu: VT."),
            Paragraph("T/M. ỦY BAN NHÂN DÂN", bold=True),
            Paragraph("CHỦ TỊCH", bold=True),
            Paragraph("(Đã ký)"),
            Paragraph("Đại tá Hà Văn Khánh"),
        ]
    )
    assert doc.recipients == [
        Recipient("Như trên"),
        Recipient("Chủ tịch, các Phó Chủ tịch UBND huyện", "để báo cáo"),
    ]
    assert doc.archive == ["VT"]
    assert doc.signer == Signer("Hà Văn Khánh", "Chủ tịch", "TM.", "Ủy ban nhân dân")


def test_pdf_lines_where_both_columns_interleave() -> None:
    doc = _doc(
        [
            Paragraph("Nơi nhận: KT. GIÁM ĐỐC"),
            Paragraph("- Như trên;"),
            Paragraph("PHÓ GIÁM ĐỐC"),
            Paragraph("- Phòng Kế hoạch"),
            Paragraph("(phụ trách chuyên môn);"),
            Paragraph("- Lưu: VT, KH ."),
            Paragraph("(Lan)"),
            Paragraph("Vi Văn Tâm"),
        ]
    )
    assert [r.name for r in doc.recipients] == ["Như trên", "Phòng Kế hoạch (phụ trách chuyên môn)"]
    assert doc.archive == ["VT", "KH(Lan)"]
    assert doc.signer == Signer("Vi Văn Tâm", "Phó Giám đốc", "KT.", "Giám đốc")


def test_two_authority_lines_take_the_one_above_the_position() -> None:
    signer = parse_signer(["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Đinh Công Sứ"])
    assert signer == Signer("Đinh Công Sứ", "Phó Chủ tịch", "KT.", "Chủ tịch")


def test_no_authority_and_no_name() -> None:
    assert parse_signer(["GIÁM ĐỐC"]) == Signer(None, "Giám đốc", "", None)
    assert parse_signer([]) is None
    assert parse_signer(["- Như trên;"]) is None


@pytest.mark.parametrize(
    ("line", "name", "purpose"),
    [
        ("- Bộ Chỉ huy Quân sự tỉnh (b/c);", "Bộ Chỉ huy Quân sự tỉnh", "b/c"),
        ("- Phòng Nội vụ (để p/h);", "Phòng Nội vụ", "để p/h"),
        ("- UBND các xã (đ/b);", "UBND các xã", "đ/b"),
        ("- Thường trực HĐND huyện (Đ/c Tâm);", "Thường trực HĐND huyện (Đ/c Tâm)", None),
        ("- Văn phòng (để b/c đ/c Giám đốc);", "Văn phòng (để b/c đ/c Giám đốc)", None),
        ("- Các trường học.", "Các trường học", None),
    ],
)
def test_purpose_marks(line: str, name: str, purpose: str | None) -> None:
    recipients, _ = parse_recipients(["Nơi nhận:", line])
    assert recipients == [Recipient(name, purpose)]


def test_archive_without_colon_is_a_recipient() -> None:
    recipients, archive = parse_recipients(["- Như trên;", "- Lưu VT, P3."])
    assert [r.name for r in recipients] == ["Như trên", "Lưu VT, P3"]
    assert archive == []


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(
                [
                    "Nơi nhận:",
                    "- Như trên;",
                    "- Lưu: VT.",
                    "KT. GIÁM ĐỐC",
                    "PHÓ GIÁM ĐỐC",
                    "Trần Văn An",
                    "(b/c);",
                    "(",
                    "-",
                    "",
                ]
            ),
            st.text(max_size=30),
        ),
        max_size=15,
    )
)
def test_never_crashes(lines: list[str]) -> None:
    recipients, archive = parse_recipients(lines)
    assert all(r.name for r in recipients)
    assert all(a for a in archive)
    signer = parse_signer(lines)
    assert signer is None or signer.authority in ("", "TM.", "KT.", "TL.", "TUQ.", "Q.")


def test_signature_without_recipients_or_authority() -> None:
    doc = _doc([Paragraph("GIÁM ĐỐC", bold=True), Paragraph(""), Paragraph("Quàng Văn Hải")])
    assert doc.signer == Signer("Quàng Văn Hải", "Giám đốc", "", None)
    assert doc.recipients == []


def test_a_pdf_line_holding_a_recipient_and_the_position() -> None:
    doc = _doc(
        [
            Paragraph("Nơi nhận: KT. TRƯỞNG BAN"),
            Paragraph("- Như trên; PHÓ TRƯỞNG BAN"),
            Paragraph("- Lưu: VT."),
            Paragraph("Mùa A Sử"),
        ]
    )
    assert [r.name for r in doc.recipients] == ["Như trên"]
    assert doc.signer == Signer("Mùa A Sử", "Phó Trưởng ban", "KT.", "Trưởng ban")
