"""Scanned tables: cells from the page pass, row numbers read again, scans taken out whole.

The table images are drawn here with Pillow and the Liberation fonts, in our own
words: a task table whose numbering column is as wide as the others (as python-docx
makes it), with lone figures and Roman numerals, the glyphs page layout loses.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageDraw, ImageFont

from phongthu.ingest.model import Table
from phongthu.ingest.readers import read
from phongthu.ingest.readers.ocr import _scanned_image
from phongthu.ingest.readers.ocr_tables import _number_column, _rejoined, as_numeral
from phongthu.ingest.readers.positioned import Word
from phongthu.ingest.readers.tesseract import recognise_files, write_image
from tests.ingest.conftest import require

_SERIF = Path("/usr/share/fonts/truetype/liberation2")
_DPI = 300


def _word(text: str, x0: float, x1: float, top: float = 100.0, conf: float = 95.0) -> Word:
    return Word(text, x0, x1, top, top + 11.0, 9.0, conf=conf)


# --- the numbering column ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("read_as", "number"),
    [
        ("3", "3"),
        ("12.", "12."),
        ("1.2", "1.2"),
        ("II.", "II."),
        ("IV", "IV"),
        # letters the English model reads for figures and Roman numerals
        ("Ill", "III"),
        ("l.", "I."),
        ("1l", "11"),
        ("2O", "20"),
    ],
)
def test_a_number_column_reading_is_taken_as_the_numeral_it_looks_like(
    read_as: str, number: str
) -> None:
    assert as_numeral(read_as) == number


@pytest.mark.parametrize(
    "read_as", ["K)", "IL.", "L.", "H", "IH", "TT", "a)", "", "Nội", "IIII", "VX", "C"]
)
def test_what_is_no_numeral_is_not_made_one(read_as: str) -> None:
    assert as_numeral(read_as) is None


def test_the_numbering_column_is_found_by_width_heading_or_content() -> None:
    def table(first_width: float) -> list[tuple[float, float, float, float]]:
        rows = [(100.0 + 20 * i, 120.0 + 20 * i) for i in range(4)]
        return [
            box
            for top, bottom in rows
            for box in (
                (50.0, top, 50.0 + first_width, bottom),
                (50.0 + first_width, top, 500.0, bottom),
            )
        ]

    narrow = table(30.0)
    assert _number_column(narrow, []) == (50.0, 80.0)
    wide = table(90.0)
    assert _number_column(wide, []) is None  # nothing says it holds numbers
    heading = [_word("STT", 60.0, 80.0, top=103.0)]
    assert _number_column(wide, heading) == (50.0, 140.0)
    numbers = [_word(str(i), 60.0, 66.0, top=103.0 + 20 * i) for i in range(1, 4)]
    assert _number_column(wide, numbers) == (50.0, 140.0)
    labels = [_word("Ghi chú", 60.0, 90.0, top=103.0 + 20 * i) for i in range(1, 4)]
    assert _number_column(wide, labels) is None


def test_a_word_page_layout_cut_at_a_column_edge_is_made_whole() -> None:
    # "gi" ends one line and "áo" starts another, touching; "dục" is a word apart.
    first = [_word("truyền,", 200.0, 236.0), _word("gi", 240.0, 251.0)]
    second = [_word("áo", 251.7, 265.0), _word("dục", 269.8, 290.0)]
    assert [w.text for w in _rejoined([first, second])] == ["truyền,", "giáo", "dục"]
    # a real space between the end of one line and the start of the next stays
    apart = [_word("Thanh", 100.0, 128.0), _word("tra", 133.0, 147.0)]
    assert [w.text for w in _rejoined([apart[:1], apart[1:]])] == ["Thanh", "tra"]
    # and so do two lines that are not on the same baseline
    lower = [_word("áo", 251.2, 265.0, top=113.0)]
    assert [w.text for w in _rejoined([first, lower])] == ["truyền,", "gi", "áo"]


def _font(size_pt: float, bold: bool = False) -> ImageFont.FreeTypeFont:
    name = "LiberationSerif-Bold.ttf" if bold else "LiberationSerif-Regular.ttf"
    return ImageFont.truetype(str(_SERIF / name), round(size_pt * _DPI / 72))


def _task_table_scan() -> bytes:
    """A scanned page of a task table with five equal columns."""
    image = Image.new("L", (2480, 1400), 255)
    draw = ImageDraw.Draw(image)
    xs = [150 + 440 * i for i in range(6)]
    rows: list[list[str] | str] = [
        ["TT", "Nội dung", "Chủ trì", "Phối hợp", "Thời gian"],
        "I. Chuẩn bị lực lượng",
        ["1", "Kiểm tra kho vật tư", "Văn phòng Sở", "Thanh tra Sở", "Quý II/2025"],
        ["2", "Diễn tập sơ tán", "Công đoàn Sở", "Văn phòng Sở", "Tháng 6/2025"],
        ["3", "Cập nhật danh bạ", "Thanh tra Sở", "Văn phòng Sở", "Thường xuyên"],
        "II. Tuyên truyền pháp luật",
        ["1", "Phổ biến kế hoạch", "Văn phòng Sở", "Công đoàn Sở", "Năm 2025"],
    ]
    regular, bold = _font(13), _font(13, bold=True)
    for index, row in enumerate(rows):
        top = 150 + 110 * index
        bottom = top + 110
        draw.line((xs[0], top, xs[-1], top), fill=0, width=3)
        draw.line((xs[0], bottom, xs[-1], bottom), fill=0, width=3)
        if isinstance(row, str):  # a group row, merged across the table
            draw.text((xs[0] + 20, top + 25), row, font=bold, fill=0)
            for x in (xs[0], xs[-1]):
                draw.line((x, top, x, bottom), fill=0, width=3)
            continue
        for x in xs:
            draw.line((x, top, x, bottom), fill=0, width=3)
        for x, text in zip(xs, row, strict=False):
            draw.text((x + 20, top + 25), text, font=bold if index == 0 else regular, fill=0)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", dpi=(_DPI, _DPI))
    return buffer.getvalue()


@pytest.mark.ocr
def test_lone_row_numbers_and_group_numerals_are_read() -> None:
    require(shutil.which("tesseract") is not None, "tesseract is not installed")
    require(_SERIF.is_dir(), "the Liberation 2 fonts are absent")
    result = read(_task_table_scan(), "bang-nhiem-vu.png")
    tables = [b for b in result.blocks if isinstance(b, Table) and not b.layout]
    assert len(tables) == 1
    first = [row[0].text for row in tables[0].rows]
    assert first == [
        "TT",
        "I. Chuẩn bị lực lượng",
        "1",
        "2",
        "3",
        "II. Tuyên truyền pháp luật",
        "1",
    ]
    assert tables[0].rows[2][2].text == "Văn phòng Sở"


# --- a scanned page's own image --------------------------------------------------------------


def _image_pdf(dpi: float, size: tuple[int, int] = (1240, 1754), mode: str = "L") -> bytes:
    image = Image.new(mode, size, 255 if mode == "L" else 1)
    ImageDraw.Draw(image).rectangle((100, 100, 600, 140), fill=0)
    buffer = io.BytesIO()
    image.save(buffer, format="PDF", resolution=dpi)
    return buffer.getvalue()


def test_a_scanned_page_gives_its_own_image() -> None:
    pdf = pdfium.PdfDocument(_image_pdf(150.0, (1240, 1754)))  # A4 at 150 dpi
    try:
        assert _scanned_image(pdf[0]) is None  # too coarse: rendered at 300 dpi instead
    finally:
        pdf.close()
    pdf = pdfium.PdfDocument(_image_pdf(300.0, (2480, 3508)))
    try:
        own = _scanned_image(pdf[0])
        assert own is not None
        image, dpi = own
        assert (image.mode, image.size, round(dpi)) == ("L", (2480, 3508), 300)
        assert image.getpixel((300, 120)) < 60 and image.getpixel((300, 300)) > 200
        page = pdf[0]
        page.set_rotation(90)
        assert _scanned_image(page) is None  # turned: rendering puts it upright
    finally:
        pdf.close()
    # a bilevel scan's samples may mean black by 1: rendering reads its dictionary
    pdf = pdfium.PdfDocument(_image_pdf(300.0, (2480, 3508), mode="1"))
    try:
        assert _scanned_image(pdf[0]) is None
    finally:
        pdf.close()


@pytest.mark.ocr
def test_a_page_tesseract_cannot_read_loses_only_itself(tmp_path: Path) -> None:
    require(shutil.which("tesseract") is not None, "tesseract is not installed")
    require(_SERIF.is_dir(), "the Liberation 2 fonts are absent")
    page = Image.new("L", (1600, 400), 255)
    ImageDraw.Draw(page).text((100, 150), "Kiểm tra phòng cháy", font=_font(14), fill=0)
    good = tmp_path / "trang.tif"
    write_image(page, good)
    bad = tmp_path / "hong.tif"
    bad.write_bytes(b"II*\x00 not an image")
    read = recognise_files([good, bad, good], dpi=_DPI, pages=[1, 2, 3])
    texts = [" ".join(w.text for line in lines for w in line) for lines, _warnings in read]
    assert texts[0] == texts[2] == "Kiểm tra phòng cháy"
    assert texts[1] == "" and read[1][1] and "Trang 2" in read[1][1][0]
    assert read[0][1] == read[2][1] == []
