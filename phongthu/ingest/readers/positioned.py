"""From words with positions on a page to paragraphs and tables.

Both a PDF's text layer and OCR give words with boxes and nothing more; this module
rebuilds the reading structure from geometry alone. Coordinates are PDF points (1/72
inch), origin top left.

- Words whose vertical centres agree form a visual row.
- Side-by-side blocks are recognised where a row has a wide horizontal gap: at the top
  of the first page (issuer | national motto) or wherever a column holds a layout
  marker ("Nơi nhận", "KT. GIÁM ĐỐC"). The rows that continue those two columns
  become one `Table(layout=True)`, one table row per visual row, as in a text export.
- Other rows are grouped into paragraphs: a paragraph ends at a wider vertical gap, a
  line that stops short of the right margin, the next line's first-line indent, a
  list marker, or a change of size or weight. Centred lines stand alone.
"""

from __future__ import annotations

import itertools
import re
import statistics
from dataclasses import dataclass, field

from phongthu.ingest.model import Cell, Paragraph, Table
from phongthu.ingest.readers import vntext
from phongthu.ingest.readers.layout import is_layout_text

# Words recognised below this OCR confidence (0-100) are reported as uncertain.
LOW_CONFIDENCE = 60.0
# A horizontal gap this much wider than the font size separates two columns.
_COLUMN_GAP_EM = 3.0
_COLUMN_GAP_MIN_PT = 36.0
_MAX_LAYOUT_ROWS = 25
_PAGE_NUMBER = re.compile(r"^[-–—\s]*(trang\s*)?\d{1,4}([-–—/\s]+\d{1,4})?[-–—\s]*$", re.I)
_LIST_MARKER = re.compile(
    r"^([-+•–*]|\d{1,2}(\.\d{1,2})*[.)]|[a-zđ][.)]|[IVXLC]{1,6}\.|Điều\s+\d+)(\s|$)"
)


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool = False
    italic: bool = False
    conf: float | None = None

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(slots=True)
class Row:
    """Words on one visual line, left to right."""

    words: list[Word]

    @property
    def x0(self) -> float:
        return min(w.x0 for w in self.words)

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def center_x(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def size(self) -> float:
        return statistics.median(w.size for w in self.words)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def bold(self) -> bool:
        return all(w.bold for w in self.words)

    @property
    def italic(self) -> bool:
        return all(w.italic for w in self.words)

    def column_gap(self) -> float:
        return max(_COLUMN_GAP_EM * self.size, _COLUMN_GAP_MIN_PT)

    def segments(self) -> list[list[Word]]:
        """Runs of words separated by gaps wide enough to part columns."""
        out: list[list[Word]] = []
        for word in self.words:
            if out and word.x0 - out[-1][-1].x1 < self.column_gap():
                out[-1].append(word)
            else:
                out.append([word])
        return out

    def split_at_widest_gap(self, min_gap: float | None = None) -> float | None:
        """The x of the middle of the widest gap, when it is wide enough for columns."""
        best_gap, split = 0.0, None
        for left, right in zip(self.words, self.words[1:], strict=False):
            gap = right.x0 - left.x1
            if gap > best_gap:
                best_gap, split = gap, (left.x1 + right.x0) / 2
        if best_gap >= (self.column_gap() if min_gap is None else min_gap):
            return split
        return None


def group_rows(units: list[list[Word]]) -> list[Row]:
    """Visual rows from units (single words, or lines an OCR engine already found)."""
    units = [u for u in units if u]
    units.sort(key=lambda u: statistics.median(w.middle for w in u))
    rows: list[Row] = []
    for unit in units:
        middle = statistics.median(w.middle for w in unit)
        height = statistics.median(w.bottom - w.top for w in unit)
        if rows:
            row = rows[-1]
            row_middle = statistics.median(w.middle for w in row.words)
            row_height = statistics.median(w.bottom - w.top for w in row.words)
            if abs(middle - row_middle) <= 0.5 * min(height, row_height):
                row.words.extend(unit)
                continue
        rows.append(Row(list(unit)))
    for row in rows:
        row.words.sort(key=lambda w: w.x0)
    return rows


def drop_page_furniture(rows: list[Row], height: float) -> list[Row]:
    """Remove page numbers printed in the top or bottom margin."""
    margin = 0.08 * height
    return [
        r
        for r in rows
        if not ((r.top < margin or r.bottom > height - margin) and _PAGE_NUMBER.match(r.text))
    ]


# --- paragraphs ------------------------------------------------------------------------


@dataclass(slots=True)
class ParagraphDraft:
    rows: list[Row]
    page: int
    centered: bool = False
    align: str | None = None
    right_margin: float = 0.0
    first_indented: bool = False

    @property
    def top(self) -> float:
        return self.rows[0].top

    def freeze(self) -> Paragraph:
        words = [w for r in self.rows for w in r.words]
        confs = [w.conf for w in words if w.conf is not None]
        return Paragraph(
            text=" ".join(" ".join(r.text for r in self.rows).split()),
            bold=all(r.bold for r in self.rows),
            italic=all(r.italic for r in self.rows),
            page=self.page,
            align=self.align,
            confidence=round(statistics.fmean(confs), 1) if confs else None,
            uncertain=uncertain_words(words),
        )


def uncertain_words(words: list[Word]) -> tuple[str, ...]:
    return tuple(w.text for w in words if w.conf is not None and w.conf < LOW_CONFIDENCE)


@dataclass(slots=True)
class TableItem:
    table: Table
    top: float
    bottom: float
    columns: list[float] = field(default_factory=list)


Item = ParagraphDraft | TableItem


@dataclass(slots=True)
class _Margins:
    left: float
    right: float

    @property
    def width(self) -> float:
        return max(self.right - self.left, 1.0)

    @property
    def center(self) -> float:
        return (self.left + self.right) / 2


def _margins(rows: list[Row], page_width: float) -> _Margins:
    if not rows:
        return _Margins(0.1 * page_width, 0.9 * page_width)
    lefts = sorted(r.x0 for r in rows)
    rights = sorted(r.x1 for r in rows)
    return _Margins(lefts[len(lefts) // 10], rights[(len(rights) * 9) // 10])


def wraps_into(line: Row, following: Row, right_edge: float) -> bool:
    """Whether `following` continues `line`: its first word would not have fitted.

    This holds for ragged-right text as well as justified text, where a line ending
    short of the margin would otherwise be taken for the end of a paragraph.
    """
    first = following.words[0]
    room = right_edge - line.x1
    return room < (first.x1 - first.x0) + 0.6 * following.size


def _paragraphs(rows: list[Row], page: int, margins: _Margins) -> list[ParagraphDraft]:
    gaps = [b.top - a.bottom for a, b in itertools.pairwise(rows)]
    positive = [g for g in gaps if g > -1]
    normal_gap = statistics.median(positive) if positive else 0.0
    drafts: list[ParagraphDraft] = []
    current: ParagraphDraft | None = None
    prev: Row | None = None
    for row in rows:
        indent = row.x0 - margins.left
        right_short = margins.right - row.x1
        centered = (
            indent > 0.08 * margins.width
            and right_short > 0.08 * margins.width
            and abs(indent - right_short) < 0.1 * margins.width
            and not _LIST_MARKER.match(row.text)
        )
        indented = 0.02 * margins.width < indent < 0.25 * margins.width
        new = (
            current is None
            or prev is None
            or centered
            or current.centered
            or (row.top - prev.bottom) > normal_gap * 1.5 + 0.25 * row.size
            or not wraps_into(prev, row, margins.right)
            or indented
            or bool(_LIST_MARKER.match(row.text))
            or row.bold != prev.bold
            or abs(row.size - prev.size) > 1.5
        )
        if new or current is None:
            current = ParagraphDraft(
                rows=[row], page=page, centered=centered, right_margin=margins.right
            )
            current.first_indented = indented
            drafts.append(current)
        else:
            current.rows.append(row)
        prev = row
    for draft in drafts:
        draft.align = _alignment(draft, margins)
    return drafts


def _alignment(draft: ParagraphDraft, margins: _Margins) -> str:
    if draft.centered:
        return "center"
    first = draft.rows[0]
    if len(draft.rows) > 1 and any(
        margins.right - r.x1 < 0.06 * margins.width for r in draft.rows[:-1]
    ):
        return "justify"
    if first.x0 - margins.left > 0.3 * margins.width and margins.right - first.x1 < 0.05 * (
        margins.width
    ):
        return "right"
    return "left"


# --- side-by-side layout blocks ----------------------------------------------------------


@dataclass(slots=True)
class _Column:
    x0: float
    x1: float

    @property
    def center(self) -> float:
        return (self.x0 + self.x1) / 2

    def holds(self, row_words: list[Word], page_width: float) -> bool:
        x0 = min(w.x0 for w in row_words)
        x1 = max(w.x1 for w in row_words)
        # Header and signature lines are centred in their column; recipients lists
        # are aligned on its left edge.
        centred = abs((x0 + x1) / 2 - self.center) < 0.06 * page_width
        return centred or abs(x0 - self.x0) < 0.03 * page_width


def _side_by_side(
    rows: list[Row], start: int, *, page_width: float, top_of_document: bool
) -> tuple[TableItem, int] | None:
    """A layout table starting at rows[start], and the index after it, or None."""
    first = rows[start]
    split = first.split_at_widest_gap()
    if split is None and top_of_document and start < 3:
        # The two header cells of a narrow layout nearly touch: at the top of the
        # first page a smaller gap near the middle of the page is enough.
        split = first.split_at_widest_gap(max(1.5 * first.size, 12.0))
        if split is not None and not 0.3 * page_width < split < 0.7 * page_width:
            split = None
    if split is None:
        return None
    left = [w for w in first.words if w.x1 <= split]
    right = [w for w in first.words if w.x0 >= split]
    marked = is_layout_text(" ".join(w.text for w in left)) or is_layout_text(
        " ".join(w.text for w in right)
    )
    if not (marked or (top_of_document and start < 3)):
        return None
    columns = (
        _Column(min(w.x0 for w in left), max(w.x1 for w in left)),
        _Column(min(w.x0 for w in right), max(w.x1 for w in right)),
    )
    # The gap between the columns: a line of either column may run into it (a long
    # "V/v" summary under the number) but never across it.
    gap_left, gap_right = columns[0].x1, columns[1].x0
    body: list[list[list[Word]]] = [[left, right]]
    tops = [first.top]
    bottoms = [first.bottom]
    end = start + 1
    while end < len(rows) and len(body) < _MAX_LAYOUT_ROWS:
        row = rows[end]
        # Wide enough for a signature and a seal, not for the page's next section.
        if row.top - bottoms[-1] > 10 * row.size:
            break
        sides: tuple[list[Word], list[Word]] = ([], [])
        crossing = False
        for segment in row.segments():
            x0, x1 = segment[0].x0, segment[-1].x1
            if x1 < gap_right - 1 and (x0 < gap_left or x1 <= split):
                sides[0].extend(segment)
            elif x0 > gap_left + 1:
                sides[1].extend(segment)
            else:
                crossing = True
        if crossing:
            break
        if not sides[0] and not columns[1].holds(sides[1], page_width):
            break
        if not sides[1] and not columns[0].holds(sides[0], page_width):
            break
        last = body[-1]
        lone = 0 if not sides[1] else 1 if not sides[0] else None
        if lone is not None and not last[lone] and row.top < bottoms[-1]:
            # One column's line sits beside the previous line of the other column
            # (different font sizes put them on slightly different baselines).
            last[lone] = sides[lone]
            bottoms[-1] = max(bottoms[-1], row.bottom)
        else:
            body.append([sides[0], sides[1]])
            tops.append(row.top)
            bottoms.append(row.bottom)
        end += 1
    table_rows = [[_layout_cell(side) for side in pair] for pair in body]
    item = TableItem(table=Table(rows=table_rows, layout=True), top=tops[0], bottom=bottoms[-1])
    return item, end


def _layout_cell(words: list[Word]) -> Cell:
    confs = [w.conf for w in words if w.conf is not None]
    return Cell(
        text=" ".join(w.text for w in words),
        bold=bool(words) and all(w.bold for w in words),
        confidence=round(statistics.fmean(confs), 1) if confs else None,
        uncertain=uncertain_words(words),
    )


# --- a page ------------------------------------------------------------------------------


def layout_page(
    rows: list[Row],
    *,
    page: int,
    page_width: float,
    tables: list[TableItem],
    top_of_document: bool,
) -> list[Item]:
    """Paragraph drafts and tables of one page, top to bottom."""
    items: list[Item] = list(tables)
    runs: list[list[Row]] = [[]]
    index = 0
    while index < len(rows):
        found = _side_by_side(rows, index, page_width=page_width, top_of_document=top_of_document)
        if found is None:
            runs[-1].append(rows[index])
            index += 1
            continue
        item, index = found
        item.table = Table(rows=item.table.rows, page=page, layout=True)
        items.append(item)
        runs.append([])
        top_of_document = False
    # Margins come from the running text only: header columns would distort them.
    margins = _margins([r for run in runs for r in run], page_width)
    for run in runs:
        if run:
            items.extend(_paragraphs(run, page, margins))
    items.sort(key=lambda it: it.top)
    return items


def join_pages(pages: list[list[Item]]) -> list[Item]:
    """Join what a page break cut: a paragraph running on, a table continuing."""
    out: list[Item] = []
    for items in pages:
        if out and items:
            last, first = out[-1], items[0]
            if (
                isinstance(last, ParagraphDraft)
                and isinstance(first, ParagraphDraft)
                and wraps_into(last.rows[-1], first.rows[0], last.right_margin)
                and not last.centered
                and not first.centered
                and not first.first_indented
                and not _LIST_MARKER.match(first.rows[0].text)
                and last.rows[-1].bold == first.rows[0].bold
                and abs(last.rows[-1].size - first.rows[0].size) <= 1.5
            ):
                last.rows.extend(first.rows)
                items = items[1:]
            elif isinstance(last, TableItem) and isinstance(first, TableItem):
                merged = _continue_table(last, first)
                if merged is not None:
                    out[-1] = merged
                    items = items[1:]
        out.extend(items)
    return out


def _continue_table(upper: TableItem, lower: TableItem) -> TableItem | None:
    """The lower table appended to the upper one when it has the same columns."""
    if upper.table.layout or lower.table.layout or not upper.columns:
        return None
    if len(upper.columns) != len(lower.columns) or any(
        abs(a - b) > 3 for a, b in zip(upper.columns, lower.columns, strict=True)
    ):
        return None
    rows = list(upper.table.rows)
    extra = list(lower.table.rows)
    if extra and _row_key(extra[0]) == _row_key(rows[0]):
        extra = extra[1:]  # the header row Word repeats on each page
    if extra and rows and extra[0] and not extra[0][0].text and len(extra[0]) == len(rows[-1]):
        # the first row's number cell is empty: a row the page break cut in two
        rows[-1] = [
            Cell(
                text="\n".join(t for t in (a.text, b.text) if t),
                row_span=a.row_span,
                col_span=a.col_span,
                bold=a.bold and (b.bold or not b.text),
            )
            for a, b in zip(rows[-1], extra[0], strict=True)
        ]
        extra = extra[1:]
    table = Table(rows=rows + extra, page=upper.table.page, layout=False)
    return TableItem(table=table, top=upper.top, bottom=lower.bottom, columns=upper.columns)


def _row_key(row: list[Cell]) -> list[str]:
    # OCR reads the same header slightly differently on each page ("nhiêm"/"nhiệm").
    return ["".join(vntext.search_key(c.text).split()) for c in row]


def freeze(items: list[Item]) -> list[Paragraph | Table]:
    return [it.freeze() if isinstance(it, ParagraphDraft) else it.table for it in items]
