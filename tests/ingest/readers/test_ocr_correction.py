"""OCR of real scans: seals dropped, handwritten figures re-read, lost marks and codes mended.

The images are drawn here with Pillow and the Liberation fonts: a made-up department's
plan with a number and a day written in by hand (an oblique font, each figure turned a
little, in blue ink) and a red seal stamped over the signer's position. Only our own
words, never text from the shared corpus.
"""

from __future__ import annotations

import io
import math
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageChops, ImageDraw, ImageFont

from phongthu.ingest.model import Cell, DocumentInfo, Paragraph, ReadResult, Source, Table
from phongthu.ingest.parse import parse
from phongthu.ingest.pipeline import extract
from phongthu.ingest.readers.ocr_correct import (
    SURE,
    CodeBook,
    correct_line,
    correct_words,
    lexicon,
    restore_acronym,
    split_syllables,
)
from phongthu.ingest.readers.ocr_fields import agreed, find_fields
from phongthu.ingest.readers.positioned import Word
from phongthu.ingest.readers.scan_image import deslant, ink_box, page_gray
from phongthu.text import fold
from phongthu.text.lexicon import ADMIN_PHRASES
from tests.ingest.conftest import require

_SERIF = Path("/usr/share/fonts/truetype/liberation2")
_HAND = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Oblique.ttf")
_DPI = 300
_BLUE = (20, 40, 160)
_RED = (205, 40, 45)


def _line(*spec: tuple[str, float]) -> list[Word]:
    """OCR words on one line: (text, confidence), left to right."""
    words, x = [], 0.0
    for text, conf in spec:
        words.append(Word(text, x, x + 8.0 * len(text), 0.0, 10.0, 8.0, conf=conf))
        x += 8.0 * len(text) + 4.0
    return words


def _text(words: list[Word]) -> str:
    return " ".join(w.text for w in words)


# --- marks -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        # capitals whose marks a rule or a stamp took
        ([("SỞ", 95), ("KHOA", 94), ("HOC", 70), ("VÀ", 96), ("CÔNG", 93), ("NGHÊ", 85)],
         "SỞ KHOA HỌC VÀ CÔNG NGHỆ"),
        ([("PHO", 92), ("GIAM", 90), ("ĐÔC", 88)], "PHÓ GIÁM ĐỐC"),
        ([("BAN", 95), ("CHỈ", 95), ("HUY", 93), ("QUÂN", 94), ("SƯ", 80)],
         "BAN CHỈ HUY QUÂN SỰ"),
        # a real word with the wrong marks, where the phrase leaves no doubt
        ([("-", 93), ("Thanh", 96), ("tra", 96), ("Sở", 95), ("(đề", 81), ("b/c);", 90)],
         "- Thanh tra Sở (để b/c);"),
        ([("-", 93), ("Văn", 96), ("phòng", 96), ("(đê", 70), ("thực", 95), ("hiện);", 90)],
         "- Văn phòng (để thực hiện);"),
        # a word tesseract doubted, alone: the commonest reading of its letters
        ([("Báo", 96), ("cáo", 96), ("vẻ", 42), ("kết", 95), ("quả", 95)],
         "Báo cáo về kết quả"),
    ],
)  # fmt: skip
def test_lost_marks_come_back_from_the_phrase_they_belong_to(
    read: list[tuple[str, float]], meant: str
) -> None:
    assert _text(correct_line(_line(*read))) == meant


def test_a_purpose_mark_gets_back_the_slash_ocr_lost() -> None:
    line = _line(("-", 93), ("Các", 96), ("phòng", 96), ("(để", 92), ("t/h/ph);", 75))
    assert _text(correct_line(line)) == "- Các phòng (để t/h/p/h);"
    # a mark in capitals, or one that is already whole, is left as it is
    for text in ("TP/HCM", "p/h/t/h);", "b/c"):
        assert _text(correct_line(_line((text, 70)))) == text


@pytest.mark.parametrize(
    "read",
    [
        # names and words the lexicon does not hold, however unsure tesseract was
        [("Trần", 95), ("Văn", 95), ("Cuờng", 45)],
        [("Ông", 95), ("Trương", 97), ("Văn", 95), ("Nam", 96)],
        # a real word read surely keeps its marks, even where a phrase fits
        [("vấn", 95), ("đề", 95), ("báo", 97), ("cáo", 97)],
        # abbreviations without a mark read, and figures among letters
        [("Lưu:", 95), ("VI,", 41), ("KHTC.", 60)],
        [("Số:", 95), ("23§ÿ", 30), ("/KH-UBND", 92)],
    ],
)
def test_what_is_not_clearly_a_misreading_is_left_alone(read: list[tuple[str, float]]) -> None:
    line = _line(*read)
    assert correct_line(line) == line


_PHRASES = st.sampled_from(ADMIN_PHRASES)
_CASES = st.sampled_from(["lower", "upper", "title"])


def _cased(phrase: str, case: str) -> str:
    if case == "upper":
        return phrase.upper()
    if case == "title":
        return phrase[:1].upper() + phrase[1:]
    return phrase


@given(
    phrases=st.lists(st.tuples(_PHRASES, _CASES, st.sampled_from(["", ",", ";", "."])), max_size=6),
    confidence=st.floats(min_value=0.0, max_value=100.0),
)
@settings(max_examples=300, deadline=None)
def test_text_made_of_lexicon_phrases_is_never_changed(
    phrases: list[tuple[str, str, str]], confidence: float
) -> None:
    words = [w for phrase, case, mark in phrases for w in (_cased(phrase, case) + mark).split()]
    line = _line(*((w, confidence) for w in words))
    assert correct_line(line) == line


@given(words=st.lists(st.sampled_from(sorted(lexicon().words)), max_size=12))
@settings(max_examples=300, deadline=None)
def test_words_of_the_lexicon_read_surely_keep_their_marks(words: list[str]) -> None:
    line = _line(*((w, SURE) for w in words))
    assert correct_line(line) == line


# --- lost spaces and acronyms ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        # spaces tesseract lost on a line that runs across a table's cells
        ([("Thanh", 96), ("traSở", 91)], "Thanh tra Sở"),
        ([("Công", 96), ("đoàncơ", 80), ("quan", 96)], "Công đoàn cơ quan"),
        ([("Trạm", 95), ("ytếxã", 90)], "Trạm y tế xã"),
        # the tail of a Q read as the dot under an O, in an acronym
        ([("Ban", 95), ("CHỌS", 90), ("Sở", 95)], "Ban CHQS Sở"),
    ],
)
def test_lost_spaces_and_misread_acronyms_are_mended(
    read: list[tuple[str, float]], meant: str
) -> None:
    assert _text(correct_line(_line(*read))) == meant
    assert _text(correct_words(_line(*read))) == meant


@pytest.mark.parametrize(
    "word",
    ["online", "Facebook", "QPPL", "HĐND", "TTCN", "HỌC", "ĐỌC", "nghiêng", "Nguyễn", "TTgq"],
)
def test_loanwords_acronyms_and_syllables_are_left_whole(word: str) -> None:
    assert split_syllables(word) == [word]
    assert restore_acronym(word) == word


@given(
    st.text(
        alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩị"
        "òóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵSTHĐ",
        min_size=1,
        max_size=20,
    )
)
@settings(max_examples=300, deadline=None)
def test_a_split_keeps_every_letter_in_order(text: str) -> None:
    parts = split_syllables(text)
    assert "".join(parts) == text
    assert all(parts)


@pytest.mark.parametrize("label", ["Số:", "số:", "Só:", "Sô:", "Sñ:"])
def test_the_number_label_is_read_as_printed_however_its_marks_came_out(label: str) -> None:
    line = _line((label, 80), ("11/KH-SKHCN", 92))
    assert _text(correct_line(line)) == "Số: 11/KH-SKHCN"
    if label[0] == "S":  # "số" in a sentence cites; the header's label is a capital
        assert find_fields([_line((label, 80), ("4§ÿ", 30), ("/QĐ-UBND", 92))])


# --- codes -------------------------------------------------------------------------------


def test_a_code_misread_takes_the_form_printed_in_the_documents_symbol() -> None:
    codes = CodeBook()
    codes.learn([_line(("Số:", 95), ("125", 96), ("/KH-QL5", 93))])
    assert codes.codes == {"QL5"}
    assert _text(
        correct_line(_line(("-", 93), ("Lưu:", 95), ("VT,", 90), ("QLS.", 55)), codes)
    ) == ("- Lưu: VT, QL5.")
    assert _text(
        correct_line(_line(("Lưu:", 95), ("VT,", 90), ("Qló.", 92)), CodeBook({"Q16"}))
    ) == ("Lưu: VT, Q16.")


def test_codes_are_changed_only_into_one_known_code() -> None:
    codes = CodeBook({"PC00", "PC05", "PC06", "H01"})
    for read in (
        [("PCOó", 60)],  # ó may be 0 or 6: two codes fit
        [("PCOS", 95)],  # read surely, in capitals only: a code of its own
        [("Số", 60)],  # a word
        [("Hội", 70)],  # a word
        [("VT", 50)],  # nothing like it is known
    ):
        line = _line(*read)
        assert correct_line(line, codes) == line
    assert _text(correct_line(_line(("PCOS", 70)), codes)) == "PC05"
    assert _text(correct_line(_line(("Hol", 70)), codes)) == "H01"


# --- handwritten fields: where they are, when a reading is taken ----------------------------


def test_the_number_and_the_date_are_found_in_the_header_lines() -> None:
    number = _line(("Số:", 95), ("4§ÿ", 30), ("/QĐ-UBND", 92))
    glued = _line(("Số:", 95), ("4§ÿ/QĐ-UBND", 50))
    date = _line(("Hòa", 96), ("Sơn,", 96), ("ngày", 95), ("A7", 80), ("tháng", 95), ("5", 96),
                 ("năm", 96), ("2025", 97))  # fmt: skip
    blank = _line(("Hòa", 96), ("Sơn,", 96), ("ngày", 95), ("tháng", 95), ("năm", 96), ("2025", 97))
    cited = _line(
        ("theo", 96),
        ("văn", 96),
        ("bản", 96),
        ("số", 95),
        ("12/UBND-VX", 92),
        ("ngày", 95),
        ("3", 70),
        ("tháng", 95),
        ("5", 96),
        ("năm", 96),
        ("2025", 97),
    )
    fields = find_fields([number, glued, date, blank, cited])
    assert [(f.line, f.kind, f.first, f.last, f.tail) for f in fields] == [
        (0, "number", 1, 2, ""),
        (1, "number", 1, 2, "/QĐ-UBND"),
        (2, "day", 3, 4, ""),
        (2, "month", 5, 6, ""),
        (3, "day", 3, 3, ""),
        (3, "month", 4, 4, ""),
    ]


@pytest.mark.parametrize(
    ("readings", "kind", "value"),
    [
        ([("14", 97.0)] * 6, "day", ("14", 97.0)),
        ([("14", 97.0)] * 5 + [("74", 90.0)], "day", ("14", 97.0)),
        ([("14", 97.0)] * 4 + [("74", 90.0)] * 2, "day", None),  # no clear agreement
        ([("14", 60.0)] * 6, "day", None),  # agreed, but not surely
        ([("41", 97.0)] * 6, "day", None),  # no such day
        ([("13", 97.0)] * 6, "month", None),  # no such month
        ([("0", 97.0)] * 6, "number", None),
        ([("", 0.0)] * 6, "number", None),
        ([], "day", None),
        ([("2405", 95.0)] * 6, "number", ("2405", 95.0)),
    ],
)
def test_a_figure_is_taken_only_when_nearly_all_readings_agree_surely_and_in_range(
    readings: list[tuple[str, float]], kind: str, value: tuple[str, float] | None
) -> None:
    assert agreed(readings, kind) == value


# --- the page image ----------------------------------------------------------------------


def test_red_seal_ink_is_dropped_and_print_and_blue_ink_kept() -> None:
    image = Image.new("RGB", (400, 200), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((10, 10, 60, 60), fill=(15, 15, 15))  # print
    draw.rectangle((100, 10, 150, 60), fill=_BLUE)  # a pen
    draw.ellipse((200, 10, 380, 190), outline=_RED, width=12)  # a seal
    seal = Image.new("RGB", image.size, "white")
    ImageDraw.Draw(seal).rectangle((250, 80, 330, 120), fill=_RED)
    image = ImageChops.multiply(image, seal)  # ink of a stamp shows the print under it
    gray = page_gray(image)
    assert gray.mode == "L"
    assert gray.getpixel((30, 30)) < 60 and gray.getpixel((120, 30)) < 100
    assert ink_box(gray.crop((190, 0, 400, 200))) is None
    assert page_gray(Image.new("L", (10, 10), 0)).getpixel((5, 5)) == 0


def test_leaning_handwriting_is_stood_up() -> None:
    image = Image.new("L", (120, 100), 255)
    ImageDraw.Draw(image).line((40, 90, 70, 10), fill=0, width=6)  # a stroke leaning right
    upright = deslant(image)
    box = ink_box(upright)
    assert box is not None and box[2] - box[0] < 20


# --- the header refuses figures OCR could not confirm -----------------------------------------


def _header(number: str, day: str, uncertain: tuple[str, ...]) -> list[Paragraph | Table]:
    left = Cell(f"SỞ TƯ PHÁP\nSố: {number}/KH-STP", uncertain=uncertain)
    right = Cell(f"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nHòa Sơn, ngày {day} tháng 5 năm 2025",
                 uncertain=uncertain)  # fmt: skip
    return [
        Table(rows=[[left, right]], layout=True),
        Paragraph("KẾ HOẠCH", bold=True),
        Paragraph("Tuyên truyền pháp luật năm 2025", bold=True),
    ]


def _parse(blocks: list[Paragraph | Table]) -> tuple[DocumentInfo, list[str]]:
    read = ReadResult(format="image", blocks=blocks, ocr=True)
    extraction = parse(read, Source(filename="quet.png", format="image", sha256="0" * 64))
    return extraction.document, extraction.warnings


def test_figures_ocr_was_unsure_of_are_left_null_with_a_warning(is_vietnamese) -> None:
    document, warnings = _parse(_header("48", "17", uncertain=("48", "17")))
    assert (document.reference, document.number, document.symbol) == (None, None, "KH-STP")
    assert (document.date.year, document.date.month, document.date.day) == (2025, 5, None)
    assert any("Không đọc được số" in w for w in warnings)
    assert any("Không đọc được ngày" in w for w in warnings)
    assert all(is_vietnamese(w) for w in warnings)


def test_figures_ocr_was_sure_of_are_taken() -> None:
    document, warnings = _parse(_header("48", "17", uncertain=("Hòa",)))
    assert (document.reference, document.number) == ("48/KH-STP", "48")
    assert document.date.iso == "2025-05-17"
    assert not any("Không đọc được" in w for w in warnings)


# --- a whole scan, through tesseract ----------------------------------------------------------


def _font(name: str, points: float) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(_SERIF / name), _px(points))


def _px(points: float) -> int:
    return round(points * _DPI / 72)


def _handwrite(image: Image.Image, x: int, y: int, figures: str, seed: int) -> int:
    """Figures as a pen writes them: oblique, each turned and set a little off the line."""
    rnd = random.Random(seed)
    size = _px(16)
    font = ImageFont.truetype(str(_HAND), size)
    for figure in figures:
        glyph = Image.new("L", (size * 2, size * 2), 0)
        ImageDraw.Draw(glyph).text((size // 3, size // 4), figure, font=font, fill=255)
        glyph = glyph.rotate(rnd.uniform(-8, 8), resample=Image.Resampling.BICUBIC)
        image.paste(Image.new("RGB", glyph.size, _BLUE), (x, y + rnd.randint(-3, 3)), glyph)
        x += int(size * 0.62) + rnd.randint(-2, 2)
    return x


def _scribble(image: Image.Image, x: int, y: int) -> int:
    rnd = random.Random(7)
    points = [(x + rnd.randint(0, _px(28)), y + rnd.randint(0, _px(14))) for _ in range(14)]
    ImageDraw.Draw(image).line(points, fill=_BLUE, width=4)
    return x + _px(30)


def _seal(size: tuple[int, int], cx: int, cy: int) -> Image.Image:
    """A red seal: two rings, a star, the department's name around it."""
    seal = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(seal)
    r = _px(48)
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=_RED, width=_px(3))
    inner = r - _px(9)
    draw.ellipse((cx - inner, cy - inner, cx + inner, cy + inner), outline=_RED, width=_px(1.5))
    star = [
        (cx + _px(18) * math.cos(math.pi / 2 + k * 4 * math.pi / 5),
         cy - _px(18) * math.sin(math.pi / 2 + k * 4 * math.pi / 5))
        for k in range(5)
    ]  # fmt: skip
    draw.polygon(star, fill=_RED)
    letters = ImageFont.truetype(str(_SERIF / "LiberationSans-Bold.ttf"), _px(7))
    for k, letter in enumerate("SỞ KHOA HỌC VÀ CÔNG NGHỆ"):
        angle = math.pi * (0.95 - k * 0.075)
        xy = (cx + _px(40) * math.cos(angle) - _px(3), cy - _px(40) * math.sin(angle) - _px(4))
        draw.text(xy, letter, font=letters, fill=_RED)
    return seal


def _scan(*, number: str | None) -> bytes:
    """A department's plan, signed and sealed, its number and day written in by hand;
    `number` None scribbles the number illegibly."""
    image = Image.new("RGB", (_px(595), _px(842)), "white")
    draw = ImageDraw.Draw(image)
    regular = _font("LiberationSerif-Regular.ttf", 13)
    bold = _font("LiberationSerif-Bold.ttf", 13)
    italic = _font("LiberationSerif-Italic.ttf", 13)
    draw.text((_px(95), _px(50)), "UBND TỈNH HÒA SƠN", font=regular, fill="black")
    draw.text((_px(70), _px(66)), "SỞ KHOA HỌC VÀ CÔNG NGHỆ", font=bold, fill="black")
    draw.text((_px(300), _px(50)), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", font=bold, fill="black")
    draw.text((_px(350), _px(66)), "Độc lập - Tự do - Hạnh phúc", font=bold, fill="black")
    draw.text((_px(80), _px(100)), "Số:", font=regular, fill="black")
    if number is None:
        _scribble(image, _px(104), _px(98))
    else:
        _handwrite(image, _px(104), _px(96), number, seed=1)
    draw.text((_px(135), _px(100)), "/KH-SKHCN", font=regular, fill="black")
    x = _px(330)
    draw.text((x, _px(100)), "Hòa Sơn, ngày", font=italic, fill="black")
    x = _handwrite(image, x + int(italic.getlength("Hòa Sơn, ngày ")), _px(96), "14", seed=2)
    draw.text((x + _px(10), _px(100)), "tháng 3 năm 2025", font=italic, fill="black")
    draw.text((_px(255), _px(150)), "KẾ HOẠCH", font=bold, fill="black")
    draw.text((_px(150), _px(168)), "Kiểm tra an toàn phòng cháy tại các phòng thí nghiệm",
              font=bold, fill="black")  # fmt: skip
    for k, text in enumerate(
        (
            "Thực hiện chỉ đạo của Ủy ban nhân dân tỉnh, Sở Khoa học và Công nghệ ban hành",
            "kế hoạch kiểm tra an toàn phòng cháy tại các phòng thí nghiệm thuộc Sở.",
        )
    ):
        draw.text((_px(85), _px(200 + 18 * k)), text, font=regular, fill="black")
    small = _font("LiberationSerif-Regular.ttf", 12)
    draw.text((_px(70), _px(300)), "Nơi nhận:", font=_font("LiberationSerif-BoldItalic.ttf", 12),
              fill="black")  # fmt: skip
    for k, text in enumerate(("- Như trên;", "- Giám đốc Sở (để b/c);", "- Lưu: VT, KHTC.")):
        draw.text((_px(70), _px(316 + 15 * k)), text, font=small, fill="black")
    draw.text((_px(370), _px(300)), "KT. GIÁM ĐỐC", font=bold, fill="black")
    draw.text((_px(360), _px(317)), "PHÓ GIÁM ĐỐC", font=bold, fill="black")
    # The seal is stamped over the left of the position: its ink darkens what it covers.
    image = ImageChops.multiply(image, _seal(image.size, _px(360), _px(350)))
    ImageDraw.Draw(image).text((_px(375), _px(390)), "Trần Thị Mai", font=bold, fill="black")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", dpi=(_DPI, _DPI))
    return buffer.getvalue()


@pytest.fixture
def fonts() -> None:
    require(_SERIF.is_dir() and _HAND.is_file(), "the Liberation 2 and DejaVu fonts are absent")


@pytest.mark.ocr
def test_a_sealed_scan_with_a_number_and_day_written_in_by_hand(fonts: None) -> None:
    extraction = extract(_scan(number="57"), "ke-hoach-quet.png")
    document = extraction.document
    assert (document.reference, document.symbol) == ("57/KH-SKHCN", "KH-SKHCN")
    assert document.date.iso == "2025-03-14"
    # the seal's red is taken out, so the position under it is read whole
    assert document.signer is not None
    assert fold(document.signer.position or "") == fold("Phó Giám đốc")
    assert (document.signer.authority, document.signer.name) == ("KT.", "Trần Thị Mai")
    assert fold(document.issuer or "") == fold("Sở Khoa học và Công nghệ")


@pytest.mark.ocr
def test_an_illegible_number_is_null_with_a_warning_never_a_guess(fonts: None) -> None:
    extraction = extract(_scan(number=None), "ke-hoach-quet.png")
    document = extraction.document
    assert (document.reference, document.number, document.symbol) == (None, None, "KH-SKHCN")
    assert any("Không đọc được số" in w for w in extraction.warnings)
    assert document.date.iso == "2025-03-14"
