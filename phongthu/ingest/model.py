"""The data the ingest pipeline passes between its steps.

Readers turn bytes into a `ReadResult` (blocks: paragraphs and tables, in reading
order). Parse steps turn blocks into an `Extraction`, whose `to_json()` is exactly
the document described by `shared/schema/extraction.schema.json`.

Pure Python: nothing here may import Django or the apps (docs/architecture.md).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Format = Literal["txt", "md", "docx", "doc", "pdf", "image", "html"]


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph of running text, NFC, markup removed.

    `bold`/`italic` are true when the whole paragraph is set so (a heading hint);
    `page` is 1-based where the format knows pages; `align` is "left", "center",
    "right", "justify" or None where unknown; `numbering` is the label Word
    generates for a numbered list item ("1.", "a)") and that is not in `text`.
    From OCR only: `confidence` is the mean word confidence (0-100) and `uncertain`
    lists the words recognised with low confidence (a handwritten number, a stamp),
    so that a parser can leave a field null rather than trust them.
    """

    text: str
    bold: bool = False
    italic: bool = False
    page: int | None = None
    align: str | None = None
    numbering: str | None = None
    style: str | None = None
    confidence: float | None = None
    uncertain: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Cell:
    """A table cell; a merged cell appears once, with its spans.

    `confidence` and `uncertain` as for `Paragraph` (OCR only).
    """

    text: str
    row_span: int = 1
    col_span: int = 1
    bold: bool = False
    confidence: float | None = None
    uncertain: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Table:
    """Rows of cells. `rows[i]` lists the cells that start in row i, left to right.

    `layout` is true for tables used to lay out a page (the header's two columns,
    the signature block) rather than to hold data.
    """

    rows: list[list[Cell]]
    page: int | None = None
    layout: bool = False


Block = Paragraph | Table


@dataclass(slots=True)
class ReadResult:
    """What a reader gives back: blocks in reading order plus facts about the source."""

    format: Format
    blocks: list[Block]
    pages: int | None = None
    ocr: bool = False
    encoding: str = "utf-8"
    warnings: list[str] = field(default_factory=list)


class IngestError(Exception):
    """A document that cannot be read at all. The message is Vietnamese, for the user."""


# --- The extraction: mirrors extraction.schema.json --------------------------------------


@dataclass(slots=True)
class Source:
    filename: str
    format: Format
    sha256: str
    ocr: bool = False
    encoding: str = "utf-8"
    pages: int | None = None


@dataclass(slots=True)
class DocDate:
    year: int | None = None
    month: int | None = None
    day: int | None = None

    @property
    def iso(self) -> str | None:
        if self.year and self.month and self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        return None

    def to_json(self) -> dict[str, Any]:
        return {"year": self.year, "month": self.month, "day": self.day, "iso": self.iso}


@dataclass(slots=True)
class Signer:
    name: str | None = None
    position: str | None = None
    authority: str | None = None  # "", "TM.", "KT.", "TL.", "TUQ.", "Q." or None
    on_behalf_of: str | None = None


@dataclass(slots=True)
class Recipient:
    name: str
    purpose: str | None = None


@dataclass(slots=True)
class DocumentInfo:
    type: str | None = None
    type_code: str | None = None
    reference: str | None = None
    number: str | None = None
    symbol: str | None = None
    issuer: str | None = None
    issuer_parent: str | None = None
    place: str | None = None
    date: DocDate = field(default_factory=DocDate)
    title: str | None = None
    signer: Signer | None = None
    recipients: list[Recipient] = field(default_factory=list)
    archive: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Citation:
    type: str | None
    reference: str
    date: str | None = None
    issuer: str | None = None
    role: Literal["basis", "mentioned"] = "mentioned"


@dataclass(slots=True)
class Section:
    label: str
    title: str
    children: list[Section] = field(default_factory=list)


@dataclass(slots=True)
class Timeframe:
    text: str
    kind: Literal["ongoing", "deadline", "period", "recurring", "unspecified"] = "unspecified"
    start: str | None = None  # yyyy-mm-dd
    due: str | None = None  # yyyy-mm-dd
    recurrence: str | None = None  # monthly, quarterly, half_yearly, yearly


@dataclass(slots=True)
class TaskGroup:
    label: str
    title: str


@dataclass(slots=True)
class Task:
    group: TaskGroup | None
    label: str
    content: str
    lead: list[str] = field(default_factory=list)
    support: list[str] = field(default_factory=list)
    timeframe: Timeframe = field(default_factory=lambda: Timeframe(text=""))
    output: str | None = None


@dataclass(slots=True)
class Directive:
    kind: Literal["monitor", "report", "subplan", "other"]
    text: str
    units: list[str] = field(default_factory=list)
    to: str | None = None
    cadence: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Extraction:
    source: Source
    document: DocumentInfo = field(default_factory=DocumentInfo)
    citations: list[Citation] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    directives: list[Directive] = field(default_factory=list)
    inferred: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The schema's JSON: plain dicts and lists, dates as yyyy-mm-dd strings."""
        data = asdict(self)
        data["document"]["date"] = self.document.date.to_json()
        return data
