"""Plain text and Markdown reading."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from phongthu.ingest.model import Paragraph, Table
from phongthu.ingest.readers import read
from phongthu.ingest.readers.plain import parse_text


def _tables(blocks: list) -> list[Table]:
    return [b for b in blocks if isinstance(b, Table)]


def _texts(blocks: list) -> list[str]:
    return [b.text for b in blocks if isinstance(b, Paragraph)]


def test_one_paragraph_per_non_empty_line_in_nfc():
    # given a text typed with decomposed accents and blank lines
    raw = unicodedata.normalize("NFD", "Báo cáo tháng Mười\n\n\n  Phường   Hòa Bình  \n")
    # when
    result = read(raw.encode(), "ghi-chu.txt")
    # then
    assert result.format == "txt"
    assert result.encoding == "utf-8"
    assert _texts(result.blocks) == ["Báo cáo tháng Mười", "Phường Hòa Bình"]
    assert all(unicodedata.is_normalized("NFC", t) for t in _texts(result.blocks))


def test_consecutive_tab_rows_make_one_table_between_paragraphs():
    text = (
        "Bảng phân công\n"
        "STT\tViệc cần làm\tĐơn vị\tHạn\n"
        "1\tKiểm kê kho vật tư\tPhòng Hành chính\tQuý I\n"
        "2\tSửa mái nhà xe\tĐội bảo vệ\t\n"
        "Hết bảng\n"
    )
    blocks = parse_text(text, markdown=False)
    assert isinstance(blocks[0], Paragraph)
    assert isinstance(blocks[-1], Paragraph)
    (table,) = _tables(blocks)
    assert not table.layout
    assert [[c.text for c in row] for row in table.rows] == [
        ["STT", "Việc cần làm", "Đơn vị", "Hạn"],
        ["1", "Kiểm kê kho vật tư", "Phòng Hành chính", "Quý I"],
        ["2", "Sửa mái nhà xe", "Đội bảo vệ", ""],
    ]


def test_row_split_by_a_page_break_is_joined():
    text = (
        "TT\tNội dung\tChủ trì\n"
        "1\tLập danh sách thiết bị cứu hộ của\tPhòng Kỹ thuật\n"
        "\n"
        "\tcơ quan để báo cáo cấp trên.\t\n"
        "2\tDiễn tập thoát hiểm\tCông đoàn\n"
    )
    (table,) = _tables(parse_text(text, markdown=False))
    assert len(table.rows) == 3
    assert table.rows[1][1].text == (
        "Lập danh sách thiết bị cứu hộ của cơ quan để báo cáo cấp trên."
    )
    assert table.rows[1][2].text == "Phòng Kỹ thuật"


def test_blank_line_between_differently_shaped_rows_splits_tables():
    text = "a\tb\n\nc\td\te\n"
    assert len(_tables(parse_text(text, markdown=False))) == 2


def test_header_side_by_side_is_a_layout_table():
    text = (
        "ỦY BAN NHÂN DÂN HUYỆN AN LẠC\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "PHÒNG NÔNG NGHIỆP\tĐộc lập - Tự do - Hạnh phúc\n"
        "Số: 7/TB-PNN\tAn Lạc, ngày 2 tháng 5 năm 2025\n"
        "THÔNG BÁO\n"
        "TT\tViệc\tNgười làm\n"
        "1\tPhun thuốc\tTổ kỹ thuật\n"
    )
    blocks = parse_text(text, markdown=False)
    header, tasks = _tables(blocks)
    assert header.layout
    assert len(header.rows) == 3
    assert header.rows[0][1].text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert not tasks.layout


def test_recipients_beside_signature_is_a_layout_table():
    text = "Nơi nhận:\tTM. BAN CHỈ ĐẠO\n- Như trên;\tTRƯỞNG BAN\n- Lưu: VT.\tTrần Văn Mười\n"
    (table,) = _tables(parse_text(text, markdown=False))
    assert table.layout


def test_bold_marks_are_removed_and_whole_bold_lines_flagged():
    text = "**Điều 1.** Giao việc\n**Toàn dòng đậm**\n**Mở đầu\nkết thúc**\nthường\n"
    blocks = parse_text(text, markdown=False)
    assert [(b.text, b.bold) for b in blocks if isinstance(b, Paragraph)] == [
        ("Điều 1. Giao việc", False),
        ("Toàn dòng đậm", True),
        ("Mở đầu", True),
        ("kết thúc", True),
        ("thường", False),
    ]


def test_unpaired_bold_mark_does_not_spread():
    blocks = parse_text("**lẻ loi\ndòng sau\n\nđoạn khác\n", markdown=False)
    assert [(b.text, b.bold) for b in blocks if isinstance(b, Paragraph)] == [
        ("lẻ loi", False),
        ("dòng sau", False),
        ("đoạn khác", False),
    ]


def test_bold_cells():
    (table,) = _tables(parse_text("**STT**\t**Việc**\n1\tTrực ban\n", markdown=False))
    assert [c.bold for c in table.rows[0]] == [True, True]
    assert [c.bold for c in table.rows[1]] == [False, False]


def test_a_single_indented_line_is_prose_not_a_table():
    blocks = parse_text("\tĐoạn văn thụt đầu dòng.\n\tĐoạn thứ hai.\n", markdown=False)
    assert _texts(blocks) == ["Đoạn văn thụt đầu dòng.", "Đoạn thứ hai."]


def test_markdown_pipe_table_and_heading():
    text = (
        "# Kế hoạch trực Tết\n"
        "\n"
        "| Ngày | Người trực | Ghi chú |\n"
        "| --- | :---: | --- |\n"
        "| 30 | Anh Tư | trực \\| đêm |\n"
        "| 1 | Chị Năm | |\n"
    )
    result = read(text.encode(), "truc-tet.md")
    assert result.format == "md"
    heading = result.blocks[0]
    assert isinstance(heading, Paragraph)
    assert heading.text == "Kế hoạch trực Tết"
    assert heading.style == "Heading 1"
    (table,) = _tables(result.blocks)
    assert [[c.text for c in row] for row in table.rows] == [
        ["Ngày", "Người trực", "Ghi chú"],
        ["30", "Anh Tư", "trực | đêm"],
        ["1", "Chị Năm", ""],
    ]


def test_filename_only_tells_markdown_from_text():
    assert read(b"# x\n", "a.TXT").format == "txt"
    assert read(b"# x\n", "a.markdown").format == "md"
    assert read(b"# x\n", "no-extension").format == "txt"


def test_crlf_and_utf8_bom():
    result = read("\ufeffDòng một\r\nDòng hai\r\n".encode(), "a.txt")
    assert _texts(result.blocks) == ["Dòng một", "Dòng hai"]


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_never_crashes_on_arbitrary_text(text: str):
    for markdown in (False, True):
        blocks = parse_text(text, markdown=markdown)
        for block in blocks:
            if isinstance(block, Paragraph):
                assert block.text and block.text == block.text.strip()
                assert "**" not in block.text
            else:
                width = len(block.rows[0])
                assert all(len(row) == width for row in block.rows)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(["\t", "|", "**", "\n", "\r", " ", "a", "Số:", "---"]), max_size=40)
)
def test_never_crashes_on_markup_soup(parts: list[str]):
    text = "".join(parts)
    parse_text(text, markdown=True)
    if text.strip():
        read(text.encode(), "x.md")


@pytest.mark.corpus
def test_seed_plan_task_table(corpus):
    path = corpus / "seed" / "kh-ptds-2024-sokhcn-bacgiang.txt"
    result = read(path.read_bytes(), path.name)
    assert result.format == "txt"
    (table,) = _tables(result.blocks)
    assert not table.layout
    # header row, two group rows, five task rows: the page-broken row is one row
    assert len(table.rows) == 8
    assert all(len(row) == 5 for row in table.rows)
    assert table.rows[2][0].text == "1"
    assert table.rows[2][1].text.endswith("Luật Phòng thủ dân sự).")
    assert table.rows[2][2].text == "Thanh tra Sở"
    texts = _texts(result.blocks)
    assert "Nơi nhận:" in texts
    signature = [b for b in result.blocks if isinstance(b, Paragraph) and b.bold]
    assert [b.text for b in signature] == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]
