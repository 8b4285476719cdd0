"""What the parse steps share while they read one document.

The steps run in order (`parse/__init__.py`); each reads the blocks and what earlier
steps found, and fills in its part of the `Extraction`. The regions the first step
finds — header, title, body, closing (recipients and signature), appendix — are kept
as block indices so later steps look only where their part of a document stands.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from phongthu.ingest.model import Block, Cell, Extraction, Paragraph, ReadResult, Table
from phongthu.ingest.parse.wording import squash, squash_line


@dataclass(frozen=True, slots=True)
class Line:
    """One printed line and where it stands.

    `column` is 0 for the left column of a layout table (or a paragraph's text before a
    tab), 1 for the right, None for running text that spans the page.
    """

    text: str
    block: int
    column: int | None = None
    bold: bool = False
    # Words of the line's block that OCR read with low confidence (a scan only).
    uncertain: tuple[str, ...] = ()


@dataclass(slots=True)
class ParseState:
    read: ReadResult
    extraction: Extraction
    blocks: list[Block] = field(default_factory=list)
    # Regions as block indices: [start, end).
    header_end: int = 0
    type_block: int | None = None
    body_start: int = 0
    body_end: int = 0
    closing_end: int = 0
    # Block indices of the title (trích yếu) and the addressee ("Kính gửi"), if any.
    title_blocks: set[int] = field(default_factory=set)
    # Body paragraphs before the first outline heading: where basis citations stand.
    opening_end: int = 0
    # Outline headings found in the body, by block index: (level, label).
    headings: dict[int, tuple[int, str]] = field(default_factory=dict)
    # The label each of those headings prints ("II", "1", "a"), by block index.
    heading_labels: dict[int, str] = field(default_factory=dict)
    year: int | None = None
    # Parts printed but not legible (a scan's handwriting): "number", "date".
    unreadable: set[str] = field(default_factory=set)


def cell_lines(cell: Cell) -> list[str]:
    return [line for line in squash_line(cell.text).split("\n") if line]


def paragraph_lines(paragraph: Paragraph) -> list[str]:
    return [line for line in squash_line(paragraph.text).split("\n") if line]


def cell_columns(table: Table) -> list[list[tuple[int, Cell]]]:
    """Each row's cells with the column where each starts (by the spans to its left)."""
    out: list[list[tuple[int, Cell]]] = []
    for row in table.rows:
        position = 0
        placed: list[tuple[int, Cell]] = []
        for cell in row:
            placed.append((position, cell))
            position += max(cell.col_span, 1)
        out.append(placed)
    return out


def split_tab(text: str) -> tuple[str, str] | None:
    """A paragraph that holds two columns separated by tabs: its left and right parts."""
    if "\t" not in text:
        return None
    left, _, right = text.strip("\n").partition("\t")
    left, right = squash(left), squash(right)
    if not left or not right:
        return None
    return left, right


def block_lines(block: Block, index: int) -> list[Line]:
    """The printed lines of a block; a layout table's cells split into left and right."""
    if isinstance(block, Paragraph):
        out: list[Line] = []
        for raw in block.text.split("\n"):
            parts = split_tab(raw)
            if parts is not None:
                out.append(Line(parts[0], index, 0, block.bold, block.uncertain))
                out.append(Line(parts[1], index, 1, block.bold, block.uncertain))
            elif squash(raw):
                out.append(Line(squash(raw), index, None, block.bold, block.uncertain))
        return out
    lines: list[Line] = []
    for row in cell_columns(block):
        for position, cell in row:
            column = 0 if position == 0 else 1
            lines.extend(
                Line(text, index, column, cell.bold, cell.uncertain) for text in cell_lines(cell)
            )
    return lines


def column_lines(table: Table, index: int, column: int) -> list[Line]:
    """The lines of one side of a layout table, top to bottom (rows in order)."""
    return [line for line in block_lines(table, index) if line.column == column]


def block_text(block: Block) -> str:
    """All the text of a block on one line (cells separated by ' | ')."""
    if isinstance(block, Paragraph):
        return squash(block.text)
    return " | ".join(squash(c.text) for row in block.rows for c in row if c.text.strip())
