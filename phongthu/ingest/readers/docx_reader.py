"""Word documents (.docx): paragraphs and tables of the body, in reading order.

Only the body is read: headers, footers and footnotes repeat page furniture (page
numbers, "DỰ THẢO") that is not part of the document's text. Text boxes belong to
the body and are read where they are anchored; of the two renderings Word stores for
a drawing (mc:Choice and its VML mc:Fallback) only one is taken, so nothing appears
twice. Runs typed in legacy Vietnamese fonts (.VnTime = TCVN3, VNI-Times = VNI) are
converted to Unicode.

Pages are tracked from the breaks Word recorded when it last laid the document out
(w:lastRenderedPageBreak); a document without them has no page numbers.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import cast

from lxml import etree

from phongthu.ingest.model import Block, Cell, Format, IngestError, Paragraph, ReadResult, Table
from phongthu.ingest.readers import vntext
from phongthu.ingest.readers.base import ReadContext
from phongthu.ingest.readers.docx_package import is_zip, load_package
from phongthu.ingest.readers.docx_styles import (
    JC,
    Numbering,
    RunFormat,
    StyleSheet,
    first_child,
    paragraph_style_id,
    toggle,
    w,
    wval,
)
from phongthu.ingest.readers.layout import is_layout_text

_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_ALTERNATE = f"{_MC}AlternateContent"
_CHOICE = f"{_MC}Choice"
_FALLBACK = f"{_MC}Fallback"

_P, _R, _T, _TBL, _TR, _TC = w("p"), w("r"), w("t"), w("tbl"), w("tr"), w("tc")
_PPR, _RPR, _TRPR, _TCPR = w("pPr"), w("rPr"), w("trPr"), w("tcPr")
_RFONTS, _HANSI, _ASCII = w("rFonts"), w("hAnsi"), w("ascii")
_PSTYLE, _SECTPR = w("pStyle"), w("sectPr")
_W = w("")
_TABS = frozenset({w("tab"), w("ptab")})
_BR, _CR, _NO_BREAK_HYPHEN, _RENDERED_BREAK = (
    w("br"), w("cr"), w("noBreakHyphen"), w("lastRenderedPageBreak")
)  # fmt: skip
_DRAWINGS = frozenset({w("drawing"), w("pict"), w("object")})
_BLOCK_WRAPPERS = frozenset({w("sdt"), w("sdtContent"), w("customXml"), w("ins"), w("moveTo")})
_TXBX = w("txbxContent")
# Containers whose children are read as if they stood in the parent.
_TRANSPARENT = frozenset(
    {w("hyperlink"), w("ins"), w("moveTo"), w("smartTag"), w("customXml"), w("fldSimple"),
     w("sdt"), w("sdtContent"), w("dir"), w("bdo")}
)  # fmt: skip
# Never text: properties, deletions, field codes.
_SKIP = frozenset(
    {w("pPr"), w("rPr"), w("del"), w("moveFrom"), w("sdtPr"), w("sdtEndPr"), w("instrText"),
     w("delText"), w("footnoteReference"), w("endnoteReference"), w("commentReference")}
)  # fmt: skip
_NO_BORDER = frozenset({"nil", "none"})
# Letters that only Unicode Vietnamese has: a run containing one was typed in Unicode,
# whatever font name it carries.
_UNICODE_VIETNAMESE = re.compile(
    "[\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01a0\u01a1\u01af\u01b0"
    "\u1ea0-\u1ef9\u0300-\u0323]"
)
# How legacy codes arrive in Word: Latin-1 letters, or U+F0xx for symbol-charset fonts.
_LEGACY_EVIDENCE = re.compile("[\u0080-\u00ff\uf080-\uf0ff]")
_LAYOUT_MAX_ROWS = 8


def _branch(alternate: etree._Element) -> etree._Element | None:
    """The one branch of an mc:AlternateContent to read: the first Choice, else Fallback."""
    choice = first_child(alternate, _CHOICE)
    return choice if choice is not None else first_child(alternate, _FALLBACK)


@dataclass(slots=True)
class _Line:
    """One line of a paragraph as the runs that make it: (text, bold, italic) pieces.

    Formatting is kept per run, not per character: a paragraph is bold when every run
    with visible text is.
    """

    pieces: list[tuple[str, bool, bool]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(piece[0] for piece in self.pieces)

    def add(self, text: str, fmt: RunFormat) -> None:
        self.pieces.append((text, fmt.bold, fmt.italic))

    def all_bold(self, start: int = 0, end: int | None = None) -> bool:
        if start == 0 and end is None:
            return self._whole(1)
        return self._all(1, start, end)

    def all_italic(self) -> bool:
        return self._whole(2)

    def _whole(self, flag: int) -> bool:
        """Whether every visible character of the line has the flag (and some is)."""
        seen = False
        for piece in self.pieces:
            text = piece[0]
            if text and not text.isspace():
                if not piece[flag]:
                    return False
                seen = True
        return seen

    def _all(self, flag: int, start: int, end: int | None) -> bool:
        """Whether every visible character in text[start:end] has the flag (and some is)."""
        seen = False
        pos = 0
        for piece in self.pieces:
            text = piece[0]
            piece_end = pos + len(text)
            if piece_end > start and (end is None or pos < end):
                part = text[max(start - pos, 0) : None if end is None else end - pos]
                if part and not part.isspace():
                    if not piece[flag]:
                        return False
                    seen = True
            pos = piece_end
        return seen


class _Collected:
    """A paragraph's content gathered from its runs."""

    __slots__ = ("breaks_after_text", "breaks_before_text", "lines", "textboxes")

    def __init__(self) -> None:
        self.lines: list[_Line] = [_Line()]
        self.textboxes: list[etree._Element] = []
        self.breaks_before_text = 0
        self.breaks_after_text = 0

    def has_text(self) -> bool:
        return any(line.text.strip() for line in self.lines)


def _squash(text: str) -> str:
    return " ".join(text.split())


class _Walker:
    """Reads body content into blocks, keeping page and numbering state in document order."""

    def __init__(
        self,
        styles: StyleSheet,
        numbering: Numbering,
        *,
        rendered_pages: bool,
        single_page: bool,
        legacy: set[str],
    ) -> None:
        self.styles = styles
        self.numbering = numbering
        self.rendered_pages = rendered_pages
        self.single_page = single_page
        self.legacy = legacy
        self.page = 1
        self.encodings: Counter[str] = Counter()

    # --- runs ---------------------------------------------------------------------

    def _run(self, run: etree._Element, para_style: str | None, out: _Collected) -> None:
        fmt = self.styles.run_format(first_child(run, _RPR), para_style)
        encoding = None
        if self.legacy and fmt.font:
            encoding = vntext.font_encoding(fmt.font)
            if encoding not in self.legacy:
                encoding = None
        for child in run:
            tag = child.tag
            if tag == _T:
                if fmt.hidden or not child.text:
                    continue
                text = child.text
                if encoding and fmt.font and not _UNICODE_VIETNAMESE.search(text):
                    # TCVN3 capitals live in separate fonts (.VnTimeH, .VnArialH)
                    # whose lower-case code points draw capital letters.
                    upper = vntext.font_is_uppercase(fmt.font)
                    text = vntext.convert_legacy(text, encoding, uppercase=upper)
                    self.encodings[encoding] += len(text)
                if fmt.caps:
                    text = text.upper()
                out.lines[-1].add(text, fmt)
            elif tag in _TABS:
                out.lines[-1].add("\t", fmt)
            elif tag == _BR:
                if wval(child, "type") == "page":
                    self._page_break(out, explicit=True)
                else:
                    out.lines.append(_Line())
            elif tag == _CR:
                out.lines.append(_Line())
            elif tag == _NO_BREAK_HYPHEN:
                out.lines[-1].add("-", fmt)
            elif tag == _RENDERED_BREAK:
                self._page_break(out, explicit=False)
            elif tag == _ALTERNATE:
                branch = _branch(child)
                if branch is not None:
                    out.textboxes.extend(_textboxes(branch))
            elif tag in _DRAWINGS:
                out.textboxes.extend(_textboxes(child))

    def _page_break(self, out: _Collected, *, explicit: bool) -> None:
        # Word records where it broke pages on its last layout; those are what the
        # reader trusts. Explicit breaks only count where no such record exists.
        if explicit == self.rendered_pages:
            return
        if out.has_text():
            out.breaks_after_text += 1
        else:
            out.breaks_before_text += 1

    def _collect(self, elem: etree._Element, para_style: str | None, out: _Collected) -> None:
        for child in elem:
            tag = child.tag
            if tag == _R:
                self._run(child, para_style, out)
            elif tag in _SKIP or not isinstance(tag, str):
                continue
            elif tag == _ALTERNATE:
                branch = _branch(child)
                if branch is not None:
                    self._collect(branch, para_style, out)
            elif tag in _TRANSPARENT:
                self._collect(child, para_style, out)

    # --- paragraphs ---------------------------------------------------------------

    def paragraph(self, p: etree._Element, *, in_cell: bool) -> list[Block | _TabRow]:
        ppr = first_child(p, _PPR)
        # The paragraph's own properties, read once (the first of each kind counts).
        direct: dict[object, etree._Element] = {}
        if ppr is not None:
            for prop in ppr:
                direct.setdefault(prop.tag, prop)
        style_id = wval(direct.get(_PSTYLE))
        effective_style = style_id or self.styles.default_paragraph

        def prop_of(tag: str) -> etree._Element | None:
            found = direct.get(_W + tag)
            return found if found is not None else self.styles.styled_property(effective_style, tag)

        out = _Collected()
        if not self.rendered_pages and toggle(prop_of("pageBreakBefore")):
            out.breaks_before_text += 1
        self._collect(p, style_id, out)
        self.page += out.breaks_before_text
        page = self.page if self.rendered_pages else (1 if self.single_page else None)
        label = self._label(prop_of("numPr"))
        align = JC.get(wval(prop_of("jc")) or "")
        style = self.styles.name(effective_style)
        blocks: list[Block | _TabRow] = []
        for index, line in enumerate(out.lines):
            text = line.text
            numbering = label if index == 0 else None
            if not text.strip() and not (numbering and in_cell):
                continue
            if not in_cell and "\t" in text and _is_layout_row(text):
                blocks.append(_tab_row(text, line, page))
                continue
            blocks.append(
                Paragraph(
                    text=_squash(text),
                    bold=line.all_bold(),
                    italic=line.all_italic(),
                    page=page,
                    align=align,
                    numbering=numbering,
                    style=style,
                )
            )
        for box in out.textboxes:
            blocks.extend(self.content(box, in_cell=in_cell))
        self.page += out.breaks_after_text
        # A section break in the paragraph's properties starts the next section on a
        # new page unless the next section says "continuous".
        if not self.rendered_pages:
            sect = direct.get(_SECTPR)
            if sect is not None and wval(first_child(sect, w("type"))) not in (
                "continuous",
                "nextColumn",
            ):
                self.page += 1
        return blocks

    def _label(self, num_pr: etree._Element | None) -> str | None:
        if num_pr is None:
            return None
        num_id = wval(first_child(num_pr, w("numId")))
        ilvl_value = wval(first_child(num_pr, w("ilvl")))
        ilvl = int(ilvl_value) if ilvl_value and ilvl_value.isdigit() else 0
        return self.numbering.label(num_id, min(ilvl, 8))

    # --- block containers -----------------------------------------------------------

    def content(self, container: etree._Element, *, in_cell: bool) -> list[Block]:
        """Blocks of a body, cell or text box, in order."""
        blocks: list[Block | _TabRow] = []
        for child in container:
            tag = child.tag
            if tag == _P:
                blocks.extend(self.paragraph(child, in_cell=in_cell))
            elif tag == _TBL:
                blocks.extend(self.table(child, top=not in_cell and not blocks))
            elif tag == _ALTERNATE:
                branch = _branch(child)
                if branch is not None:
                    blocks.extend(self.content(branch, in_cell=in_cell))
            elif tag in _BLOCK_WRAPPERS:
                blocks.extend(self.content(child, in_cell=in_cell))
        if in_cell:
            return cast("list[Block]", blocks)  # tab rows are made outside cells only
        return _merge_layout_rows(blocks)

    # --- tables -------------------------------------------------------------------

    def table(self, tbl: etree._Element, *, top: bool) -> list[Block]:
        start_page = self.page if self.rendered_pages else (1 if self.single_page else None)
        grid: list[list[_CellDraft]] = []
        open_cells: dict[int, _CellDraft] = {}
        for tr in _rows(tbl):
            row: list[_CellDraft] = []
            trpr = first_child(tr, _TRPR)
            col = _int(wval(first_child(trpr, w("gridBefore")))) if trpr is not None else 0
            for tc in _cells(tr):
                tcpr = first_child(tc, _TCPR)
                span = (
                    max(1, _int(wval(first_child(tcpr, w("gridSpan"))))) if tcpr is not None else 1
                )
                vmerge = first_child(tcpr, w("vMerge")) if tcpr is not None else None
                blocks = self.content(tc, in_cell=True)
                if vmerge is not None and wval(vmerge) in (None, "continue") and col in open_cells:
                    open_cells[col].row_span += 1
                else:
                    draft = _CellDraft(blocks=blocks, col_span=span)
                    row.append(draft)
                    if vmerge is not None and wval(vmerge) == "restart":
                        open_cells[col] = draft
                    else:
                        open_cells.pop(col, None)
                col += span
            grid.append(row)
        if len(grid) == 1 and len(grid[0]) == 1 and grid[0][0].row_span == 1:
            # A one-cell table is a frame around content, not data: unwrap it.
            return grid[0][0].blocks
        rows = [[draft.freeze() for draft in row] for row in grid if row]
        if not rows:
            return []
        layout = self._is_layout(tbl, rows, top=top)
        return [Table(rows=rows, page=start_page, layout=layout)]

    def _is_layout(self, tbl: etree._Element, rows: list[list[Cell]], *, top: bool) -> bool:
        if len(rows) > _LAYOUT_MAX_ROWS:
            return False
        if any(is_layout_text(line) for row in rows for c in row for line in c.text.split("\n")):
            return True
        # A borderless table opening the document lays out its header.
        return top and not self._bordered(tbl)

    def _bordered(self, tbl: etree._Element) -> bool:
        borders = self.styles.table_borders(first_child(tbl, w("tblPr")))
        if borders is None:
            return False
        return any((wval(b) or "single") not in _NO_BORDER for b in borders)


@dataclass(slots=True)
class _CellDraft:
    blocks: list[Block]
    col_span: int = 1
    row_span: int = 1

    def freeze(self) -> Cell:
        lines: list[str] = []
        bold: list[bool] = []
        for block in self.blocks:
            if isinstance(block, Paragraph):
                text = " ".join(t for t in (block.numbering, block.text) if t)
                if text:
                    lines.append(text)
                    bold.append(block.bold)
            else:
                # A table nested in a cell: each of its rows becomes one line.
                for row in block.rows:
                    text = " ".join(c.text.replace("\n", " ") for c in row if c.text)
                    if text:
                        lines.append(text)
                        bold.append(all(c.bold for c in row if c.text))
        return Cell(
            text="\n".join(lines),
            row_span=self.row_span,
            col_span=self.col_span,
            bold=bool(bold) and all(bold),
        )


def _int(value: str | None) -> int:
    return int(value) if value and value.isdigit() else 0


def _rows(tbl: etree._Element) -> list[etree._Element]:
    rows: list[etree._Element] = []
    for child in tbl:
        if child.tag == _TR:
            rows.append(child)
        elif child.tag in (w("sdt"), w("customXml")):
            rows.extend(r for r in child.iter(_TR) if _owner(r, _TBL) is tbl)
    return rows


def _cells(tr: etree._Element) -> list[etree._Element]:
    cells: list[etree._Element] = []
    for child in tr:
        if child.tag == _TC:
            cells.append(child)
        elif child.tag in (w("sdt"), w("customXml")):
            cells.extend(c for c in child.iter(_TC) if _owner(c, _TR) is tr)
    return cells


def _owner(elem: etree._Element, tag: str) -> etree._Element | None:
    parent = elem.getparent()
    while parent is not None and parent.tag != tag:
        parent = parent.getparent()
    return parent


def _textboxes(elem: etree._Element) -> list[etree._Element]:
    """Text-box contents inside a drawing, taking one branch of each alternative."""
    found: list[etree._Element] = []
    for child in elem:
        if child.tag == _TXBX:
            found.append(child)
        elif child.tag == _ALTERNATE:
            branch = _branch(child)
            if branch is not None:
                found.extend(_textboxes(branch))
        elif isinstance(child.tag, str):
            found.extend(_textboxes(child))
    return found


def _is_layout_row(text: str) -> bool:
    cells = [c for c in (_squash(part) for part in text.split("\t")) if c]
    return len(cells) >= 2 and any(is_layout_text(c) for c in cells)


@dataclass(slots=True)
class _TabRow:
    """A header or signature line laid out with tabs instead of a table."""

    cells: list[Cell]
    page: int | None


def _tab_row(text: str, line: _Line, page: int | None) -> _TabRow:
    cells: list[Cell] = []
    pos = 0
    for part in text.split("\t"):
        end = pos + len(part)
        cleaned = _squash(part)
        if cleaned:
            cells.append(Cell(text=cleaned, bold=line.all_bold(pos, end)))
        pos = end + 1
    return _TabRow(cells, page)


def _merge_layout_rows(blocks: list[Block | _TabRow]) -> list[Block]:
    """Consecutive header lines laid out with tabs become one layout table."""
    out: list[Block] = []
    pending: list[_TabRow] = []

    def flush() -> None:
        if pending:
            width = max(len(r.cells) for r in pending)
            rows = [r.cells + [Cell(text="")] * (width - len(r.cells)) for r in pending]
            out.append(Table(rows=rows, page=pending[0].page, layout=True))
            pending.clear()

    for block in blocks:
        if isinstance(block, _TabRow):
            pending.append(block)
            continue
        flush()
        out.append(block)
    flush()
    return out


def _has_rendered_breaks(document: etree._Element) -> bool:
    return next(document.iter(w("lastRenderedPageBreak")), None) is not None


def _names_legacy_fonts(*roots: etree._Element | None) -> bool:
    """Whether any font named in these parts is a legacy-encoded one (.VnTime, VNI-*):
    only then may a run be typed in a legacy encoding."""
    names = {
        fonts.get(attr)
        for root in roots
        if root is not None
        for fonts in root.iter(_RFONTS)
        for attr in (_HANSI, _ASCII)
    }
    return any(vntext.font_encoding(name) for name in names if name)


def _live_legacy_encodings(body: etree._Element, styles: StyleSheet) -> set[str]:
    """The legacy encodings really used for typing, as opposed to leftover font names.

    Documents converted to Unicode often keep ".VnTime" in their Normal style while
    every letter is Unicode; converting those runs would garble them. An encoding is
    live when the text of its runs reads as Vietnamese only once converted.
    """
    if not _names_legacy_fonts(body, styles.root):
        return set()  # the usual case: no run can be in a legacy font, nothing to test
    samples: dict[str, list[str]] = {}
    for p in body.iter(_P):
        style_id = paragraph_style_id(first_child(p, w("pPr")))
        for run in p.iter(_R):
            text = "".join(t.text or "" for t in run.iter(_T))
            if not _LEGACY_EVIDENCE.search(text) or _UNICODE_VIETNAMESE.search(text):
                continue
            encoding = vntext.font_encoding(
                styles.run_format(first_child(run, w("rPr")), style_id).font
            )
            if encoding is not None:
                samples.setdefault(encoding, []).append(text)
    return {enc for enc, texts in samples.items() if vntext.detect_legacy(" ".join(texts))}


def read_docx_bytes(data: bytes, filename: str, *, fmt: Format = "docx") -> ReadResult:
    """Read a DOCX; `fmt` lets the .doc reader report its own format."""
    package = load_package(data, filename)
    body = first_child(package.document, w("body"))
    if body is None:
        raise IngestError(f"Tệp Word “{filename}” không có phần nội dung (thân văn bản).")
    rendered = _has_rendered_breaks(package.document)
    styles = StyleSheet(package.styles)
    walker = _Walker(
        styles,
        Numbering(package.numbering),
        rendered_pages=rendered,
        single_page=package.pages == 1,
        legacy=_live_legacy_encodings(body, styles),
    )
    blocks = walker.content(body, in_cell=False)
    encoding = walker.encodings.most_common(1)[0][0] if walker.encodings else "utf-8"
    pages = package.pages or (walker.page if rendered else None)
    return ReadResult(format=fmt, blocks=blocks, pages=pages, encoding=encoding)


class DocxReader:
    """Word 2007+ documents (.docx, .docm, .dotx)."""

    name = "docx"

    def score(self, data: bytes, filename: str) -> int:
        # Every zip comes here: a broken or foreign zip deserves a Word-specific message.
        return 50 if is_zip(data) else 0

    def read(self, data: bytes, context: ReadContext) -> ReadResult:
        return read_docx_bytes(data, context.filename)
