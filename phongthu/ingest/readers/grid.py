"""Tables from ruled grids: cell boxes plus positioned words give a `Table`.

The boxes come from pdfplumber's table finder for a PDF text layer, or from the
ruling lines found in a scanned image (`scan_tables`); either way a merged cell is one
box covering several grid slots, which becomes its row and column span.
"""

from __future__ import annotations

import itertools
import statistics

from phongthu.ingest.model import Cell, Table
from phongthu.ingest.readers.layout import is_layout_text
from phongthu.ingest.readers.positioned import (
    TableItem,
    Word,
    group_rows,
    uncertain_words,
    wraps_into,
)

Bbox = tuple[float, float, float, float]

# Word and LibreOffice pad cell text by about this much on each side.
_CELL_PADDING_PT = 4.0
_LAYOUT_TABLE_MAX_ROWS = 8


def inside(word: Word, bbox: Bbox) -> bool:
    x = (word.x0 + word.x1) / 2
    return bbox[0] <= x <= bbox[2] and bbox[1] <= word.middle <= bbox[3]


def _boundaries(values: list[float]) -> list[float]:
    """Distinct grid lines, merging those closer than 2 pt."""
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > 2:
            out.append(v)
    return out


def _index(boundaries: list[float], value: float) -> int:
    return min(range(len(boundaries)), key=lambda i: abs(boundaries[i] - value))


def cell_text(words: list[Word], right_edge: float) -> str:
    """A cell's text: wrapped lines joined by spaces, separate lines kept apart."""
    rows = group_rows([[w] for w in words])
    if not rows:
        return ""
    edge = max(right_edge - _CELL_PADDING_PT, max(r.x1 for r in rows))
    parts = [rows[0].text]
    for prev, row in itertools.pairwise(rows):
        parts.append(" " if wraps_into(prev, row, edge) else "\n")
        parts.append(row.text)
    return "".join(parts)


def table_from_cells(
    cells: list[Bbox], words: list[Word], page: int
) -> tuple[Bbox, TableItem] | None:
    """The table whose cells are these boxes, filled with the words inside them."""
    if len(cells) < 2:
        return None  # a frame around text, not a table
    xs = _boundaries([c[0] for c in cells] + [c[2] for c in cells])
    ys = _boundaries([c[1] for c in cells] + [c[3] for c in cells])
    grid: dict[int, list[tuple[int, Cell]]] = {}
    for x0, top, x1, bottom in cells:
        row, col = _index(ys, top), _index(xs, x0)
        content = [w for w in words if inside(w, (x0, top, x1, bottom))]
        confs = [w.conf for w in content if w.conf is not None]
        cell = Cell(
            text=cell_text(content, x1),
            row_span=max(1, _index(ys, bottom) - row),
            col_span=max(1, _index(xs, x1) - col),
            bold=bool(content) and all(w.bold for w in content),
            confidence=round(statistics.fmean(confs), 1) if confs else None,
            uncertain=uncertain_words(content),
        )
        grid.setdefault(row, []).append((col, cell))
    rows = [[c for _, c in sorted(grid[r], key=lambda t: t[0])] for r in sorted(grid)]
    layout = len(rows) <= _LAYOUT_TABLE_MAX_ROWS and any(
        is_layout_text(line) for row in rows for c in row for line in c.text.split("\n")
    )
    bbox = (xs[0], ys[0], xs[-1], ys[-1])
    item = TableItem(
        table=Table(rows=rows, page=page, layout=layout), top=ys[0], bottom=ys[-1], columns=xs
    )
    return bbox, item
