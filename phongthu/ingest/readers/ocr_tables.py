"""Reading a scanned table's cells.

The page is read once, by tesseract's own page layout analysis, ruling lines and all
(`ocr`): the lines are what tells it that cells are separate blocks. Every word keeps
its box, so each goes to the cell its centre falls in, once what tesseract made of
the lines is dropped ("|" for a border) and a word that layout cut in two at a column
edge is made whole. Most cells come out right from that one pass, and reading them
all a second time would double what OCR costs. Two kinds of cell are read again,
each cut out of the page (its lines painted out) as a small image, all of a
document's in one tesseract run per kind:

- **The numbering column** (TT/STT). A cell holding one or two glyphs ("3", "I",
  "II.") is what page layout drops as a speck, or reads in a wrong alphabet ("K)" for
  "3", "IL." for "II."). The column holds numerals by definition, so a doubtful
  number there (none read where there is ink, read unsurely, or not a well-formed
  number) is read again, on one line with the start of its row's text (which gives
  tesseract the size of the print) by the English model (which has no Vietnamese
  words to pull a figure towards). What is read left of the row's text is taken
  only when it is a numeral, look-alike letters read as the figures or Roman
  numerals they look like ("Ill" is "III"). A whitelist of numerals was tried and
  is worse: the decoder then forces the row's text into figures too and runs it
  into the number.
- **Other cells** with ink where nothing was read, or with a word read unsurely:
  read again alone, as one block; the new reading is taken when tesseract is surer
  of it on the whole.
"""

from __future__ import annotations

import re
import statistics
from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass, field, replace

from PIL import Image, ImageOps

from phongthu.ingest.readers.grid import Bbox, inside, table_from_cells
from phongthu.ingest.readers.positioned import LOW_CONFIDENCE, TableItem, Word
from phongthu.ingest.readers.scan_tables import ScanTables
from phongthu.ingest.readers.tesseract import PSM_BLOCK, Glyph, recognise_glyphs, recognise_many
from phongthu.text import search_key

_INK_THRESHOLD = 160
_INSET_PX = 6  # stay clear of what is left of the cell's borders
_PAD_PX = 12
_BORDER_PX = 20  # white around a cut-out, as around print on paper
_SPECK = re.compile(r"^[-_—–.,'\"`~]+$")
_SPECK_CONFIDENCE = 70.0
_ON_RULE = re.compile(r"^[|\[\]!lI1]{1,2}$")
# A cell is read again when a word in it was read less surely than this.
_DOUBTFUL = LOW_CONFIDENCE

# --- the numbering column ---
# A first column this narrow (inches) holds the rows' numbers.
_NUMBER_COLUMN_MAX_IN = 0.8
PSM_LINE = "7"
# Figures and Roman numerals are Latin letters: the English model reads a lone one far
# more surely than the Vietnamese one, whose language model pulls it towards a word.
_NUMBERS_LANGUAGE = "eng"
_ARABIC = re.compile(r"^\d{1,3}(\.\d{1,3})*[.)]?$")
# Up to XXXIX: no table has forty groups, and "L." or "C" in the column is a misread
# "I." far more often than the fiftieth or the hundredth.
_ROMAN = re.compile(r"^(?=[IVX])X{0,3}(IX|IV|V?I{0,3})[.)]?$")
# What heads the column: "TT", "STT", "Số TT" (folded).
_HEADING = re.compile(r"^(so\s*)?s?tt\.?$")
# A list letter read this surely is one, not a misread number.
_LETTER_ITEM = re.compile(r"^[a-zđA-ZĐ][.)]$")
_SURE_LABEL = 85.0
_MAX_NUMBER_WORDS = 2
# Cut-outs read in one tesseract run: a few seconds' work at most.
_REDO_PER_RUN = 300
# How much of the print beside a number is read with it (inches), and the gap.
_CONTEXT_IN = 1.0
_CONTEXT_GAP_PX = 60


def is_number(text: str) -> bool:
    """Whether `text` is a well-formed row number: "3", "1.2", "II.", "IV)"."""
    return bool(_ARABIC.match(text) or _ROMAN.match(text))


# What a figure or a Roman numeral is read as when the model takes it for a letter.
_AS_FIGURE = str.maketrans("OoDlI|!SsZzBGbgq", "0001111552286699")
_AS_ROMAN = str.maketrans("l|!1iíìvx", "IIIIIIIVX")


def as_numeral(text: str) -> str | None:
    """`text` read in the numbering column, as the numeral it must be: look-alike
    letters taken for the figures ("l" for "1") or Roman numerals ("Ill" for "III")
    they look like; None when it is no numeral even so."""
    text = text.strip()
    if is_number(text):
        return text
    body = text.rstrip(".)")
    if any(c.isdigit() for c in body):
        candidate = body.translate(_AS_FIGURE) + text[len(body) :]
    else:
        candidate = body.translate(_AS_ROMAN) + text[len(body) :]
    return candidate if is_number(candidate) else None


@dataclass(slots=True)
class _Redo:
    """A part of a page to read again, and the words of the first reading it replaces."""

    kind: str  # "number" or "cell"
    image: Image.Image
    left: int  # where the cut-out's top left corner is on the page, in pixels
    top: int
    old: list[Word]
    # Past this (pixels from the cut-out's left) stands only context, not to be read.
    split: float | None = None


@dataclass(slots=True)
class PageTables:
    """A page's ruled tables, the words the page pass read in them, and what is to be
    read again; `reread` amends the words, `finish` fills the tables."""

    page: int
    dpi: float
    tables: list[list[Bbox]]
    words: list[Word]
    redo: list[_Redo] = field(default_factory=list)


def table_boxes(found: ScanTables) -> list[Bbox]:
    """The outline of each table (points)."""
    return [
        (
            min(c[0] for c in cells),
            min(c[1] for c in cells),
            max(c[2] for c in cells),
            max(c[3] for c in cells),
        )
        for cells in found.tables
    ]


def prepare(
    clean: Image.Image, found: ScanTables, lines: list[list[Word]], *, dpi: float, page: int
) -> PageTables:
    """The tables of a page read with the lines of the page pass that fall in them;
    `clean` is the page with its ruling lines painted out."""
    words = _off_the_rules(_rejoined(lines), found, dpi)
    out = PageTables(page=page, dpi=dpi, tables=found.tables, words=words)
    # Words by height on the page: a cell looks only at those level with it (a page
    # has a few hundred words and a hundred cells).
    order = sorted(range(len(words)), key=lambda i: words[i].middle)
    middles = [words[i].middle for i in order]
    for cells in found.tables:
        column = _number_column(cells, words)
        for cell in cells:
            level = order[bisect_left(middles, cell[1]) : bisect_right(middles, cell[3])]
            content = [words[i] for i in sorted(level) if inside(words[i], cell)]
            area = cell
            if column is not None and abs(cell[0] - column[0]) <= 3.0:
                number = _number_redo(clean, cell, column, content, dpi)
                if number is not None:
                    out.redo.append(number)
                if cell[2] - cell[0] <= column[1] - column[0] + 3.0:
                    continue  # the cell is only the number
                # A group row merged across the table: its title, right of the number.
                area = (column[1], cell[1], cell[2], cell[3])
                content = [w for w in content if inside(w, area)]
            if not content or min(_conf(w) for w in content) < _DOUBTFUL:
                redo = _cell_redo(clean, area, content, dpi)
                if redo is not None:
                    out.redo.append(redo)
    return out


# Letters of one word stand closer than this (em); a space is about half an em.
_SPLIT_GAP_EM = 0.2


def _rejoined(lines: list[list[Word]]) -> list[Word]:
    """The words of the lines, with a word that page layout cut in two made whole.

    Tesseract splits text into columns where the rows above and below have theirs: a
    group row merged across the table is cut at the column edges, sometimes inside a
    word ("gi" | "áo" of "giáo"), and the two halves end and start different lines.
    The end of one line and the start of another that touch on the same baseline are
    one word; within a line, tesseract's own spacing stands.
    """
    ordered = [sorted(line, key=lambda w: w.x0) for line in lines if line]
    heads = {id(line[0]): index for index, line in enumerate(ordered)}
    for line in ordered:
        last = line[-1]
        for other in ordered:
            if other is line or not other:
                continue
            first = other[0]
            # The gap first: it rules out nearly every pair, cheaply.
            gap = first.x0 - last.x1
            if not 0 <= gap < _SPLIT_GAP_EM * max(last.size, first.size):
                continue
            if id(first) not in heads:
                continue
            overlap = min(last.bottom, first.bottom) - max(last.top, first.top)
            height = min(last.bottom - last.top, first.bottom - first.top)
            if overlap > 0.5 * height:
                line[-1] = replace(
                    last,
                    text=last.text + first.text,
                    x1=first.x1,
                    top=min(last.top, first.top),
                    bottom=max(last.bottom, first.bottom),
                    conf=min(_conf(last), _conf(first)),
                )
                del other[0]
                del heads[id(first)]
                break
    return [w for line in ordered for w in line]


def _off_the_rules(words: list[Word], found: ScanTables, dpi: float) -> list[Word]:
    """The words without what tesseract made of the ruling lines: a "|" for a border
    (alone, or glued to a word beside it), a dash or dot for what a rule left."""
    scale = 72.0 / dpi
    # Vertical rules, in points, a little wider than drawn.
    rules = [
        (x0 * scale - 1.0, y0 * scale, x1 * scale + 1.0, y1 * scale)
        for x0, y0, x1, y1 in found.lines
        if y1 - y0 > x1 - x0
    ]
    out: list[Word] = []
    for word in words:
        if _SPECK.match(word.text) and _conf(word) < _SPECK_CONFIDENCE:
            continue
        text = word.text.strip("|")
        if not text:
            continue
        if _ON_RULE.match(text) and any(
            word.x0 < r[2] and word.x1 > r[0] and word.top < r[3] and word.bottom > r[1]
            for r in rules
        ):
            continue  # a rule read as a letter
        out.append(word if text == word.text else replace(word, text=text))
    return out


def _conf(word: Word) -> float:
    return word.conf if word.conf is not None else 100.0


def _number_column(cells: list[Bbox], words: list[Word]) -> tuple[float, float] | None:
    """The left and right edge (points) of the table's numbering column, if it has one.

    The first column is one when it is narrow (as TT/STT is in a task table), when it
    is headed "TT" or "STT", or when most of what the page pass read in it is numbers.
    """
    left = min(c[0] for c in cells)
    firsts = [c for c in cells if abs(c[0] - left) <= 3.0]
    if len(firsts) < 2:
        return None
    right = min(c[2] for c in firsts)
    column = [c for c in firsts if c[2] - right <= 3.0]  # merged rows left out
    if len(column) < 2:
        return None
    if right - left <= _NUMBER_COLUMN_MAX_IN * 72.0:
        return left, right
    texts = [" ".join(w.text for w in words if inside(w, c)) for c in column]
    if any(_HEADING.match(search_key(t)) for t in texts):
        return left, right
    read = [t for t in texts if t]
    if read and sum(is_number(t.replace(" ", "")) for t in read) > len(read) / 2:
        return left, right
    return None


def _to_px(box: Bbox, dpi: float) -> tuple[int, int, int, int]:
    scale = dpi / 72.0
    return (
        round(box[0] * scale) + _INSET_PX,
        round(box[1] * scale) + _INSET_PX,
        round(box[2] * scale) - _INSET_PX,
        round(box[3] * scale) - _INSET_PX,
    )


def _ink(image: Image.Image) -> tuple[int, int, int, int] | None:
    return image.point(lambda p: 255 if p < _INK_THRESHOLD else 0).getbbox()


def _cut(clean: Image.Image, box: tuple[int, int, int, int]) -> _Redo | None:
    """The ink inside `box` (pixels), cut out with white around it; None when blank."""
    if box[2] - box[0] < 4 or box[3] - box[1] < 4:
        return None
    crop = clean.crop(box)
    ink = _ink(crop)
    if ink is None:
        return None
    left, top = max(ink[0] - _PAD_PX, 0), max(ink[1] - _PAD_PX, 0)
    right, bottom = min(ink[2] + _PAD_PX, crop.width), min(ink[3] + _PAD_PX, crop.height)
    piece = ImageOps.expand(crop.crop((left, top, right, bottom)), border=_BORDER_PX, fill=255)
    return _Redo("", piece, box[0] + left - _BORDER_PX, box[1] + top - _BORDER_PX, [])


def _number_redo(
    clean: Image.Image,
    cell: Bbox,
    column: tuple[float, float],
    content: list[Word],
    dpi: float,
) -> _Redo | None:
    """The number at the head of a numbering-column cell, to read again if doubtful."""
    # The number is the first line of what stands in the column; a group row's
    # title, merged across the row, runs on to its right.
    area = (cell[0], cell[1], min(cell[2], column[1]), cell[3])
    in_column = sorted((w for w in content if inside(w, area)), key=lambda w: (w.top, w.x0))
    first_line = sorted((w for w in in_column if w.top < in_column[0].bottom), key=lambda w: w.x0)
    if cell[2] > column[1] + 3.0:
        first_line = first_line[:1]  # a group row: its number, then its title
    if first_line and not _doubtful_number(first_line):
        return None
    if len(first_line) > _MAX_NUMBER_WORDS:
        return None  # a text in the column, not a number
    box = _to_px(area, dpi)
    if first_line:
        scale = dpi / 72.0
        box = (
            max(box[0], round(min(w.x0 for w in first_line) * scale) - _PAD_PX),
            max(box[1], round(min(w.top for w in first_line) * scale) - _PAD_PX),
            min(box[2], round(max(w.x1 for w in first_line) * scale) + _PAD_PX),
            min(box[3], round(max(w.bottom for w in first_line) * scale) + _PAD_PX),
        )
    else:
        box = _first_ink_line(clean, box, dpi)
    beside = round(column[1] * dpi / 72.0) + _INSET_PX
    context = (beside, box[1], min(beside + round(_CONTEXT_IN * dpi), clean.width), box[3])
    return _with_context(clean, box, context, first_line)


def _with_context(
    clean: Image.Image,
    box: tuple[int, int, int, int],
    context: tuple[int, int, int, int],
    old: list[Word],
) -> _Redo | None:
    """The number in `box` with the print beside it (`context`) on one line.

    Alone, a glyph or two is read poorly whatever the mode: tesseract sizes a line by
    its own letters, and a lone "5" or "III" gives it nothing to go by ("5" comes out
    ")"). The start of the row's text, on the same line, gives it the size of the
    print; only what is read left of `split` is the number.
    """
    if box[2] - box[0] < 4 or box[3] - box[1] < 4:
        return None
    number = clean.crop(box)
    ink = _ink(number)
    if ink is None:
        return None
    left, right = max(ink[0] - _PAD_PX, 0), min(ink[2] + _PAD_PX, number.width)
    number = number.crop((left, 0, right, number.height))
    beside: Image.Image | None = None
    if context[2] - context[0] >= 4:
        beside = clean.crop(context)
        beside_ink = _ink(beside)
        beside = (
            None
            if beside_ink is None
            else beside.crop((beside_ink[0], 0, beside_ink[2], beside.height))
        )
    width = number.width + (_CONTEXT_GAP_PX + beside.width if beside is not None else 0)
    sheet = Image.new("L", (width + 2 * _BORDER_PX, number.height + 2 * _BORDER_PX), 255)
    sheet.paste(number, (_BORDER_PX, _BORDER_PX))
    if beside is not None:
        sheet.paste(beside, (_BORDER_PX + number.width + _CONTEXT_GAP_PX, _BORDER_PX))
    return _Redo(
        "number",
        sheet,
        box[0] + left - _BORDER_PX,
        box[1] - _BORDER_PX,
        old,
        split=_BORDER_PX + number.width + _CONTEXT_GAP_PX / 2,
    )


def _doubtful_number(words: list[Word]) -> bool:
    text = "".join(w.text for w in words)
    low = min(_conf(w) for w in words)
    if is_number(text):
        return low < _DOUBTFUL
    if _HEADING.match(search_key(" ".join(w.text for w in words))):
        return False
    # A list letter read surely ("a)", "B.") is what it says; anything else in the
    # column is a number misread ("K)", "IL.", "H") or one not read at all. So is a
    # capital that Roman numerals are written with: "L." stands for "I." far more
    # often than for the twelfth section of a table.
    return not (_LETTER_ITEM.match(text) and text[0] not in "IVXLC" and low >= _SURE_LABEL)


def _first_ink_line(
    clean: Image.Image, box: tuple[int, int, int, int], dpi: float
) -> tuple[int, int, int, int]:
    """`box` cut down to its first line of ink: where a number stands in its cell."""
    crop = clean.crop(box)
    ink = crop.point(lambda p: 255 if p < _INK_THRESHOLD else 0)
    rows = ink.resize((1, crop.height), Image.Resampling.BOX).tobytes()
    first = next((i for i, v in enumerate(rows) if v), None)
    if first is None:
        return box
    # The line ends at the first gap of blank rows taller than a line's spacing.
    gap = max(round(0.04 * dpi), 3)
    end, blank = first, 0
    for i in range(first, len(rows)):
        if rows[i]:
            end, blank = i, 0
        else:
            blank += 1
            if blank >= gap:
                break
    return (box[0], box[1] + max(first - _PAD_PX, 0), box[2], box[1] + end + _PAD_PX)


def _cell_redo(clean: Image.Image, cell: Bbox, content: list[Word], dpi: float) -> _Redo | None:
    """A cell to read again, whole: its other lines help ("Quý" above "III/2025";
    read alone, the line came out "IU2025")."""
    redo = _cut(clean, _to_px(cell, dpi))
    if redo is None:
        return None
    redo.kind, redo.old = "cell", content
    return redo


# --- reading again -----------------------------------------------------------------------


def reread(pages: list[PageTables]) -> None:
    """Read again what the pages' tables left doubtful, and take the better readings.

    One tesseract run for the numbers and one for the cells, for all the pages at a
    time (by `_REDO_PER_RUN`, so that a run stays well within its time limit):
    starting tesseract costs about a tenth of a second, as much as reading a dozen
    small cut-outs.
    """
    groups: dict[tuple[str, int], list[tuple[PageTables, _Redo]]] = defaultdict(list)
    for page in pages:
        for redo in page.redo:
            groups[(redo.kind, round(page.dpi))].append((page, redo))
    runs = [
        (kind, dpi, todo[start : start + _REDO_PER_RUN])
        for (kind, dpi), todo in groups.items()
        for start in range(0, len(todo), _REDO_PER_RUN)
    ]
    for kind, dpi, todo in runs:
        images = [redo.image for _page, redo in todo]
        if kind == "number":
            readings = [
                _number_read(glyphs, redo, dpi)
                for glyphs, (_page, redo) in zip(
                    recognise_glyphs(images, dpi=dpi, psm=PSM_LINE, language=_NUMBERS_LANGUAGE),
                    todo,
                    strict=True,
                )
            ]
        else:
            readings = [
                _placed([w for line in lines for w in line], redo, dpi)
                for lines, (_page, redo) in zip(
                    recognise_many(images, dpi=dpi, psm=PSM_BLOCK), todo, strict=True
                )
            ]
        for (page, redo), words in zip(todo, readings, strict=True):
            if _better(kind, redo.old, words):
                page.words = [w for w in page.words if w not in redo.old] + words
    for page in pages:
        page.redo = []


def _number_read(glyphs: list[Glyph], redo: _Redo, dpi: float) -> list[Word]:
    """The number read in a cut-out: its glyphs left of the context, as one word
    however tesseract spaced them ("I I." is "II."), placed on the page."""
    split = redo.split if redo.split is not None else float(redo.image.width)
    mine = [g for g in glyphs if (g.box[0] + g.box[2]) / 2 < split]
    if not mine:
        return []
    scale = 72.0 / dpi
    x0, top = min(g.box[0] for g in mine), min(g.box[1] for g in mine)
    x1, bottom = max(g.box[2] for g in mine), max(g.box[3] for g in mine)
    text = as_numeral("".join(g.text for g in mine))
    if text is None:
        return []
    return [
        Word(
            text=text,
            x0=(redo.left + x0) * scale,
            x1=(redo.left + x1) * scale,
            top=(redo.top + top) * scale,
            bottom=(redo.top + bottom) * scale,
            # Figures stand about 0.7 em tall.
            size=(bottom - top) * scale / 0.7,
            conf=min(g.conf for g in mine),
        )
    ]


def _placed(words: list[Word], redo: _Redo, dpi: float) -> list[Word]:
    """Words read in a cut-out moved to where it is on the page."""
    dx, dy = redo.left * 72.0 / dpi, redo.top * 72.0 / dpi
    return [
        Word(
            text=w.text,
            x0=w.x0 + dx,
            x1=w.x1 + dx,
            top=w.top + dy,
            bottom=w.bottom + dy,
            size=w.size,
            conf=w.conf,
        )
        for w in words
        if not (_SPECK.match(w.text) and _conf(w) < _SPECK_CONFIDENCE)
    ]


def _better(kind: str, old: list[Word], new: list[Word]) -> bool:
    if not new:
        return False
    if kind == "number":
        return is_number(new[0].text)
    if not old:
        return True
    return statistics.fmean(_conf(w) for w in new) > statistics.fmean(_conf(w) for w in old)


def finish(page: PageTables) -> tuple[list[TableItem], list[Word]]:
    """The page's tables filled with their text, and all the words read in them."""
    items: list[TableItem] = []
    words: list[Word] = []
    for cells in page.tables:
        bbox = (
            min(c[0] for c in cells),
            min(c[1] for c in cells),
            max(c[2] for c in cells),
            max(c[3] for c in cells),
        )
        cell_words = [w for w in page.words if inside(w, bbox)]
        made = table_from_cells(cells, cell_words, page.page)
        if made is not None:
            items.append(made[1])
            words.extend(cell_words)
    return items, words
