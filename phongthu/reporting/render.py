"""A compiled report as an official document: the model `documents.render` lays out.

The Báo cáo is printed through the same renderer as a plan (`documents.render`), in
the format of Nghị định 30/2020:

- the header, number, date, title, signer, recipients and archive from its `Document`;
- the opening paragraph, then the four parts (I. kết quả thực hiện; II. tồn tại, hạn
  chế và nguyên nhân; III. nhiệm vụ trọng tâm kỳ tới; IV. đề xuất, kiến nghị) as the
  Office wrote them, and a closing sentence ending "./.";
- an appendix: every task of the plan with its lead units, its status at the cut-off
  and its result (`content.task_lines`).

In the parts' text a line "1. …" is a numbered heading, any other line a paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.utils.text import slugify

from phongthu.documents.models import Document
from phongthu.documents.render import Format, RenderedFile, render
from phongthu.documents.render.model import (
    Appendix,
    Block,
    Cell,
    Column,
    Header,
    Heading,
    OfficialDocument,
    Paragraph,
    Recipient,
    Row,
    Signature,
    Table,
)
from phongthu.reporting.content import TaskLine
from phongthu.reporting.models import CompiledReport
from phongthu.text import clean, format_date, search_key

REPORT_TYPE = "Báo cáo"
REPORT_CODE = "BC"
PARTS = (
    ("I", "KẾT QUẢ THỰC HIỆN", "results"),
    ("II", "TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN", "difficulties"),
    ("III", "NHIỆM VỤ TRỌNG TÂM KỲ TỚI", "next_steps"),
    ("IV", "ĐỀ XUẤT, KIẾN NGHỊ", "proposals"),
)
# The text width of an A4 page in the decree's margins is 165 mm.
APPENDIX_COLUMNS = (
    Column("TT", 12, "center"),
    Column("Nội dung nhiệm vụ", 58, "justify"),
    Column("Đơn vị chủ trì", 30, "center"),
    Column("Tình trạng", 27, "center"),
    Column("Kết quả", 38, "justify"),
)
_NUMBERED = re.compile(r"^(\d{1,2})\.\s+(\S.*)$")


def text_blocks(text: str) -> list[Block]:
    """A part's text as blocks: "1. …" a numbered heading, other lines paragraphs."""
    blocks: list[Block] = []
    for raw in (text or "").splitlines():
        line = clean(raw)
        if not line:
            continue
        match = _NUMBERED.match(line)
        if match:
            blocks.append(Heading(match.group(1), match.group(2), level=2))
        else:
            blocks.append(Paragraph.of(line))
    return blocks


def _header(document: Document, fallback_issuer: str) -> Header:
    reference = document.reference or (f"/{document.symbol}" if document.symbol else "")
    return Header(
        issuer=document.issuer or fallback_issuer,
        issuer_parent=document.issuer_parent,
        reference=reference,
        place=document.place,
        year=document.date_year,
        month=document.date_month,
        day=document.date_day,
    )


def _signature(document: Document) -> Signature:
    lines: list[str] = []
    if document.signer_authority:
        lines.append(f"{document.signer_authority} {document.signer_on_behalf_of}".strip())
    if document.signer_position:
        lines.append(document.signer_position)
    return Signature(lines=tuple(lines), name=document.signer_name)


def _recipients(document: Document) -> Iterable[Recipient]:
    for item in document.recipients or []:
        if isinstance(item, dict) and item.get("name"):
            yield Recipient(name=clean(item["name"]), purpose=clean(item.get("purpose") or ""))


def closing_sentence(document: Document, issuer: str) -> str:
    title = clean(document.title)
    subject = title[:1].lower() + title[1:] if title else "báo cáo"
    return f"Trên đây là báo cáo {subject} của {issuer}./."


def _body(report: CompiledReport, issuer: str) -> list[Block]:
    blocks: list[Block] = [Paragraph.of(line) for line in text_blocks_lines(report.opening)]
    for label, title, field_name in PARTS:
        blocks.append(Heading(label, title, level=1))
        blocks += text_blocks(getattr(report, field_name))
    blocks.append(Paragraph.of(closing_sentence(report.document, issuer)))
    return blocks


def text_blocks_lines(text: str) -> list[str]:
    return [clean(line) for line in (text or "").splitlines() if clean(line)]


def _appendix(report: CompiledReport, lines: list[TaskLine]) -> Appendix:
    document = report.document
    reference = document.reference if document.number else ""
    if reference and document.date is not None:
        note = f"(Kèm theo Báo cáo số {reference} ngày {format_date(document.date)})"
    else:
        note = f"(Kèm theo Báo cáo của {document.issuer})"
    rows: list[Row] = []
    group: tuple[str, str] | None = None
    for line in lines:
        key = (line.group_label, line.group_title)
        if key != group and (line.group_label or line.group_title):
            group = key
            rows.append(
                Row(
                    (
                        Cell.of(line.group_label, bold=True),
                        Cell.of(line.group_title, span=len(APPENDIX_COLUMNS) - 1, bold=True),
                    ),
                    keep_with_next=True,
                )
            )
        statuses = tuple(
            f"{unit}: {status.label}" if len(line.statuses) > 1 else str(status.label)
            for unit, status in line.statuses
        )
        rows.append(
            Row(
                (
                    Cell.of(line.label),
                    Cell.of(line.content),
                    Cell(tuple(line.leads)),
                    Cell(statuses),
                    Cell.of(line.result),
                )
            )
        )
    return Appendix(
        title="PHỤ LỤC",
        subtitle="TÌNH HÌNH THỰC HIỆN CÁC NHIỆM VỤ",
        note=note,
        blocks=(Table(columns=APPENDIX_COLUMNS, rows=tuple(rows), font_size=12),),
    )


def compiled_document(report: CompiledReport, lines: list[TaskLine]) -> OfficialDocument:
    """The compiled report, ready for `render_docx`."""
    document = report.document
    issuer = document.issuer or report.request.plan.owner.name
    return OfficialDocument(
        header=_header(document, issuer),
        type_name=document.type or REPORT_TYPE,
        title=document.title,
        body=tuple(_body(report, issuer)),
        signature=_signature(document),
        recipients=tuple(_recipients(document)),
        archive=tuple(document.archive) or ("VT",),
        appendices=(_appendix(report, lines),),
    )


def compiled_file_stem(report: CompiledReport) -> str:
    """'bao-cao-01-bc-khcn-2024-q2', 'bao-cao-bc-khcn-2024-q2' before its number."""
    document = report.document
    words = [REPORT_TYPE, document.number, document.symbol, report.request.period_key]
    if not report.request.period_key:
        words.append(f"dot-xuat-{report.request.pk}")
    return slugify(search_key(" ".join(w for w in words if w))) or f"bao-cao-{report.pk}"


def compiled_render(report: CompiledReport, lines: list[TaskLine], fmt: Format) -> RenderedFile:
    """The compiled report as DOCX or PDF: the one door of the downloads, the e-mail and
    the CLI. PDF raises `documents.render.pdf.PdfUnavailable` / `RenderError`."""
    return render(compiled_document(report, lines), fmt, stem=compiled_file_stem(report))
