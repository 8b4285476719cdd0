"""Reading a scanned table cell by cell.

Tesseract's page layout analysis loses words in tables whose cells hold several lines
at different heights (it merges lines across cells). Each cell is therefore cut out
of the page (grid lines removed), and all the cells of a table are stacked one under
the other, with white space between, into a single sheet that tesseract reads as one
uniform block. One tesseract run per table instead of one per cell; every word is
then moved back to where its cell is on the page.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from PIL import Image

from phongthu.ingest.readers.grid import Bbox, table_from_cells
from phongthu.ingest.readers.positioned import TableItem, Word
from phongthu.ingest.readers.scan_tables import ScanTables
from phongthu.ingest.readers.tesseract import PSM_BLOCK, recognise

_INK_THRESHOLD = 160
_INSET_PX = 3  # stay clear of what is left of the cell's borders
_PAD_PX = 12
_GAP_PX = 60
_MARGIN_PX = 30
# Tesseract handles tall images, but one sheet per few hundred cells keeps memory low.
_MAX_SHEET_HEIGHT_PX = 15_000


@dataclass(slots=True)
class _Piece:
    image: Image.Image
    left: int  # where the piece sits on the page, in pixels
    top: int


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
    pieces: list[_Piece] = []
    for x0, y0, x1, y1 in cells:
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
        pieces.append(_Piece(crop.crop((left, top, right, bottom)), box[0] + left, box[1] + top))
    words: list[Word] = []
    for batch in _batches(pieces):
        words.extend(_read_sheet(batch, dpi=dpi, page=page))
    return words


def _batches(pieces: list[_Piece]) -> list[list[_Piece]]:
    batches: list[list[_Piece]] = [[]]
    height = 0
    for piece in pieces:
        if batches[-1] and height + piece.image.height + _GAP_PX > _MAX_SHEET_HEIGHT_PX:
            batches.append([])
            height = 0
        batches[-1].append(piece)
        height += piece.image.height + _GAP_PX
    return [b for b in batches if b]


def _read_sheet(batch: list[_Piece], *, dpi: float, page: int) -> list[Word]:
    width = max(p.image.width for p in batch) + 2 * _MARGIN_PX
    height = sum(p.image.height + _GAP_PX for p in batch) + _GAP_PX
    sheet = Image.new("L", (width, height), 255)
    slots: list[tuple[int, int, _Piece]] = []
    y = _GAP_PX
    for piece in batch:
        sheet.paste(piece.image, (_MARGIN_PX, y))
        slots.append((y, y + piece.image.height, piece))
        y += piece.image.height + _GAP_PX
    lines, _ = recognise(sheet, dpi=dpi, page=page, psm=PSM_BLOCK)
    to_pt = 72.0 / dpi
    out: list[Word] = []
    for word in (w for line in lines for w in line):
        middle_px = word.middle / to_pt
        for start, end, piece in slots:
            if start - _GAP_PX / 2 <= middle_px <= end + _GAP_PX / 2:
                dx = (piece.left - _MARGIN_PX) * to_pt
                dy = (piece.top - start) * to_pt
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
