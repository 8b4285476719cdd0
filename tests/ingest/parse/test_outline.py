"""The outline: the levels a document uses, from the top, each label in sequence."""

from __future__ import annotations

from phongthu.ingest.model import Block, Cell, Paragraph, ReadResult, Section, Source, Table
from phongthu.ingest.parse import parse
from phongthu.ingest.parse.outline import classify

HEAD: list[Block] = [
    Paragraph("Số: 5/KH-UBND"),
    Paragraph("Lục Yên, ngày 2 tháng 1 năm 2025"),
    Paragraph("KẾ HOẠCH"),
    Paragraph("Phòng, chống cháy rừng mùa khô"),
]
CLOSING: list[Block] = [
    Paragraph("Nơi nhận:"),
    Paragraph("- Lưu: VT."),
    Paragraph("CHỦ TỊCH"),
    Paragraph("Phạm Thị Mai"),
]


def _sections(body: list[str | Block], *, appendix: list[Block] | None = None) -> list[Section]:
    blocks = [Paragraph(b) if isinstance(b, str) else b for b in body]
    source = Source(filename="mau.txt", format="txt", sha256="0" * 64)
    read = ReadResult(format="txt", blocks=[*HEAD, *blocks, *CLOSING, *(appendix or [])])
    return parse(read, source, strict=True).sections


def _shape(sections: list[Section]) -> list[tuple[str, list[str]]]:
    return [(s.label, [c.label for c in s.children]) for s in sections]


def test_roman_sections_with_numbered_children() -> None:
    sections = _sections(
        [
            "Căn cứ tình hình thực tế, UBND huyện ban hành kế hoạch.",
            "I. MỤC ĐÍCH, YÊU CẦU",
            "1. Mục đích",
            "Chủ động phòng ngừa.",
            "2. Yêu cầu",
            "a) Huy động lực lượng tại chỗ.",
            "b) Bảo đảm an toàn.",
            "II. NỘI DUNG",
            Table(rows=[[Cell("I"), Cell("Tuyên truyền")], [Cell("1"), Cell("In tờ rơi")]]),
            "III. TỔ CHỨC THỰC HIỆN",
            "Các xã tổ chức thực hiện./.",
        ]
    )
    assert _shape(sections) == [("I", ["1", "2"]), ("II", []), ("III", [])]
    assert sections[0].title == "MỤC ĐÍCH, YÊU CẦU"
    assert [c.label for c in sections[0].children[1].children] == ["a", "b"]


def test_numbered_top_level_without_roman() -> None:
    sections = _sections(
        [
            "Ủy ban nhân dân huyện báo cáo như sau:",
            "1. Kết quả thực hiện: đã trồng 40 ha rừng.",
            "a) Rừng phòng hộ",
            "b) Rừng sản xuất",
            "2. Khó khăn, vướng mắc",
            "3. Kiến nghị",
        ]
    )
    assert _shape(sections) == [("1", ["a", "b"]), ("2", []), ("3", [])]
    assert sections[0].title.startswith("Kết quả thực hiện")


def test_articles_of_a_decision() -> None:
    sections = _sections(
        [
            "Căn cứ Luật Lâm nghiệp ngày 15 tháng 11 năm 2017;",
            "QUYẾT ĐỊNH:",
            "Điều 1. Thành lập Ban Chỉ đạo.",
            "1. Trưởng ban: Chủ tịch UBND huyện.",
            "2. Phó Trưởng ban: Hạt trưởng Hạt Kiểm lâm.",
            "Điều 2. Nhiệm vụ của Ban Chỉ đạo:",
            "1. Chỉ đạo các xã.",
            "Điều 3. Quyết định này có hiệu lực kể từ ngày ký.",
        ]
    )
    assert _shape(sections) == [("Điều 1", ["1", "2"]), ("Điều 2", ["1"]), ("Điều 3", [])]
    assert sections[1].title == "Nhiệm vụ của Ban Chỉ đạo"


def test_numbers_out_of_sequence_are_text_not_headings() -> None:
    sections = _sections(
        [
            "I. TÌNH HÌNH",
            "1. Thuận lợi",
            "Năm 2024 có:",
            "3. nội dung lạc số",
            "2. Khó khăn",
            "II. NHIỆM VỤ",
            "V. Một dòng lạc",
        ]
    )
    assert _shape(sections) == [("I", ["1", "2"]), ("II", [])]


def test_appendix_headings_are_not_the_body_outline() -> None:
    sections = _sections(
        ["I. MỤC TIÊU", "II. TỔ CHỨC THỰC HIỆN"],
        appendix=[
            Paragraph("PHỤ LỤC"),
            Paragraph("I. DANH MỤC"),
            Paragraph("II. BIỂU MẪU"),
            Paragraph("III. HƯỚNG DẪN"),
        ],
    )
    assert [s.label for s in sections] == ["I", "II"]


def test_word_numbering_outside_the_text() -> None:
    sections = _sections(
        [
            Paragraph("MỤC TIÊU", numbering="I."),
            Paragraph("Giảm diện tích rừng bị cháy.", numbering="1."),
            Paragraph("GIẢI PHÁP", numbering="II."),
        ]
    )
    assert _shape(sections) == [("I", ["1"]), ("II", [])]


def test_classify() -> None:
    assert classify("IV. KINH PHÍ") is not None
    assert classify("V/v phối hợp") is None
    assert classify("Điều 12. Hiệu lực") is not None
    assert classify("2024 là năm") is None
    assert classify("đ) Nội dung khác") is not None
    assert classify("Phần II. NHIỆM VỤ") is not None


def test_capital_letters_over_roman_sections() -> None:
    sections = _sections(
        [
            "A. KẾT QUẢ NĂM 2024",
            "I. Công tác chỉ đạo",
            "II. Công tác kiểm tra",
            "B. NHIỆM VỤ NĂM 2025",
            "I. Nhiệm vụ trọng tâm",
        ]
    )
    assert _shape(sections) == [("A", ["I", "II"]), ("B", ["I"])]


def test_parts_named_in_words() -> None:
    sections = _sections(["Phần thứ nhất. TÌNH HÌNH", "Phần thứ hai. GIẢI PHÁP"])
    assert [s.label for s in sections] == ["Phần thứ nhất", "Phần thứ hai"]
