"""The header: type, number and symbol, issuer, place and date, trích yếu.

Each shape a reader may give the header in is covered: a Word layout table, tab rows
of a text export, plain lines, and the merged lines of a PDF text layer.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from phongthu.ingest.model import Block, Cell, Extraction, Paragraph, ReadResult, Source, Table
from phongthu.ingest.parse import parse
from phongthu.ingest.parse.header import split_issuer, split_reference
from phongthu.ingest.parse.patterns import so_reference
from phongthu.ingest.readers.plain import parse_text


def _parse(blocks: list[Block]) -> Extraction:
    source = Source(filename="mau.txt", format="txt", sha256="0" * 64)
    return parse(ReadResult(format="txt", blocks=blocks), source, strict=True)


def _text(text: str) -> Extraction:
    return _parse(parse_text(text, markdown=False))


def _layout(*rows: tuple[str, str]) -> Table:
    return Table(rows=[[Cell(left), Cell(right)] for left, right in rows], layout=True)


BODY = [
    Paragraph("Căn cứ tình hình thực tế của đơn vị, Trung tâm ban hành kế hoạch như sau:"),
    Paragraph("I. MỤC ĐÍCH"),
    Paragraph("Bảo đảm an toàn cho người lao động."),
]


def test_word_layout_table_header() -> None:
    # given: the two header columns as Word lays them out
    header = _layout(
        (
            "SỞ Y TẾ TỈNH CAO BẰNG\nTRUNG TÂM Y TẾ HUYỆN NAM SƠN",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc",
        ),
        ("Số: 215/KH-TTYT", "Nam Sơn, ngày 18 tháng 9 năm 2025"),
    )
    # when
    doc = _parse(
        [
            header,
            Paragraph("KẾ HOẠCH", bold=True),
            Paragraph("Phòng, chống dịch sốt xuất huyết năm 2025", bold=True),
            *BODY,
        ]
    ).document
    # then
    assert doc.type == "Kế hoạch" and doc.type_code == "KH"
    assert (doc.reference, doc.number, doc.symbol) == ("215/KH-TTYT", "215", "KH-TTYT")
    assert doc.issuer_parent == "SỞ Y TẾ TỈNH CAO BẰNG"
    assert doc.issuer == "TRUNG TÂM Y TẾ HUYỆN NAM SƠN"
    assert doc.place == "Nam Sơn"
    assert doc.date.iso == "2025-09-18"
    assert doc.title == "Phòng, chống dịch sốt xuất huyết năm 2025"


def test_issuer_broken_over_two_lines_is_one_body() -> None:
    assert split_issuer(["ỦY BAN NHÂN DÂN", "XÃ TÂN LẬP"]) == (None, "ỦY BAN NHÂN DÂN XÃ TÂN LẬP")
    assert split_issuer(["BỘ QUỐC PHÒNG", "BỘ CHỈ HUY QUÂN SỰ", "TỈNH ĐIỆN BIÊN"]) == (
        "BỘ QUỐC PHÒNG",
        "BỘ CHỈ HUY QUÂN SỰ TỈNH ĐIỆN BIÊN",
    )
    assert split_issuer([]) == (None, None)


def test_tab_rows_of_a_text_export() -> None:
    doc = _text(
        "UBND HUYỆN BẢO LÂM\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "PHÒNG TÀI CHÍNH - KẾ HOẠCH\tĐộc lập - Tự do - Hạnh phúc\n"
        "Số:    /BC-TCKH\tBảo Lâm, ngày    tháng 11 năm 2025\n"
        "\nBÁO CÁO\nKết quả thu ngân sách mười tháng đầu năm\n"
        "Thực hiện chỉ đạo của Ủy ban nhân dân huyện, phòng báo cáo như sau:\n"
    ).document
    assert doc.type == "Báo cáo"
    assert (doc.reference, doc.number, doc.symbol) == ("/BC-TCKH", None, "BC-TCKH")
    assert doc.issuer == "PHÒNG TÀI CHÍNH - KẾ HOẠCH"
    assert doc.issuer_parent == "UBND HUYỆN BẢO LÂM"
    assert (doc.date.year, doc.date.month, doc.date.day) == (2025, 11, None)
    assert doc.title == "Kết quả thu ngân sách mười tháng đầu năm"


def test_merged_pdf_lines() -> None:
    # A PDF text layer prints both columns on one line.
    blocks: list[Block] = [
        Paragraph("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        Paragraph("XÃ MƯỜNG KHƯƠNG Độc lập - Tự do - Hạnh phúc"),
        Paragraph("Số: 88/UBND-VP Mường Khương, ngày 02 tháng 6 năm 2025"),
        Paragraph("V/v chuẩn bị phương án phòng, chống"),
        Paragraph("lũ quét, sạt lở đất mùa mưa năm 2025"),
        Paragraph("Kính gửi:"),
        Paragraph("- Các thôn, bản;"),
        Paragraph("- Công an xã."),
        Paragraph(
            "Để chủ động ứng phó với mưa lớn, Ủy ban nhân dân xã đề nghị các thôn rà soát "
            "các điểm có nguy cơ sạt lở trên địa bàn và báo cáo kết quả trước ngày 15/6."
        ),
    ]
    doc = _parse(blocks).document
    assert doc.type == "Công văn" and doc.type_code == "CV"
    assert doc.reference == "88/UBND-VP"
    assert doc.issuer == "ỦY BAN NHÂN DÂN XÃ MƯỜNG KHƯƠNG"
    assert doc.place == "Mường Khương"
    assert doc.date.iso == "2025-06-02"
    assert doc.title == "V/v chuẩn bị phương án phòng, chống lũ quét, sạt lở đất mùa mưa năm 2025"


def test_cong_van_with_vv_in_the_header_table() -> None:
    header = Table(
        rows=[
            [Cell("SỞ GIÁO DỤC VÀ ĐÀO TẠO"), Cell("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")],
            [Cell("Số: 1502/SGDĐT-VP"), Cell("Lai Châu, ngày 11 tháng 10 năm 2025")],
            [Cell("V/v tổ chức diễn tập phòng cháy\ntrong trường học", col_span=2)],
        ],
        layout=True,
    )
    doc = _parse([header, Paragraph("Kính gửi: Các trường trung học phổ thông"), *BODY]).document
    assert doc.type == "Công văn"
    assert doc.title == "V/v tổ chức diễn tập phòng cháy trong trường học"
    assert doc.issuer == "SỞ GIÁO DỤC VÀ ĐÀO TẠO" and doc.issuer_parent is None


def test_title_stops_at_the_body_even_when_both_open_alike() -> None:
    doc = _text(
        "Số: 4/KH-BCH\nĐiện Biên, ngày 9 tháng 1 năm 2026\nKẾ HOẠCH\n"
        "Thực hiện nhiệm vụ quân sự, quốc phòng năm 2026\n"
        "Thực hiện Chỉ thị số 3/CT-UBND ngày 05/01/2026 của Ủy ban nhân dân tỉnh, "
        "Ban Chỉ huy xây dựng kế hoạch như sau:\nI. MỤC ĐÍCH\n"
    ).document
    assert doc.title == "Thực hiện nhiệm vụ quân sự, quốc phòng năm 2026"


def test_decision_title_ends_before_the_issuing_authority() -> None:
    doc = _text(
        "Số: 33/QĐ-UBND\nSơn La, ngày 4 tháng 4 năm 2025\nQUYẾT ĐỊNH\n"
        "Về việc thành lập Tổ công tác phòng, chống thiên tai\n"
        "của xã Chiềng Mung\n"
        "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ CHIỀNG MUNG\n"
        "Căn cứ Luật Phòng, chống thiên tai ngày 19 tháng 6 năm 2013;\n"
        "QUYẾT ĐỊNH:\nĐiều 1. Thành lập Tổ công tác.\n"
    ).document
    assert doc.type == "Quyết định" and doc.type_code == "QĐ"
    assert doc.title == "Về việc thành lập Tổ công tác phòng, chống thiên tai của xã Chiềng Mung"


def test_type_from_the_symbol_when_no_heading_is_printed() -> None:
    doc = _text(
        "SỞ TƯ PHÁP\nSố: 12/TB-STP\nYên Bái, ngày 3 tháng 3 năm 2025\n"
        "Sở Tư pháp thông báo lịch tiếp công dân tháng 3 năm 2025 như sau:\n"
    ).document
    assert doc.type == "Thông báo" and doc.type_code == "TB"


def test_issuer_inferred_from_the_symbol_and_the_body() -> None:
    result = _text(
        "Số:   /KH-GTVT\nTuyên Quang, ngày   tháng 5 năm 2025\nKẾ HOẠCH\n"
        "Bảo đảm an toàn giao thông dịp nghỉ lễ\n"
        "Căn cứ tình hình thực tế, Sở Giao thông vận tải xây dựng kế hoạch như sau:\n"
        "I. MỤC ĐÍCH\n"
    )
    assert result.document.issuer == "Sở Giao thông vận tải"
    assert result.inferred == ["document.issuer"]
    assert any("suy ra" in w for w in result.warnings)


def test_draft_warnings() -> None:
    result = _text("Số:    /KH-SXD\nHòa Bình, ngày    tháng 7 năm 2025\nKẾ HOẠCH\nKiểm tra\n")
    assert any(w.startswith("Văn bản chưa có số") for w in result.warnings)
    assert any(w.startswith("Văn bản chưa ghi ngày ban hành") for w in result.warnings)


@pytest.mark.parametrize(
    ("line", "reference"),
    [
        ("Số: 42/KH-UBND", "42/KH-UBND"),
        ("Số:      /KH-SCT", "/KH-SCT"),
        ("Số     /TTr- CAT-PC02", "/TTr-CAT-PC02"),
        ("Số: 05-NQ/TU", "05-NQ/TU"),
        ("Số: 7 /2025/QĐ-UBND", "7/2025/QĐ-UBND"),
        ("Số: /UBND-KT Lạng Sơn, ngày 1 tháng 2 năm 2025", "/UBND-KT"),
    ],
)
def test_so_line(line: str, reference: str) -> None:
    found = so_reference(line)
    assert found is not None and found[0] == reference


@pytest.mark.parametrize("line", ["Số lượng đơn vị tham gia", "Số 12 phố Huế", "Số liệu: 12"])
def test_lines_that_only_start_like_so(line: str) -> None:
    assert so_reference(line) is None


def test_split_reference() -> None:
    assert split_reference("42/KH-UBND") == ("42", "KH-UBND")
    assert split_reference("/KH-KHCN") == (None, "KH-KHCN")
    assert split_reference("22-NQ/TW") == ("22", "NQ/TW")
    assert split_reference("12/2025/QĐ-UBND") == ("12", "2025/QĐ-UBND")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=120))
def test_header_recognisers_never_crash(text: str) -> None:
    so_reference(text)
    split_issuer(text.split("\n"))
    _parse([Paragraph(text), Paragraph("KẾ HOẠCH"), Paragraph(text)])


def test_heading_and_title_in_one_paragraph() -> None:
    doc = _parse(
        [
            Paragraph("Số: 3/KH-UBND"),
            Paragraph("Mai Sơn, ngày 1 tháng 2 năm 2025"),
            Paragraph("KẾ HOẠCH\nTổ chức Ngày hội\nđại đoàn kết", bold=True),
            Paragraph("toàn dân tộc năm 2025", bold=True),
            *BODY,
        ]
    ).document
    assert doc.type == "Kế hoạch"
    assert doc.title == "Tổ chức Ngày hội đại đoàn kết toàn dân tộc năm 2025"


def test_unreadable_number_and_day_of_a_scan() -> None:
    result = _text(
        "BỘ Y TẾ\nCỤC QUẢN LÝ DƯỢC\nSố: 4§ÿ /QLD-CL\nHà Nội, ngày B0 tháng 06 năm 2025\n"
        "V/v thu hồi thuốc\nKính gửi: Các Sở Y tế\n"
    )
    doc = result.document
    assert (doc.reference, doc.number, doc.symbol) == (None, None, "QLD-CL")
    assert (doc.date.year, doc.date.month, doc.date.day) == (2025, 6, None)
    assert any("Không đọc được số" in w for w in result.warnings)
    assert any("Không đọc được ngày" in w for w in result.warnings)
    assert not any(w.startswith("Văn bản chưa có số") for w in result.warnings)


def test_plain_text_title_line_that_opens_with_a_capital() -> None:
    doc = _text(
        "Số: 8/KH-BCH\nYên Bái, ngày 2 tháng 2 năm 2025\nKẾ HOẠCH\n"
        "Diễn tập khu vực phòng thủ\nTỉnh Yên Bái năm 2025\n"
        "Căn cứ Nghị quyết số 3/NQ-TU ngày 1/1/2025 của Tỉnh ủy, Bộ Chỉ huy xây dựng kế hoạch.\n"
    ).document
    assert doc.title == "Diễn tập khu vực phòng thủ Tỉnh Yên Bái năm 2025"


def test_type_from_the_symbol_is_listed_as_inferred() -> None:
    result = _text("SỞ TƯ PHÁP\nSố: 12/TB-STP\nYên Bái, ngày 3 tháng 3 năm 2025\nNội dung.\n")
    assert "document.type" in result.inferred
