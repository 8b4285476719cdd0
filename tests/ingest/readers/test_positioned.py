"""Rebuilding paragraphs and side-by-side blocks from word positions alone."""

from __future__ import annotations

from phongthu.ingest.model import Paragraph, Table
from phongthu.ingest.readers.positioned import (
    Word,
    drop_page_furniture,
    freeze,
    group_rows,
    join_pages,
    layout_page,
)

PAGE_WIDTH = 595.0
PAGE_HEIGHT = 842.0
SIZE = 13.0


def _line(text: str, x0: float, top: float, *, bold: bool = False, conf=None) -> list[Word]:
    """Words of one line, about 6.5 pt per character with 4 pt spaces."""
    words: list[Word] = []
    x = x0
    for token in text.split():
        width = 6.5 * len(token)
        words.append(Word(token, x, x + width, top, top + SIZE, SIZE, bold=bold, conf=conf))
        x += width + 4.0
    return words


def _page(lines: list[list[Word]], *, page: int = 1, first: bool = True):
    rows = drop_page_furniture(group_rows([[w] for line in lines for w in line]), PAGE_HEIGHT)
    return layout_page(rows, page=page, page_width=PAGE_WIDTH, tables=[], top_of_document=first)


def test_header_columns_become_a_layout_table():
    lines = [
        _line("SỞ TÀI CHÍNH", 100, 60, bold=True) + _line("CỘNG HÒA XÃ HỘI", 330, 60, bold=True),
        _line("Độc lập - Tự do", 345, 76, bold=True),
        _line("Số: 9/TB-STC", 105, 100) + _line("Cần Thơ, ngày 1", 335, 100),
        _line("THÔNG BÁO", 260, 160, bold=True),
    ]
    blocks = freeze(_page(lines))
    header = blocks[0]
    assert isinstance(header, Table) and header.layout
    assert [[c.text for c in row] for row in header.rows] == [
        ["SỞ TÀI CHÍNH", "CỘNG HÒA XÃ HỘI"],
        ["", "Độc lập - Tự do"],
        ["Số: 9/TB-STC", "Cần Thơ, ngày 1"],
    ]
    assert header.rows[0][0].bold
    title = blocks[1]
    assert isinstance(title, Paragraph) and title.text == "THÔNG BÁO" and title.bold


RIGHT = 495.0


def _body_line(text: str, top: float, *, indent: bool = False, full: bool = False) -> list[Word]:
    """A body line from the left margin (or indented); `full` justifies it to RIGHT."""
    words = _line(text, 100 + (30 if indent else 0), top)
    if not full:
        return words
    slack = (RIGHT - words[-1].x1) / max(len(words) - 1, 1)
    return [
        Word(w.text, w.x0 + i * slack, w.x1 + i * slack, w.top, w.bottom, w.size)
        for i, w in enumerate(words)
    ]


FULL = "chữ " * 40


def test_lines_group_into_paragraphs_by_indent_and_short_last_line():
    lines = [
        _body_line("Mở " + FULL, 200, indent=True, full=True),
        _body_line(FULL, 216, full=True),
        _body_line("hết đoạn một.", 232),
        _body_line("Đoạn " + FULL, 248, indent=True, full=True),
        _body_line("hết đoạn hai.", 264),
        _body_line("- một gạch đầu dòng", 280),
    ]
    texts = [b.text for b in freeze(_page(lines, first=False)) if isinstance(b, Paragraph)]
    assert len(texts) == 3
    assert texts[0].startswith("Mở chữ") and texts[0].endswith("hết đoạn một.")
    assert texts[1].endswith("hết đoạn hai.")
    assert texts[2] == "- một gạch đầu dòng"


def test_page_numbers_in_the_margin_are_dropped():
    lines = [_line("2", 290, 20), _body_line("Nội dung trang hai", 200)]
    texts = [b.text for b in freeze(_page(lines, first=False)) if isinstance(b, Paragraph)]
    assert texts == ["Nội dung trang hai"]


def test_paragraph_cut_by_a_page_break_is_joined():
    page_one = _page(
        [_body_line("Câu " + FULL, 700, indent=True, full=True), _body_line(FULL, 716, full=True)]
    )
    page_two = _page([_body_line("còn tiếp ở trang sau.", 60)], page=2, first=False)
    blocks = freeze(join_pages([page_one, page_two]))
    assert len(blocks) == 1
    assert isinstance(blocks[0], Paragraph)
    assert blocks[0].page == 1
    assert blocks[0].text.endswith("còn tiếp ở trang sau.")


def test_low_confidence_words_are_listed_as_uncertain():
    lines = [_line("Số", 100, 300, conf=95.0) + _line("2l8Z", 125, 300, conf=31.0)]
    (paragraph,) = freeze(_page(lines, first=False))
    assert isinstance(paragraph, Paragraph)
    assert paragraph.text == "Số 2l8Z"
    assert paragraph.uncertain == ("2l8Z",)
    assert paragraph.confidence == 63.0


def test_signature_block_beside_recipients_anywhere_on_the_page():
    lines = [
        _body_line("Kết thúc nội dung.", 300),
        _line("Nơi nhận:", 90, 360) + _line("KT. CHÁNH VĂN PHÒNG", 360, 360, bold=True),
        _line("- Như trên;", 90, 374) + _line("PHÓ CHÁNH VĂN PHÒNG", 362, 377, bold=True),
        _line("- Lưu: VT.", 90, 388),
        _line("Đinh Thị Hoa", 385, 470, bold=True),
    ]
    blocks = freeze(_page(lines, first=False))
    signature = blocks[-1]
    assert isinstance(signature, Table) and signature.layout
    assert [[c.text for c in row] for row in signature.rows] == [
        ["Nơi nhận:", "KT. CHÁNH VĂN PHÒNG"],
        ["- Như trên;", "PHÓ CHÁNH VĂN PHÒNG"],
        ["- Lưu: VT.", ""],
        ["", "Đinh Thị Hoa"],
    ]
