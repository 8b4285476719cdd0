"""An official document as the renderers see it: what is printed, not how.

The parts are those Nghị định 30/2020 (Phụ lục I) fixes for every administrative
document: the header (issuing body, number, national title, place and date), the type
name and title, the body (headings, paragraphs, tables), the signature, the recipients
and the archive line, then any appendices. A plan, a report or a letter becomes one of
these (plans/render.py, and reporting later); `render.docx` lays it out in the official
format, `render.pdf` converts that layout.

Values are the document's own wording. Case is the renderer's business: the issuer is
given as written ("Sở Khoa học và Công nghệ") and printed in capitals where the format
wants capitals.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Align = Literal["left", "center", "right", "justify"]


@dataclass(frozen=True)
class Header:
    issuer: str  # tên cơ quan ban hành
    issuer_parent: str = ""  # tên cơ quan chủ quản, "" when none is printed
    reference: str = ""  # "42/KH-UBND"; "/KH-KHCN" in a draft without its number
    place: str = ""
    year: int | None = None  # a part left None prints as blank space (a draft)
    month: int | None = None
    day: int | None = None


@dataclass(frozen=True)
class Span:
    """A run of text with its own emphasis inside a paragraph."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Paragraph:
    """A body paragraph: justified, first line indented, unless told otherwise."""

    spans: tuple[Span, ...]
    align: Align = "justify"
    indent: bool = True

    @classmethod
    def of(cls, text: str, *, bold: bool = False, italic: bool = False) -> Paragraph:
        return cls((Span(text, bold=bold, italic=italic),))

    @property
    def text(self) -> str:
        return "".join(span.text for span in self.spans)


@dataclass(frozen=True)
class Heading:
    """A numbered heading of the body: level 1 "I. NỘI DUNG", 2 "1. Mục đích", 3 "a) …"."""

    label: str
    title: str
    level: int = 1

    @property
    def text(self) -> str:
        if not self.label:
            return self.title
        mark = ")" if self.level >= 3 else "."
        return f"{self.label}{mark} {self.title}"


@dataclass(frozen=True)
class Column:
    title: str
    width_mm: float
    align: Align = "left"


@dataclass(frozen=True)
class Cell:
    """A table cell: one printed line per entry (a paragraph each in Word)."""

    lines: tuple[str, ...] = ()
    span: int = 1  # columns it runs across
    bold: bool = False
    align: Align | None = None  # None: the column's alignment

    @classmethod
    def of(
        cls, text: str, *, span: int = 1, bold: bool = False, align: Align | None = None
    ) -> Cell:
        return cls((text,) if text else (), span=span, bold=bold, align=align)


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    keep_with_next: bool = False  # a group's title row stays on the page of its first task


@dataclass(frozen=True)
class Table:
    """A bordered table whose heading row repeats on every page it runs over."""

    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    font_size: float = 13


Block = Paragraph | Heading | Table


@dataclass(frozen=True)
class Signature:
    """The signing block: "KT. GIÁM ĐỐC" / "PHÓ GIÁM ĐỐC", room to sign, the name."""

    lines: tuple[str, ...]  # authority and position lines, printed in capitals
    name: str = ""


@dataclass(frozen=True)
class Recipient:
    name: str
    purpose: str = ""  # "b/c", "t/h", …: printed in brackets after the name


@dataclass(frozen=True)
class Appendix:
    """A "Phụ lục" after the signature, on a page of its own."""

    title: str  # "PHỤ LỤC" or "PHỤ LỤC I"
    subtitle: str = ""  # what it lists, in capitals
    note: str = ""  # "(Kèm theo Kế hoạch số …)", italic
    blocks: tuple[Block, ...] = ()


@dataclass(frozen=True)
class OfficialDocument:
    header: Header
    type_name: str  # "Kế hoạch", "Báo cáo"; "" for a công văn (its title goes under Số)
    title: str  # trích yếu
    body: tuple[Block, ...] = ()
    signature: Signature = field(default_factory=lambda: Signature(lines=()))
    recipients: tuple[Recipient, ...] = ()
    archive: tuple[str, ...] = ("VT",)
    appendices: tuple[Appendix, ...] = ()
