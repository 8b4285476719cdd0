"""An `OfficialDocument` as a Word file in the format of Nghị định 30/2020 (Phụ lục I).

What the decree fixes, and how it is laid out here:

- A4 portrait; margins top and bottom 20 mm, left 30 mm, right 15 mm.
- Times New Roman everywhere, named for every script Word distinguishes (ASCII, the
  rest of Latin, East Asian, complex): Word picks the font of a Vietnamese letter by
  its script slot, and a slot left to the theme shows Calibri or a CJK font.
- The header is a borderless table of two columns, as real documents are typed:
  left the parent body (13, capitals) and the issuer (13, bold capitals) over a short
  rule, then "Số: …" (13); right the national title (12, bold capitals) and the motto
  (13, bold) over a rule as long as it, then place and date (14, italic). A name too
  long for its column at 13 is set at 12, as the decree allows, before it wraps.
- Type name (14, bold capitals), title (14, bold) with a short rule below it.
- Body 14, justified, first line indented 12.7 mm, 6 pt between paragraphs.
- Page numbers top centre from the second page: the first page has its own (empty)
  header, every other page a PAGE field.
- The closing is a borderless table of two columns, recipients left ("Nơi nhận:" 12
  bold italic, the list 11, the "Lưu:" line last), signature right (authority and
  position 14 bold capitals, the name 14 bold).

The fixed wording below (national title, motto, "Số:", "Nơi nhận:", "Lưu:") is part of
the official format, not of the interface: it is printed in Vietnamese whatever
language a person reads the pages in.

Rules are bottom borders of empty, 4-point-high paragraphs indented to the rule's
length, rather than drawn shapes: they print the same in Word and LibreOffice, stay
in place when text moves, and readers of the file see no stray drawing objects.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from typing import Any
from xml.sax.saxutils import escape

from docx import Document as new_document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table as DocxTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph
from lxml import etree

from phongthu.documents.render.model import (
    Align,
    Appendix,
    Block,
    Cell,
    Header,
    Heading,
    OfficialDocument,
    Paragraph,
    Recipient,
    Signature,
    Table,
)

FONT = "Times New Roman"
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
RECIPIENTS_LABEL = "Nơi nhận:"
MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# Page (mm)
PAGE_WIDTH, PAGE_HEIGHT = 210, 297
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = 20, 20, 30, 15
HEADER_DISTANCE = 10
TEXT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT

# Sizes (pt), each within the range the decree gives
SIZE_PARENT = 13
SIZE_ISSUER = 13
SIZE_SMALL_NAME = 12  # parent or issuer too long for one line at 13
SIZE_NUMBER = 13
SIZE_NATIONAL = 12
SIZE_MOTTO = 13
SIZE_DATE = 14
SIZE_TYPE = 14
SIZE_TITLE = 14
SIZE_BODY = 14
SIZE_SIGNATURE = 14
SIZE_RECIPIENTS_LABEL = 12
SIZE_RECIPIENTS = 11
SIZE_PAGE_NUMBER = 14
SIZE_SUMMARY = 12  # a công văn's "V/v …" under its number

# Header and closing tables (mm): a little wider than the text, into the left margin,
# so the national title fits one line at 12 pt as in printed documents.
HEADER_LEFT, HEADER_RIGHT, HEADER_INDENT = 70.0, 100.0, -5.0
CLOSING_LEFT, CLOSING_RIGHT = 80.0, 85.0
TIGHT_CELL_MARGIN = 1.0
TABLE_CELL_MARGIN = 1.5
FIRST_LINE_INDENT = 12.7
SIGNING_ROOM_LINES = 4  # empty lines left for the signature and the seal

_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}
_TWIPS_PER_MM = 1440 / 25.4


def render_docx(document: OfficialDocument) -> bytes:
    """The document as the bytes of a .docx file."""
    return _Writer().write(document)


# --- measuring ----------------------------------------------------------------------------
# Average advance widths of Times New Roman in ems, by kind of character. Good to a few
# per cent on Vietnamese text, which is all the layout needs: choosing 12 or 13 pt for a
# name and the length of a rule (decree: a third to a half of the line above it).
_WIDTHS_REGULAR = {"upper": 0.68, "lower": 0.47, "digit": 0.5, "space": 0.25, "other": 0.36}
_WIDTHS_BOLD = {"upper": 0.72, "lower": 0.51, "digit": 0.5, "space": 0.25, "other": 0.4}


def text_width_mm(text: str, size: float, *, bold: bool = False) -> float:
    table = _WIDTHS_BOLD if bold else _WIDTHS_REGULAR
    ems = 0.0
    for char in text:
        if char.isspace():
            ems += table["space"]
        elif char.isdigit():
            ems += table["digit"]
        elif char.isupper():
            ems += table["upper"]
        elif char.isalpha():
            ems += table["lower"]
        else:
            ems += table["other"]
    return ems * size * 25.4 / 72


def _fitting_size(text: str, width_mm: float, *, bold: bool) -> float:
    """13 pt where the name fits on one line, else 12 (the decree's two sizes)."""
    if text_width_mm(text, SIZE_ISSUER, bold=bold) <= width_mm:
        return SIZE_ISSUER
    return SIZE_SMALL_NAME


# --- low-level XML --------------------------------------------------------------------------


def _twips(mm: float) -> str:
    return str(round(mm * _TWIPS_PER_MM))


def _el(tag: str, **attrs: str) -> Any:
    element = OxmlElement(tag)
    for key, value in attrs.items():
        element.set(qn(f"w:{key}"), value)
    return element


def _fonts_element() -> Any:
    return _el("w:rFonts", ascii=FONT, hAnsi=FONT, eastAsia=FONT, cs=FONT)


def _set_run_format(
    run_properties: Any, *, size: float, bold: bool = False, italic: bool = False
) -> None:
    """Size, bold and italic for Latin and complex scripts alike (w:b and w:bCs, …)."""
    for tag in ("w:b", "w:bCs", "w:i", "w:iCs", "w:sz", "w:szCs"):
        for old in run_properties.findall(qn(tag)):
            run_properties.remove(old)
    flags = []
    if bold:
        flags += [_el("w:b"), _el("w:bCs")]
    if italic:
        flags += [_el("w:i"), _el("w:iCs")]
    half_points = str(round(size * 2))
    # Schema order of rPr children: b, bCs, i, iCs, …, sz, szCs.
    for flag in flags:
        run_properties.append(flag)
    run_properties.append(_el("w:sz", val=half_points))
    run_properties.append(_el("w:szCs", val=half_points))


# Characters XML 1.0 cannot carry (a vertical tab pasted from Word, a stray NUL): python-docx
# refuses them, and one in a task's content must not stop the whole document.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    return _NOT_XML.sub(" ", text)


def _add_run(
    paragraph: DocxParagraph, text: str, *, size: float, bold: bool = False, italic: bool = False
) -> None:
    run = paragraph.add_run(xml_safe(text))
    _set_run_format(run._r.get_or_add_rPr(), size=size, bold=bold, italic=italic)


def _format_paragraph(
    paragraph: DocxParagraph,
    *,
    align: Align = "left",
    first_line_mm: float = 0.0,
    before_pt: float = 0.0,
    after_pt: float = 0.0,
    line: float | None = None,
    keep_with_next: bool = False,
) -> None:
    fmt = paragraph.paragraph_format
    fmt.alignment = _ALIGN[align]
    fmt.first_line_indent = Mm(first_line_mm) if first_line_mm else Mm(0)
    fmt.space_before = Pt(before_pt)
    fmt.space_after = Pt(after_pt)
    if line is not None:
        fmt.line_spacing = line
    if keep_with_next:
        fmt.keep_with_next = True


def _rule(paragraph: DocxParagraph, *, length_mm: float, available_mm: float) -> None:
    """Make an empty paragraph a centred horizontal rule `length_mm` long."""
    side = max(0.0, (available_mm - length_mm) / 2)
    ppr = paragraph._p.get_or_add_pPr()
    borders = _el("w:pBdr")
    borders.append(_el("w:bottom", val="single", sz="6", space="1", color="000000"))
    ppr.append(borders)
    fmt = paragraph.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fmt.left_indent = Mm(side)
    fmt.right_indent = Mm(side)
    fmt.first_line_indent = Mm(0)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing = Pt(4)
    # The paragraph mark's own size, so Word does not make the line taller than 4 pt.
    _set_run_format(_paragraph_mark_properties(paragraph), size=1)


def _paragraph_mark_properties(paragraph: DocxParagraph) -> Any:
    ppr = paragraph._p.get_or_add_pPr()
    rpr = ppr.find(qn("w:rPr"))
    if rpr is None:
        rpr = _el("w:rPr")
        ppr.append(rpr)
    return rpr


def _table_properties(
    table: DocxTable,
    widths_mm: Sequence[float],
    *,
    borders: bool,
    indent_mm: float = 0.0,
    cell_margin_mm: float = TABLE_CELL_MARGIN,
) -> None:
    tbl = table._tbl
    tblpr = tbl.tblPr
    for tag in ("w:tblW", "w:tblInd", "w:tblBorders", "w:tblLayout", "w:tblCellMar"):
        for old in tblpr.findall(qn(tag)):
            tblpr.remove(old)
    # Schema order inside tblPr: tblStyle, …, tblW, jc, …, tblInd, tblBorders, …,
    # tblLayout, tblCellMar, tblLook.
    look = tblpr.find(qn("w:tblLook"))
    for element in (
        _el("w:tblW", w=_twips(sum(widths_mm)), type="dxa"),
        _el("w:tblInd", w=_twips(indent_mm), type="dxa"),
        _borders_element(visible=borders),
        _el("w:tblLayout", type="fixed"),
        _cell_margins_element(cell_margin_mm),
    ):
        if look is not None:
            look.addprevious(element)
        else:
            tblpr.append(element)
    grid = tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths_mm, strict=True):
        col.set(qn("w:w"), _twips(width))
    table.autofit = False
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=False):
            cell.width = Mm(width)


def _borders_element(*, visible: bool) -> Any:
    borders = _el("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        if visible:
            borders.append(_el(f"w:{side}", val="single", sz="4", space="0", color="000000"))
        else:
            borders.append(_el(f"w:{side}", val="nil"))
    return borders


def _cell_margins_element(mm: float) -> Any:
    margins = _el("w:tblCellMar")
    for side in ("top", "left", "bottom", "right"):
        value = mm if side in ("left", "right") else 0.5
        margins.append(_el(f"w:{side}", w=_twips(value), type="dxa"))
    return margins


def _page_field(paragraph: DocxParagraph, *, size: float) -> None:
    """A PAGE field: Word and LibreOffice print the page's number in its place."""
    begin = paragraph.add_run()
    begin._r.append(_el("w:fldChar", fldCharType="begin"))
    code = paragraph.add_run()
    instruction = _el("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = " PAGE "
    code._r.append(instruction)
    separate = paragraph.add_run()
    separate._r.append(_el("w:fldChar", fldCharType="separate"))
    shown = paragraph.add_run("2")
    end = paragraph.add_run()
    end._r.append(_el("w:fldChar", fldCharType="end"))
    for run in (begin, code, separate, shown, end):
        _set_run_format(run._r.get_or_add_rPr(), size=size)


# --- the writer ----------------------------------------------------------------------------


class _Writer:
    def __init__(self) -> None:
        self.doc = new_document()
        self._setup_styles()
        self._setup_page()
        # python-docx's template starts with one empty paragraph: drop it.
        body = self.doc.element.body
        for p in body.findall(qn("w:p")):
            body.remove(p)

    def write(self, document: OfficialDocument) -> bytes:
        self.doc.core_properties.title = _one_line(xml_safe(document.title))[:255]
        self.doc.core_properties.author = xml_safe(document.header.issuer)[:255]
        self.doc.core_properties.language = "vi-VN"
        self._header(document)
        self._type_and_title(document)
        self._blocks(document.body)
        self._closing(document.signature, document.recipients, document.archive)
        for appendix in document.appendices:
            self._appendix(appendix)
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()

    # --- set-up ----------------------------------------------------------------------------

    def _setup_styles(self) -> None:
        styles = self.doc.styles.element
        defaults = styles.find(qn("w:docDefaults"))
        rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
        for child in list(rpr):
            rpr.remove(child)
        rpr.append(_fonts_element())
        rpr.append(_el("w:sz", val=str(SIZE_BODY * 2)))
        rpr.append(_el("w:szCs", val=str(SIZE_BODY * 2)))
        rpr.append(_el("w:lang", val="vi-VN", eastAsia="vi-VN", bidi="ar-SA"))
        ppr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
        for child in list(ppr):
            ppr.remove(child)
        ppr.append(_el("w:spacing", after="0", line="240", lineRule="auto"))

        normal = self.doc.styles["Normal"]
        normal_rpr = normal.element.get_or_add_rPr()
        for old in normal_rpr.findall(qn("w:rFonts")):
            normal_rpr.remove(old)
        normal_rpr.insert(0, _fonts_element())
        _set_run_format(normal_rpr, size=SIZE_BODY)
        for name in ("Header", "Footer"):
            style = self.doc.styles[name]
            style_rpr = style.element.get_or_add_rPr()
            style_rpr.insert(0, _fonts_element())

    def _setup_page(self) -> None:
        section = self.doc.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width = Mm(PAGE_WIDTH)
        section.page_height = Mm(PAGE_HEIGHT)
        section.top_margin = Mm(MARGIN_TOP)
        section.bottom_margin = Mm(MARGIN_BOTTOM)
        section.left_margin = Mm(MARGIN_LEFT)
        section.right_margin = Mm(MARGIN_RIGHT)
        section.header_distance = Mm(HEADER_DISTANCE)
        section.footer_distance = Mm(HEADER_DISTANCE)
        # The first page carries no number; the others carry theirs, top centre.
        section.different_first_page_header_footer = True
        first = section.first_page_header
        first.is_linked_to_previous = False
        paragraph = section.header.paragraphs[0]
        _format_paragraph(paragraph, align="center")
        _page_field(paragraph, size=SIZE_PAGE_NUMBER)

    # --- header ----------------------------------------------------------------------------

    def _header(self, document: OfficialDocument) -> None:
        header = document.header
        table = self.doc.add_table(rows=2, cols=2)
        _table_properties(
            table,
            (HEADER_LEFT, HEADER_RIGHT),
            borders=False,
            indent_mm=HEADER_INDENT,
            cell_margin_mm=TIGHT_CELL_MARGIN,
        )
        left_width = HEADER_LEFT - 2 * TIGHT_CELL_MARGIN
        right_width = HEADER_RIGHT - 2 * TIGHT_CELL_MARGIN
        names, motto = table.cell(0, 0), table.cell(0, 1)
        number, date = table.cell(1, 0), table.cell(1, 1)

        # Left: parent body, issuer, a rule a little over a third of the issuer's line.
        lines = _Lines(names)
        issuer = header.issuer.upper()
        if header.issuer_parent:
            parent = header.issuer_parent.upper()
            size = _fitting_size(parent, left_width, bold=False)
            lines.add(parent, size=size, align="center")
        issuer_size = _fitting_size(issuer, left_width, bold=True)
        lines.add(issuer, size=issuer_size, bold=True, align="center")
        issuer_width = min(text_width_mm(issuer, issuer_size, bold=True), left_width)
        _rule(lines.next(), length_mm=max(15.0, issuer_width * 0.4), available_mm=left_width)

        # Right: national title, motto over a rule as long as the motto.
        lines = _Lines(motto)
        lines.add(NATIONAL_TITLE, size=SIZE_NATIONAL, bold=True, align="center")
        lines.add(MOTTO, size=SIZE_MOTTO, bold=True, align="center")
        motto_width = text_width_mm(MOTTO, SIZE_MOTTO, bold=True)
        _rule(lines.next(), length_mm=motto_width, available_mm=right_width)

        lines = _Lines(number)
        lines.add(_number_line(header.reference), size=SIZE_NUMBER, align="center", before=6)
        if not document.type_name and document.title:
            # A công văn has no type name: its summary stands under the number.
            lines.add(document.title, size=SIZE_SUMMARY, align="center", before=6)
        lines = _Lines(date)
        lines.add(_date_line(header), size=SIZE_DATE, italic=True, align="center", before=6)

    def _type_and_title(self, document: OfficialDocument) -> None:
        if not document.type_name:
            self._spacer()
            return
        type_name = self.doc.add_paragraph()
        _format_paragraph(type_name, align="center", before_pt=24, keep_with_next=True)
        _add_run(type_name, document.type_name.upper(), size=SIZE_TYPE, bold=True)
        if document.title:
            title = self.doc.add_paragraph()
            _format_paragraph(title, align="center", keep_with_next=True)
            _add_run(title, _one_line(document.title), size=SIZE_TITLE, bold=True)
            width = min(text_width_mm(document.title, SIZE_TITLE, bold=True), TEXT_WIDTH)
            rule = self.doc.add_paragraph()
            _rule(rule, length_mm=max(25.0, width * 0.4), available_mm=TEXT_WIDTH)
        self._spacer()

    def _spacer(self) -> None:
        spacer = self.doc.add_paragraph()
        _format_paragraph(spacer)

    # --- body ------------------------------------------------------------------------------

    def _blocks(self, blocks: Iterable[Block]) -> None:
        for block in blocks:
            if isinstance(block, Heading):
                self._heading(block)
            elif isinstance(block, Paragraph):
                self._paragraph(block)
            else:
                self._table(block)

    def _paragraph(self, block: Paragraph) -> None:
        paragraph = self.doc.add_paragraph()
        _format_paragraph(
            paragraph,
            align=block.align,
            first_line_mm=FIRST_LINE_INDENT if block.indent else 0.0,
            before_pt=6,
            line=1.15,
        )
        for span in block.spans:
            _add_run(paragraph, span.text, size=SIZE_BODY, bold=span.bold, italic=span.italic)

    def _heading(self, block: Heading) -> None:
        paragraph = self.doc.add_paragraph()
        _format_paragraph(
            paragraph,
            align="justify",
            first_line_mm=FIRST_LINE_INDENT,
            before_pt=6,
            line=1.15,
            keep_with_next=True,
        )
        _add_run(
            paragraph,
            block.text,
            size=SIZE_BODY,
            bold=block.level <= 2,
            italic=block.level >= 3,
        )

    def _table(self, block: Table) -> None:
        widths = [column.width_mm for column in block.columns]
        table = self.doc.add_table(rows=0, cols=len(block.columns))
        _table_properties(table, widths, borders=True)
        heading = tuple(Cell.of(c.title, bold=True, align="center") for c in block.columns)
        rows = [_row_xml(block, heading, header=True, keep_with_next=True)]
        rows += [
            _row_xml(block, row.cells, header=False, keep_with_next=row.keep_with_next)
            for row in block.rows
        ]
        _rows(table._tbl, rows)
        # Word needs a paragraph between a table and what follows it.
        self._spacer()

    # --- closing ----------------------------------------------------------------------------

    def _closing(
        self, signature: Signature, recipients: Sequence[Recipient], archive: Sequence[str]
    ) -> None:
        table = self.doc.add_table(rows=1, cols=2)
        _table_properties(
            table,
            (CLOSING_LEFT, CLOSING_RIGHT),
            borders=False,
            cell_margin_mm=TIGHT_CELL_MARGIN,
        )
        left, right = table.cell(0, 0), table.cell(0, 1)

        lines = _Lines(left)
        lines.add(RECIPIENTS_LABEL, size=SIZE_RECIPIENTS_LABEL, bold=True, italic=True, before=6)
        for recipient in recipients:
            lines.add(_recipient_line(recipient), size=SIZE_RECIPIENTS)
        if archive:
            lines.add(f"- Lưu: {', '.join(archive)}.", size=SIZE_RECIPIENTS)

        lines = _Lines(right)
        for index, text in enumerate(signature.lines):
            lines.add(
                text.upper(),
                size=SIZE_SIGNATURE,
                bold=True,
                align="center",
                before=6 if index == 0 else 0,
            )
        for _ in range(SIGNING_ROOM_LINES):
            lines.add("", size=SIZE_SIGNATURE, align="center")
        if signature.name:
            lines.add(signature.name, size=SIZE_SIGNATURE, bold=True, align="center")

    def _appendix(self, appendix: Appendix) -> None:
        opening = self.doc.add_paragraph()
        _format_paragraph(opening, align="center", keep_with_next=True)
        opening.add_run().add_break(WD_BREAK.PAGE)
        _add_run(opening, appendix.title.upper(), size=SIZE_TYPE, bold=True)
        if appendix.subtitle:
            subtitle = self.doc.add_paragraph()
            _format_paragraph(subtitle, align="center", keep_with_next=True)
            _add_run(subtitle, appendix.subtitle, size=SIZE_TITLE, bold=True)
        if appendix.note:
            note = self.doc.add_paragraph()
            _format_paragraph(note, align="center", keep_with_next=True)
            _add_run(note, appendix.note, size=SIZE_BODY, italic=True)
        rule = self.doc.add_paragraph()
        width = text_width_mm(appendix.subtitle or appendix.title, SIZE_TITLE, bold=True)
        _rule(rule, length_mm=max(25.0, min(width, TEXT_WIDTH) * 0.4), available_mm=TEXT_WIDTH)
        self._spacer()
        self._blocks(appendix.blocks)


# --- table rows, written straight as XML ------------------------------------------------------
# A plan's table runs to hundreds of rows. python-docx's property setters look up and
# reorder children on every call, and each element it makes is a Python object; the rows
# written as WordprocessingML text, in schema order, and parsed once by lxml render a
# 200-task plan many times faster, which is what a download link needs.

_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_JC = {"left": "left", "center": "center", "right": "right", "justify": "both"}
_BREAKS = re.compile(r"([\t\n\r])")


def _rows(tbl: Any, rows: Iterable[str]) -> None:
    fragment = etree.fromstring(f'<w:tbl xmlns:w="{_NS}">{"".join(rows)}</w:tbl>')
    tbl.extend(list(fragment))


def _row_xml(block: Table, cells: Sequence[Cell], *, header: bool, keep_with_next: bool) -> str:
    # A row is never split across pages; the heading row repeats on each page.
    out = ["<w:tr><w:trPr><w:cantSplit/>", "<w:tblHeader/>" if header else "", "</w:trPr>"]
    columns = block.columns
    valign = "center" if header else "top"
    col = 0
    for cell in (*cells, *[Cell()] * len(columns)):
        if col >= len(columns):
            break
        span = max(1, min(cell.span, len(columns) - col))
        width = _twips(sum(c.width_mm for c in columns[col : col + span]))
        out.append(f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>')
        if span > 1:
            out.append(f'<w:gridSpan w:val="{span}"/>')
        out.append(f'<w:vAlign w:val="{valign}"/></w:tcPr>')
        jc = _JC[cell.align or columns[col].align]
        for text in cell.lines or ("",):
            out.append(
                _paragraph_xml(
                    text, size=block.font_size, bold=cell.bold, jc=jc, keep=keep_with_next
                )
            )
        out.append("</w:tc>")
        col += span
    out.append("</w:tr>")
    return "".join(out)


def _paragraph_xml(text: str, *, size: float, bold: bool, jc: str, keep: bool) -> str:
    half_points = round(size * 2)
    sizes = f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'
    keep_next = "<w:keepNext/>" if keep else ""
    out = [
        f'<w:p><w:pPr>{keep_next}<w:spacing w:before="40" w:after="0"/>',
        f'<w:jc w:val="{jc}"/><w:rPr>{sizes}</w:rPr></w:pPr>',
    ]
    if text:
        out.append(f"<w:r><w:rPr>{'<w:b/><w:bCs/>' if bold else ''}{sizes}</w:rPr>")
        for part in _BREAKS.split(xml_safe(text)):
            if part == "\t":
                out.append("<w:tab/>")
            elif part in ("\n", "\r"):
                out.append("<w:br/>")
            elif part:
                out.append(f'<w:t xml:space="preserve">{escape(part)}</w:t>')
        out.append("</w:r>")
    out.append("</w:p>")
    return "".join(out)


class _Lines:
    """Adds one paragraph per line to a table cell, using the cell's first, empty one."""

    def __init__(self, cell: _Cell) -> None:
        self.cell = cell
        self.used = False

    def next(self) -> DocxParagraph:
        if not self.used:
            self.used = True
            return self.cell.paragraphs[0]
        return self.cell.add_paragraph()

    def add(
        self,
        text: str,
        *,
        size: float,
        bold: bool = False,
        italic: bool = False,
        align: Align = "left",
        before: float = 0.0,
    ) -> DocxParagraph:
        paragraph = self.next()
        _format_paragraph(paragraph, align=align, before_pt=before)
        if text:
            _add_run(paragraph, text, size=size, bold=bold, italic=italic)
        else:
            _set_run_format(_paragraph_mark_properties(paragraph), size=size)
        return paragraph


def _one_line(text: str) -> str:
    return " ".join(text.split())


# Blank space where a draft's number or day is still to be written in by hand.
_BLANK = "\u0020" * 7


def _number_line(reference: str) -> str:
    reference = reference.strip()
    if reference.startswith("/"):
        return f"Số:{_BLANK}{reference}"
    return f"Số: {reference}" if reference else f"Số:{_BLANK}"


def _date_part(value: int | None, *, pad: bool) -> str:
    if value is None:
        return _BLANK
    return f"{value:02d}" if pad else str(value)


def _date_line(header: Header) -> str:
    """'Bắc Giang, ngày 05 tháng 3 năm 2024': days below 10 and months 1 and 2 take a 0."""
    day = _date_part(header.day, pad=True)
    month = _date_part(header.month, pad=header.month is not None and header.month < 3)
    year = str(header.year) if header.year else _BLANK
    place = f"{header.place}, " if header.place else ""
    return f"{place}ngày {day} tháng {month} năm {year}"


def _recipient_line(recipient: Recipient) -> str:
    purpose = f" ({recipient.purpose})" if recipient.purpose else ""
    return f"- {recipient.name}{purpose};"
