"""Plain text and Markdown: one paragraph per line, tab-separated and pipe rows as tables.

Plain-text exports of Word documents keep a table as lines whose cells are separated
by tabs, and put side-by-side header blocks (issuer | national motto) on one line the
same way. So consecutive tab rows form one `Table`; a group that is the document's
header or its recipients/signature block is marked `layout=True` so the parsers can
tell it from a task table. A table row that a page break split in two comes out as a
row, a blank line, then a row whose first cell is empty: the two are joined again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePath

from phongthu.ingest.model import Block, Cell, Format, IngestError, Paragraph, ReadResult, Table
from phongthu.ingest.readers import vntext
from phongthu.ingest.readers.base import ReadContext
from phongthu.ingest.readers.layout import is_layout_text

_BOLD = "**"
_WS = re.compile(r"\s+")
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_SEPARATOR = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_MD_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd"})
# Control characters other than tab, newline, carriage return, form feed and the
# DOS end-of-file mark: plain text has (almost) none, binaries are full of them.
_CONTROL = frozenset(range(32)) - {9, 10, 12, 13, 26}
# Text in a legacy encoding decoded the right way has nearly all its letters in known
# words (`vntext.word_share`, about 0.95 and up); noise in an unknown code page, about 0.1.
_MIN_WORD_SHARE = 0.5


def looks_like_text(data: bytes) -> bool:
    """True unless the first bytes betray a binary file."""
    head = data[:8192]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True  # UTF-16 with a byte-order mark: its NULs are expected
    if b"\x00" in head:
        return False
    if not head:
        return False
    controls = sum(1 for b in head if b in _CONTROL)
    return controls / len(head) < 0.05


def _squash(text: str) -> str:
    return _WS.sub(" ", text).strip()


@dataclass(slots=True)
class _Line:
    """One source line with its `**` marks removed, and where its bold stretches are.

    `bold` holds (start, end) spans, in order and apart: a few per line, where a flag per
    character made every cell's test a walk over its characters.
    """

    text: str
    bold: list[tuple[int, int]]

    def is_bold(self, start: int = 0, end: int | None = None) -> bool:
        """Whether text[start:end] has a visible character and all of them are bold."""
        text = self.text
        end = len(text) if end is None else min(end, len(text))
        visible = False
        pos = start
        for bold_start, bold_end in self.bold:
            if bold_end <= pos:
                continue
            if bold_start >= end:
                break
            if bold_start > pos and not text[pos:bold_start].isspace():
                return False  # a visible character outside bold
            inner = text[max(bold_start, pos) : min(bold_end, end)]
            visible = visible or (bool(inner) and not inner.isspace())
            pos = bold_end
        if pos < end and not text[pos:end].isspace():
            return False
        return visible

    def part(self, start: int, end: int) -> _Line:
        """text[start:end] with its bold spans."""
        spans = [
            (max(s, start) - start, min(e, end) - start)
            for s, e in self.bold
            if e > start and s < end
        ]
        return _Line(self.text[start:end], spans)


def _strip_bold(lines: list[str]) -> list[_Line]:
    """Remove `**` marks; a bold span may run over several lines of one paragraph.

    An odd mark in a stretch of lines without a blank one has no partner: it is
    dropped but toggles nothing, so a stray `**` cannot make the rest bold.
    """
    out: list[_Line] = []
    start = 0
    while start < len(lines):
        end = start
        while end < len(lines) and lines[end].strip():
            end += 1
        stretch = lines[start : max(end, start + 1)]
        marks = sum(line.count(_BOLD) for line in stretch)
        toggles_left = marks - (marks % 2)
        bold = False
        for line in stretch:
            text: list[str] = []
            spans: list[tuple[int, int]] = []
            pos = 0
            for i, piece in enumerate(line.split(_BOLD)):
                if i > 0 and toggles_left > 0:
                    bold = not bold
                    toggles_left -= 1
                text.append(piece)
                if bold and piece:
                    if spans and spans[-1][1] == pos:
                        spans[-1] = (spans[-1][0], pos + len(piece))
                    else:
                        spans.append((pos, pos + len(piece)))
                pos += len(piece)
            out.append(_Line("".join(text), spans))
        start = max(end, start + 1)
    return out


@dataclass(slots=True)
class _Row:
    cells: list[str]
    bold: list[bool]
    after_gap: bool  # blank lines stood between this row and the previous line


@dataclass(slots=True)
class _Group:
    rows: list[_Row] = field(default_factory=list)
    pipe: bool = False

    @property
    def width(self) -> int:
        return max(len(r.cells) for r in self.rows)


def _split_cells(line: _Line, sep: str) -> _Row:
    cells: list[str] = []
    bolds: list[bool] = []
    pos = 0
    for raw in line.text.split(sep):
        cells.append(_squash(raw))
        bolds.append(line.is_bold(pos, pos + len(raw)))
        pos += len(raw) + len(sep)
    return _Row(cells, bolds, after_gap=False)


_ESCAPED_PIPE = "\\|"
_PIPE_MARK = "\x00\x01"  # as long as what it stands for, so bold spans stay in place


def _pipe_row(line: _Line) -> _Row:
    # Drop the outer pipes, keep escaped ones inside cells.
    text = line.text.replace(_ESCAPED_PIPE, _PIPE_MARK)
    lead = len(text) - len(text.lstrip())
    inner = text.strip()
    offset = lead + 1
    inner = inner[1:]
    if inner.endswith("|"):
        inner = inner[:-1]
    shifted = _Line(inner, line.part(offset, offset + len(inner)).bold)
    row = _split_cells(shifted, "|")
    row.cells = [c.replace(_PIPE_MARK, "|") for c in row.cells]
    return row


def _is_pipe_line(text: str) -> bool:
    s = text.strip()
    return s.startswith("|") and s.count("|") - s.count("\\|") >= 2


# Header and signature blocks are a few lines; a long group is data even when one of
# its cells happens to start with "Số:".
_LAYOUT_MAX_ROWS = 8


def _is_layout(group: _Group) -> bool:
    return len(group.rows) <= _LAYOUT_MAX_ROWS and any(
        is_layout_text(cell) for row in group.rows for cell in row.cells
    )


def _table(group: _Group) -> Table:
    width = group.width
    rows: list[list[Cell]] = []
    for row in group.rows:
        cells = [Cell(text=t, bold=b) for t, b in zip(row.cells, row.bold, strict=True)]
        cells.extend(Cell(text="") for _ in range(width - len(cells)))
        rows.append(cells)
    return Table(rows=rows, layout=_is_layout(group))


def _merge_continuation(prev: _Row, row: _Row) -> None:
    for i, text in enumerate(row.cells):
        if not text:
            continue
        if i < len(prev.cells):
            prev.cells[i] = f"{prev.cells[i]} {text}".strip()
            prev.bold[i] = prev.bold[i] and row.bold[i]
        else:
            prev.cells.append(text)
            prev.bold.append(row.bold[i])


def _blocks_of_group(group: _Group) -> list[Block]:
    """A group with a single filled column is indented prose, not a table."""
    if group.pipe or any(sum(1 for c in r.cells if c) >= 2 for r in group.rows):
        return [_table(group)]
    out: list[Block] = []
    for row in group.rows:
        text = " ".join(c for c in row.cells if c)
        if text:
            bold = all(b for c, b in zip(row.cells, row.bold, strict=True) if c)
            out.append(Paragraph(text=text, bold=bold))
    return out


class _Builder:
    """Walks the lines once, keeping at most one open table group."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.group: _Group | None = None

    def close(self) -> None:
        if self.group is not None:
            self.blocks.extend(_blocks_of_group(self.group))
            self.group = None

    def add_row(self, row: _Row, *, pipe: bool) -> None:
        group = self.group
        if group is not None and group.pipe == pipe and self._continues(group, row):
            last = group.rows[-1]
            if (
                row.after_gap
                and not pipe
                and row.cells
                and not row.cells[0]
                and last.cells
                and last.cells[0]
                and not _is_layout(group)
            ):
                _merge_continuation(last, row)
            else:
                group.rows.append(row)
            return
        self.close()
        self.group = _Group(rows=[row], pipe=pipe)

    @staticmethod
    def _continues(group: _Group, row: _Row) -> bool:
        if not row.after_gap:
            return True
        if group.pipe:
            return False
        # Across a blank line (a page break in the export) only a row of the same
        # shape and the same kind continues the table.
        same_kind = _is_layout(group) == any(is_layout_text(c) for c in row.cells)
        return len(row.cells) == len(group.rows[0].cells) and same_kind

    def add_paragraph(self, paragraph: Paragraph) -> None:
        self.close()
        self.blocks.append(paragraph)


def parse_text(text: str, *, markdown: bool) -> list[Block]:
    """Blocks of a decoded text, one paragraph per non-empty line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n\n").replace("\ufeff", "")
    lines = _strip_bold(text.split("\n"))
    builder = _Builder()
    gap = False
    for line in lines:
        if not line.text.strip():
            gap = True
            continue
        if _is_pipe_line(line.text):
            if _MD_SEPARATOR.match(line.text.strip()):
                gap = False
                continue
            row = _pipe_row(line)
            row.after_gap = gap
            builder.add_row(row, pipe=True)
        elif "\t" in line.text:
            row = _split_cells(line, "\t")
            row.after_gap = gap
            builder.add_row(row, pipe=False)
        else:
            builder.add_paragraph(_paragraph(line, markdown=markdown))
        gap = False
    builder.close()
    return builder.blocks


def _paragraph(line: _Line, *, markdown: bool) -> Paragraph:
    if markdown:
        m = _MD_HEADING.match(line.text)
        if m:
            level = len(m.group(1))
            start = m.start(2)
            body = line.part(start, start + len(m.group(2)))
            return Paragraph(text=_squash(body.text), bold=body.is_bold(), style=f"Heading {level}")
    return Paragraph(text=_squash(line.text), bold=line.is_bold())


class PlainTextReader:
    """Reads .txt and .md files, in UTF-8 or a legacy Vietnamese encoding."""

    name = "text"

    def score(self, data: bytes, filename: str) -> int:
        return 10 if looks_like_text(data) else 0

    def read(self, data: bytes, context: ReadContext) -> ReadResult:
        text, encoding = vntext.decode_bytes(data)
        if encoding not in ("utf-8", "utf-16") and vntext.word_share(text) < _MIN_WORD_SHARE:
            # Not UTF-8, and none of the Vietnamese 8-bit encodings gives words: some
            # other code page (or a binary without control bytes). Parsing it would
            # print an empty result as if the document said nothing.
            raise IngestError(
                f"Không đọc được tệp “{context.filename}”: chữ trong tệp không thuộc bảng mã "
                "nào đã biết (Unicode, TCVN3, VNI, Windows-1258). Hãy mở tệp bằng chương "
                "trình đã tạo ra nó và lưu lại dạng văn bản Unicode (UTF-8)."
            )
        if encoding in ("utf-8", "utf-16"):
            # Legacy-font text pasted into a Unicode file keeps its TCVN3/VNI codes.
            legacy = vntext.detect_legacy(text)
            if legacy:
                text, encoding = vntext.convert_legacy(text, legacy), legacy
        text = vntext.nfc(text)
        markdown = PurePath(context.filename).suffix.lower() in _MD_SUFFIXES
        fmt: Format = "md" if markdown else "txt"
        return ReadResult(format=fmt, blocks=parse_text(text, markdown=markdown), encoding=encoding)
