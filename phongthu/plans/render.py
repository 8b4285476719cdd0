"""A plan as an official document: the model `documents.render` lays out in DOCX and PDF.

The plan is printed from what the system holds about it:

- the header, type name, title, signer, recipients and archive from its `Document`;
- a "Căn cứ …" paragraph for each document it is based on (its basis citations);
- the body's outline as the plan's document had it (its extraction keeps the
  headings), with the task table under the content part ("NỘI DUNG", "NHIỆM VỤ") and
  the standing orders under "TỔ CHỨC THỰC HIỆN"; a plan without an outline gets those
  two parts. The text of other parts (purpose, requirements) is not kept by the
  system, so their headings stand empty for the drafter to fill in;
- the task table: groups (I, II) as full-width rows, then each task with its number,
  content, lead and support units as they were printed, and its timeframe.

Load the plan with `documents.queries.plan_for_rendering` so this costs no queries.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.text import slugify

from phongthu.documents.models import Citation, CitationRole, Document
from phongthu.documents.render import Format, RenderedFile, render
from phongthu.documents.render.model import (
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
from phongthu.plans.models import AssignmentRole, Plan, Task
from phongthu.text import clean, format_date, search_key

PLAN_TYPE = "Kế hoạch"
TASK_COLUMNS = (
    Column("TT", 12, "center"),
    Column("Nội dung nhiệm vụ", 68, "justify"),
    Column("Đơn vị chủ trì", 30, "center"),
    Column("Đơn vị phối hợp", 30, "center"),
    Column("Thời gian thực hiện", 25, "center"),
)
CONTENT_SECTION = "NỘI DUNG"
IMPLEMENTATION_SECTION = "TỔ CHỨC THỰC HIỆN"
_CONTENT_KEYS = ("noi dung", "nhiem vu")
_IMPLEMENTATION_KEY = "to chuc thuc hien"
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


def plan_document(plan: Plan) -> OfficialDocument:
    """The plan, ready for `render_docx`."""
    document = plan.document
    return OfficialDocument(
        header=_header(plan, document),
        type_name=document.type or PLAN_TYPE,
        title=document.title,
        body=tuple(_body(plan, document)),
        signature=_signature(document),
        recipients=tuple(_recipients(document)),
        archive=tuple(document.archive) or _default_archive(plan),
    )


def _header(plan: Plan, document: Document) -> Header:
    reference = document.reference or (f"/{document.symbol}" if document.symbol else "")
    return Header(
        issuer=document.issuer or plan.owner.name,
        issuer_parent=document.issuer_parent,
        reference=reference,
        place=document.place,
        year=document.date_year,
        month=document.date_month,
        day=document.date_day,
    )


# --- body ----------------------------------------------------------------------------------


def _body(plan: Plan, document: Document) -> Iterable[Block]:
    yield from _basis(plan, document)
    sections = _outline(document)
    content = _find(sections, _CONTENT_KEYS)
    implementation = _find(sections, (_IMPLEMENTATION_KEY,))
    if implementation is None:
        implementation = len(sections)
        sections.append({"label": _ROMAN[min(len(sections), 11)], "title": IMPLEMENTATION_SECTION})
    if content is None:
        content = implementation - 1 if implementation > 0 else 0
        if not sections[content:implementation]:
            # Nothing stands before the implementation part: the table gets its own.
            sections.insert(implementation, {"label": "", "title": CONTENT_SECTION})
            implementation += 1
    for index, section in enumerate(sections):
        yield from _headings(section, level=1)
        if index == content:
            yield _task_table(plan)
        if index == implementation:
            yield from _directives(plan, document)


def _basis(plan: Plan, document: Document) -> Iterable[Block]:
    citations: list[Citation] = [
        c for c in document.citations.all() if c.role == CitationRole.BASIS
    ]
    for citation in citations:
        yield Paragraph.of(f"Căn cứ {_cited(citation)};")
    if citations:
        yield Paragraph.of(f"{plan.owner.name} xây dựng kế hoạch như sau:")


def _cited(citation: Citation) -> str:
    """'Kế hoạch số 42/KH-UBND ngày 29/02/2024 của Ban Chỉ huy phòng thủ dân sự tỉnh'."""
    parts = [f"{citation.type or 'Văn bản'} số {citation.reference}"]
    if citation.date is not None:
        parts.append(f"ngày {format_date(citation.date)}")
    if citation.issuer:
        parts.append(f"của {citation.issuer}")
    return " ".join(parts)


def _outline(document: Document) -> list[dict[str, Any]]:
    extraction = document.extraction or {}
    sections = [s for s in extraction.get("sections") or [] if isinstance(s, dict)]
    if sections:
        return [dict(s) for s in sections]
    return [{"label": "I", "title": CONTENT_SECTION}]


def _find(sections: list[dict[str, Any]], keys: tuple[str, ...]) -> int | None:
    for index, section in enumerate(sections):
        title = search_key(str(section.get("title") or ""))
        if any(key in title for key in keys):
            return index
    return None


def _headings(section: dict[str, Any], *, level: int) -> Iterable[Block]:
    title = clean(str(section.get("title") or ""))
    if title:
        yield Heading(clean(str(section.get("label") or "")), title, level=min(level, 3))
    for child in section.get("children") or []:
        if isinstance(child, dict):
            yield from _headings(child, level=level + 1)


def _task_table(plan: Plan) -> Table:
    rows: list[Row] = []
    group_id: int | None = None
    for task in plan.tasks.all():
        if task.group is not None and task.group.pk != group_id:
            group_id = task.group.pk
            rows.append(
                Row(
                    (
                        Cell.of(task.group.label, bold=True),
                        Cell.of(task.group.title, span=len(TASK_COLUMNS) - 1, bold=True),
                    ),
                    keep_with_next=True,
                )
            )
        rows.append(
            Row(
                (
                    Cell.of(task.label),
                    Cell.of(task.content),
                    Cell(_unit_lines(task, AssignmentRole.LEAD)),
                    Cell(_unit_lines(task, AssignmentRole.SUPPORT)),
                    Cell.of(task.timeframe_text),
                )
            )
        )
    return Table(columns=TASK_COLUMNS, rows=tuple(rows))


def units_as_printed(task: Task, role: AssignmentRole) -> list[str]:
    """The unit names of a task's cell as the plan printed them, in order, each once.

    A collective ("Các phòng, đơn vị thuộc Sở") became one assignment per unit, each
    remembering the words printed; those words are printed once again.
    """
    names: list[str] = []
    for assignment in task.assignments.all():
        if assignment.role != role:
            continue
        name = assignment.as_printed or assignment.unit.name
        if name not in names:
            names.append(name)
    return names


def _unit_lines(task: Task, role: AssignmentRole) -> tuple[str, ...]:
    """One unit a line, separated by semicolons as typed documents separate them."""
    names = units_as_printed(task, role)
    return tuple(f"{name};" if i < len(names) - 1 else name for i, name in enumerate(names))


def _directives(plan: Plan, document: Document) -> Iterable[Block]:
    texts: list[str] = []
    for directive in (document.extraction or {}).get("directives") or []:
        text = clean(str(directive.get("text") or "")) if isinstance(directive, dict) else ""
        if text and text not in texts:
            texts.append(text)
    if not texts and plan.monitoring_unit is not None:
        to = plan.reports_to or "Thủ trưởng cơ quan"
        texts.append(
            f"Giao {plan.monitoring_unit.name} theo dõi, đôn đốc, kiểm tra việc thực hiện "
            f"Kế hoạch này, định kỳ (hoặc đột xuất) báo cáo kết quả thực hiện với {to}."
        )
    for index, text in enumerate(texts):
        if index == len(texts) - 1:
            text = _closing_mark(text)
        yield Paragraph.of(text)


def _closing_mark(text: str) -> str:
    """The body's last sentence ends "./." (Nghị định 30/2020: the end of the text)."""
    if text.endswith("./."):
        return text
    return f"{text.rstrip('.;,: ')}./."


# --- closing -------------------------------------------------------------------------------


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
        elif isinstance(item, str) and item.strip():
            yield Recipient(name=clean(item))


def _default_archive(plan: Plan) -> tuple[str, ...]:
    """'Lưu: VT, <the drafting unit>.': the Office that monitors the plan drafted it."""
    unit = plan.monitoring_unit
    return ("VT", unit.short_name) if unit is not None and unit.short_name else ("VT",)


# --- files ---------------------------------------------------------------------------------


def plan_file_stem(plan: Plan) -> str:
    """A file name people recognise: 'ke-hoach-15-kh-khcn-2024', 'ke-hoach-kh-khcn-2024'."""
    document = plan.document
    words = [document.type or PLAN_TYPE, document.number, document.symbol, str(plan.year)]
    return slugify(search_key(" ".join(w for w in words if w))) or f"ke-hoach-{plan.pk}"


def plan_render(plan: Plan, fmt: Format) -> RenderedFile:
    """The plan as a DOCX or PDF file: the one door for the download links and the CLI."""
    return render(plan_document(plan), fmt, stem=plan_file_stem(plan))
