"""Reading a scanned table cell by cell.

Tesseract's page layout analysis loses words in tables whose cells hold several lines
at different heights (it merges lines across cells). Each cell is therefore cut out
of the page with the grid lines removed, and the cells are packed onto one sheet: the
cells of a table row side by side, top-aligned, with wide white gaps, and the rows one
under the other. Tesseract reads the sheet as one uniform block. Keeping a row's cells
on one line matters: a cell holding a lone "3" or "I" is read reliably only beside
the text of its row, which tells tesseract the size of the print. One tesseract run
per table; every word is then moved back to where its cell is on the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from PIL import Image

from phongthu.ingest.readers.grid import Bbox, table_from_cells
from phongthu.ingest.readers.positioned import TableItem, Word
from phongthu.ingest.readers.scan_tables import ScanTables
from phongthu.ingest.readers.tesseract import PSM_BLOCK, recognise

_INK_THRESHOLD = 160
_INSET_PX = 6  # stay clear of what is left of the cell's borders
_PAD_PX = 12
_GAP_PX = 60
_MARGIN_PX = 30
# Tesseract handles tall images, but one sheet per few hundred cells keeps memory low.
_MAX_SHEET_HEIGHT_PX = 15_000
_SHORT_PER_LINE = 12
_SPECK = re.compile(r"^[-_—–.,'\"`~]+$")
_SPECK_CONFIDENCE = 70.0


@dataclass(slots=True)
class _Piece:
    image: Image.Image
    left: int  # where the piece sits on the page, in pixels
    top: int
    sheet_x: int = 0  # where it is put on the sheet
    sheet_y: int = 0


def read_tables(
    image: Image.Image, found: ScanTables, *, dpi: float, page: int
) -> tuple[list[TableItem], list[Word]]:
    """The page's ruled tables filled with their text, and all the words read in them."""
    if not found.tables:
        return [], []
    clean = found.erased(image)
    items: list[TableItem] = []
    words: list[Word] = []
    for cells in found.tables:
        cell_words = _cell_words(clean, cells, dpi=dpi, page=page)
        made = table_from_cells(cells, cell_words, page)
        if made is not None:
            items.append(made[1])
            words.extend(cell_words)
    return items, words


def _cell_words(clean: Image.Image, cells: list[Bbox], *, dpi: float, page: int) -> list[Word]:
    scale = dpi / 72.0
    rows: list[list[_Piece]] = []
    short: list[_Piece] = []
    for x0, y0, x1, y1 in sorted(cells, key=lambda c: (round(c[1]), c[0])):
        box = (
            round(x0 * scale) + _INSET_PX,
            round(y0 * scale) + _INSET_PX,
            round(x1 * scale) - _INSET_PX,
            round(y1 * scale) - _INSET_PX,
        )
        if box[2] <= box[0] or box[3] <= box[1]:
            continue
        crop = clean.crop(box)
        ink = crop.point(lambda p: 255 if p < _INK_THRESHOLD else 0).getbbox()
        if ink is None:
            continue  # an empty cell
        left, top = max(ink[0] - _PAD_PX, 0), max(ink[1] - _PAD_PX, 0)
        right, bottom = min(ink[2] + _PAD_PX, crop.width), min(ink[3] + _PAD_PX, crop.height)
        piece = _Piece(crop.crop((left, top, right, bottom)), box[0] + left, box[1] + top)
        if _is_short(ink, dpi):
            short.append(piece)
        else:
            rows.append([piece])
    # Short cells go on shared lines after the others.
    rows.extend(short[i : i + _SHORT_PER_LINE] for i in range(0, len(short), _SHORT_PER_LINE))
    words: list[Word] = []
    for batch in _batches(rows):
        words.extend(_read_sheet(batch, dpi=dpi, page=page))
    return words


def _is_short(ink: tuple[int, int, int, int], dpi: float) -> bool:
    """A cell holding a few characters on one line: a number, a roman numeral."""
    width, height = ink[2] - ink[0], ink[3] - ink[1]
    return height < 0.3 * dpi and width < 0.35 * dpi


def _batches(rows: list[list[_Piece]]) -> list[list[list[_Piece]]]:
    batches: list[list[list[_Piece]]] = [[]]
    height = 0
    for row in rows:
        row_height = max(p.image.height for p in row) + _GAP_PX
        if batches[-1] and height + row_height > _MAX_SHEET_HEIGHT_PX:
            batches.append([])
            height = 0
        batches[-1].append(row)
        height += row_height
    return [b for b in batches if b]


def _first_baseline(image: Image.Image, dpi: float) -> int:
    """Where the first line of text in a piece sits, roughly: the foot of its letters.

    Found from the ink per pixel row: the densest row near the top is inside the
    letters' bodies, and the baseline is where the density falls away below it.
    Accents and descenders are sparse, so they do not move it much.
    """
    ink = image.point(lambda p: 255 if p < _INK_THRESHOLD else 0)
    profile = list(ink.resize((1, image.height), Image.Resampling.BOX).getdata())
    first = next((i for i, v in enumerate(profile) if v), 0)
    window = profile[first : first + max(int(0.22 * dpi), 8)]
    peak_index = max(range(len(window)), key=window.__getitem__) if window else 0
    peak = window[peak_index] if window else 0
    baseline = peak_index
    while baseline + 1 < len(window) and window[baseline + 1] >= 0.25 * peak:
        baseline += 1
    return first + baseline


def _read_sheet(rows: list[list[_Piece]], *, dpi: float, page: int) -> list[Word]:
    # A row's pieces are aligned on the baseline of their first line, so that
    # tesseract sees one straight line of print across the row.
    y = _GAP_PX
    width = 0
    for row in rows:
        baselines = [_first_baseline(p.image, dpi) for p in row]
        line = max(baselines)
        x = _MARGIN_PX
        bottom = 0
        # Lone glyphs need more room around them not to be read as one word.
        gap = _GAP_PX if len(row) == 1 else 2 * _GAP_PX
        for piece, baseline in zip(row, baselines, strict=True):
            piece.sheet_x, piece.sheet_y = x, y + line - baseline
            x += piece.image.width + gap
            bottom = max(bottom, piece.sheet_y + piece.image.height)
        width = max(width, x + _MARGIN_PX)
        y = bottom + _GAP_PX
    sheet = Image.new("L", (width, y), 255)
    pieces = [p for row in rows for p in row]
    for piece in pieces:
        sheet.paste(piece.image, (piece.sheet_x, piece.sheet_y))
    # Every line counts here, even a one-glyph one tesseract is unsure of: a cell's
    # lone number is data, not the noise of a seal.
    lines, _ = recognise(sheet, dpi=dpi, page=page, psm=PSM_BLOCK, drop_noise=False)
    to_pt = 72.0 / dpi
    out: list[Word] = []
    for word in (w for line in lines for w in line):
        if _SPECK.match(word.text) and (word.conf or 0.0) < _SPECK_CONFIDENCE:
            continue  # a dash or dot tesseract made of what was left of a border
        cx = (word.x0 + word.x1) / 2 / to_pt
        cy = word.middle / to_pt
        for piece in pieces:
            if (
                piece.sheet_x - _GAP_PX / 2 <= cx <= piece.sheet_x + piece.image.width + _GAP_PX / 2
                and piece.sheet_y - _GAP_PX / 2
                <= cy
                <= piece.sheet_y + piece.image.height + _GAP_PX / 2
            ):
                dx = (piece.left - piece.sheet_x) * to_pt
                dy = (piece.top - piece.sheet_y) * to_pt
                out.append(
                    replace(
                        word,
                        x0=word.x0 + dx,
                        x1=word.x1 + dx,
                        top=word.top + dy,
                        bottom=word.bottom + dy,
                    )
                )
                break
    return out
