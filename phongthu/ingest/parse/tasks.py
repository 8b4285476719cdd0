"""Task tables → tasks: every row of work with its group, lead and support units and timeframe.

A document may hold several task tables, in the body or in appendices ("Phụ lục"). A
table is one when its header names a content column and a lead, support or time
column (`columns.read_header`); statistics and address lists are not. An inspection
schedule (unit inspected, time) is one: each row's content is the unit, with no lead.

Rows are read in order:

- a row numbered I, II, … or A, B, … with a title and nothing else is a group, and
  so is a bold or capitalised title alone on a row, or a numbered row with only a
  title whose next row is numbered under it ("1" then "1.1");
- a row whose number and content cells are merged with the row above (one task,
  several leads) adds its units, times and outputs to that task;
- in a numbered table, a row without a number continues the task above (the table
  was broken by a page: its text runs on), unless it has its own content, lead and
  time: then it is a task whose number was left out or lost, read with a warning;
- a table whose number column is empty everywhere was numbered by Word, and the
  readers do not give cell numbering: such rows are numbered 1, 2, … in order,
  restarting in each group, which is what Word shows in the usual lists;
- a table without a header right after a task table with the same columns, or with
  the same header repeated, carries on that table (a PDF page break).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from phongthu.ingest.model import Block, Paragraph, Table, Task, TaskGroup
from phongthu.ingest.parse.columns import Grid, Header, Role, build_grid, is_index_row, read_header
from phongthu.ingest.parse.timeframe import clean_text, fold, read_timeframe
from phongthu.ingest.parse.units import split_units

_GROUP_LABEL = re.compile(r"^(?:(?:PHẦN|Phần|MỤC|Mục|NHÓM|Nhóm)\s+)?([IVXLC]+|[A-ZĐ])\s*[.):]?$")
_GROUP_TITLED = re.compile(
    r"^(?:(?:PHẦN|Phần|MỤC|Mục|NHÓM|Nhóm)\s+)?([IVXLC]+|[A-ZĐ])\s*[.):\-–]\s*(\S.*)$", re.DOTALL
)
_SUB_LETTER = re.compile(r"^[a-zđ]\s*[.)]?$")
_TASK_LABEL = re.compile(r"^(\d{1,3}(?:\.\d{1,3})*|[a-zđ])\s*[.):]?$")
# Paragraphs this short between two tables are page furniture ("- 5 -", "(tiếp theo)").
_FURNITURE_CHARS = 40
_FURNITURE_COUNT = 3


@dataclass(slots=True)
class _Row:
    """One grid row, read through the header's column names."""

    texts: dict[Role, str]
    covered: bool  # the number or content cell is merged with a row above
    spanning: bool  # one cell runs across the whole row
    bold: bool
    own: list[str]

    label: str = ""  # the number cell, cleaned
    content: str = ""  # the content (or inspected unit) cell, cleaned

    def __post_init__(self) -> None:
        self.label = clean_text(self.get("label"))
        self.content = clean_text(self.get("content") or self.get("inspected"))

    def get(self, role: Role) -> str:
        return self.texts.get(role, "")

    @property
    def assigns(self) -> bool:
        return any(self.get(r).strip() for r in ("lead", "support", "time", "output"))


@dataclass(slots=True)
class TaskDraft:
    """A task being assembled from one or more rows."""

    group: TaskGroup | None
    label: str
    year: int | None
    content: list[str] = field(default_factory=list)
    lead: list[str] = field(default_factory=list)
    support: list[str] = field(default_factory=list)
    times: list[str] = field(default_factory=list)
    outputs: list[str] = field(default_factory=list)
    needs_lead: bool = True
    unnumbered: bool = False  # a row with no number in a numbered table

    def _units(self) -> tuple[tuple[Role, list[str]], ...]:
        return (("lead", self.lead), ("support", self.support))

    def _phrases(self) -> tuple[tuple[Role, list[str]], ...]:
        return (("time", self.times), ("output", self.outputs))

    def take(self, row: _Row) -> None:
        """The first row, or a sub-row merged with it: cells add up as separate entries."""
        if row.content and not row.covered:
            self.content.append(row.content)
        for role, bucket in self._units():
            if row.get(role).strip():
                bucket.append(row.get(role))
        for role, values in self._phrases():
            text = clean_text(row.get(role))
            if text and text not in values:
                values.append(text)

    def run_on(self, row: _Row) -> None:
        """A row cut off by a page break: each cell's text runs on from the one above."""
        if row.content:
            self.content.append(row.content)
        for role, bucket in self._units():
            text = row.get(role).strip()
            if text and bucket:
                bucket[-1] = f"{bucket[-1]}\n{text}"
            elif text:
                bucket.append(text)
        for role, values in self._phrases():
            text = clean_text(row.get(role))
            if text and values:
                values[-1] = f"{values[-1]} {text}"
            elif text:
                values.append(text)

    def build(self) -> tuple[Task, list[str]]:
        reading = read_timeframe("; ".join(self.times), year=self.year)
        task = Task(
            group=self.group,
            label=self.label,
            content=clean_text(" ".join(self.content)),
            lead=[unit for cell in self.lead for unit in split_units(cell)],
            support=[unit for cell in self.support for unit in split_units(cell)],
            timeframe=reading.timeframe,
            output="; ".join(self.outputs) or None,
        )
        warnings: list[str] = []
        name = _task_name(task)
        if self.unnumbered:
            warnings.append(
                f"{name} không có số thứ tự trong bảng; đã đọc thành một nhiệm vụ riêng, "
                "cần kiểm tra lại."
            )
        if self.needs_lead and not task.lead:
            warnings.append(f"{name} chưa có đơn vị chủ trì.")
        if not reading.understood:
            warnings.append(
                f"Không hiểu thời gian thực hiện của {name[0].lower()}{name[1:]}: "
                f"“{reading.timeframe.text}”."
            )
        return task, warnings


def _task_name(task: Task) -> str:
    if task.label and task.group is not None and task.group.label:
        return f"Nhiệm vụ {task.label} (mục {task.group.label})"
    if task.label:
        return f"Nhiệm vụ {task.label}"
    short = task.content if len(task.content) <= 50 else task.content[:50].rstrip() + "…"
    return f"Nhiệm vụ “{short}”"


@dataclass(slots=True)
class _State:
    """What carries from one table to the next one that continues it."""

    header: Header | None = None
    width: int = 0
    group: TaskGroup | None = None
    current: TaskDraft | None = None
    counter: int = 0
    labelled: bool = True


def extract_tasks(blocks: list[Block], *, year: int | None) -> tuple[list[Task], list[str]]:
    """Tasks of every task table among the blocks, in order, and warnings about them."""
    drafts: list[TaskDraft] = []
    warnings: list[str] = []
    state = _State()
    gap: list[Paragraph] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            gap.append(block)
            continue
        if block.layout or not block.rows:
            state = _State()
            gap = []
            continue
        adjacent = state.header is not None and _is_furniture(gap)
        gap = []
        state = _read_table(block, state, drafts, warnings, year=year, adjacent=adjacent)
    tasks: list[Task] = []
    for draft in drafts:
        task, task_warnings = draft.build()
        if task.content or task.lead or task.timeframe.text:
            tasks.append(task)
            warnings.extend(task_warnings)
    return tasks, warnings


def _is_furniture(paragraphs: list[Paragraph]) -> bool:
    texts = [p.text.strip() for p in paragraphs if p.text.strip()]
    return len(texts) <= _FURNITURE_COUNT and all(len(t) <= _FURNITURE_CHARS for t in texts)


def _read_table(
    table: Table,
    state: _State,
    drafts: list[TaskDraft],
    warnings: list[str],
    *,
    year: int | None,
    adjacent: bool,
) -> _State:
    grid = build_grid(table)
    width = len(grid[0]) if grid else 0
    header = read_header(grid)
    if header is None:
        if not (adjacent and state.header is not None and width == state.width):
            return _State()
        # A headerless table right after a task table of the same shape: the same
        # table, cut by a page break. Its rows are data from the first one.
        header = Header(rows=0, roles=state.header.roles, year=state.header.year)
    elif not (adjacent and state.header is not None and header.roles == state.header.roles):
        state = _State()
        if "lead" not in header.roles and not header.is_inspection:
            warnings.append(
                "Bảng nhiệm vụ không có cột đơn vị chủ trì: các nhiệm vụ trong bảng "
                "chưa được giao cho đơn vị nào."
            )
    rows = [_read_row(grid, r, header) for r in range(header.rows, len(grid))]
    rows = [row for row in rows if any(t.strip() for t in row.own) and not is_index_row(row.own)]
    if state.header is None:
        state.labelled = any(_TASK_LABEL.match(row.label) for row in rows if not row.covered)
    elif rows and _task_label(rows[0].label) == "1":
        # Same columns, but the numbering starts again: a new list, not the old group.
        state.group, state.current = None, None
    state.header, state.width = header, width
    doc_year = header.year or year
    needs_lead = "lead" in header.roles and not header.is_inspection
    repeated = [fold(clean_text(t)) for t in header.texts if t]
    for i, row in enumerate(rows):
        if _repeats(row, repeated):
            continue  # the header printed again at the top of a page
        current = state.current
        if row.covered and current is not None:
            current.take(row)
            continue
        following = rows[i + 1].label if i + 1 < len(rows) else ""
        group = _group_of(row, following)
        if group is not None:
            state.group, state.current, state.counter = group, None, 0
            continue
        unnumbered = False
        if row.label and state.labelled:
            label = _task_label(row.label)
        elif state.labelled or (not row.content and current is not None):
            if current is not None and not _stands_alone(row, header, current):
                current.run_on(row)
                continue
            label = ""
            unnumbered = current is not None
        else:
            state.counter += 1
            label = str(state.counter)
        draft = TaskDraft(group=state.group, label=label, year=doc_year, needs_lead=needs_lead)
        draft.unnumbered = unnumbered
        draft.take(row)
        drafts.append(draft)
        state.current = draft
    return state


def _repeats(row: _Row, header: list[str]) -> bool:
    """Whether the row's cells say what the header's do (compared cell by cell, so
    that a row of data costs one comparison)."""
    return (
        bool(header)
        and len(row.own) == len(header)
        and all(fold(clean_text(t)) == h for t, h in zip(row.own, header, strict=True))
    )


def _stands_alone(row: _Row, header: Header, current: TaskDraft) -> bool:
    """Whether a row without a number in a numbered table is a task of its own.

    A row a page break cut off continues the cells above: more words of the content,
    perhaps of the units, but the lead and the time were given on the first part. A row
    with its own content, lead and time (where the table has those columns) is a task
    whose number was left out or lost (OCR); running it on would give one task two leads.
    Except where the first part left the lead and the time empty and the row goes on
    with the sentence (lower case): cells set at mid-height put them on the second part.
    """
    needed = [role for role in ("lead", "time") if role in header.roles]
    if not (row.content and needed) or not all(row.get(role).strip() for role in needed):
        return False
    first_part_open = not current.lead and not current.times
    return not (first_part_open and row.content[:1].islower())


def _read_row(grid: Grid, r: int, header: Header) -> _Row:
    texts: dict[Role, str] = {}
    own: list[str] = []
    label_covered = False
    merged_content = ""
    bold = True
    cells = 0
    width = len(grid[r])
    spanning = False
    for c, slot in enumerate(grid[r]):
        if slot is None:
            continue
        role = header.roles[c] if c < len(header.roles) else None
        if slot.row < r:
            if role == "label" and slot.cell.text.strip():
                label_covered = True
            elif role in ("content", "inspected") and slot.col == c:
                merged_content = slot.cell.text
            continue
        if slot.col != c:
            continue  # the rest of a cell spanning several columns
        own.append(slot.cell.text)
        if slot.cell.text.strip():
            cells += 1
            bold = bold and slot.cell.bold
            spanning = spanning or slot.cell.col_span >= max(width - 1, 2)
        if role is None or role == "other":
            continue
        joiner = " - " if role == "time" else "\n"
        previous = texts.get(role, "")
        texts[role] = f"{previous}{joiner}{slot.cell.text}" if previous.strip() else slot.cell.text
    # A row under merged number and content cells is more of the task above; under a
    # merged content cell only, a row with its own number is a task of its own that
    # shares the wording ("1", "2" both "Kiểm tra …" with different units).
    own_label = bool(texts.get("label", "").strip())
    if merged_content.strip() and own_label:
        texts["content"] = merged_content
    return _Row(
        texts=texts,
        covered=label_covered or (bool(merged_content.strip()) and not own_label),
        spanning=spanning and cells == 1,
        bold=bold and cells > 0,
        own=own,
    )


def _task_label(text: str) -> str:
    m = _TASK_LABEL.match(text)
    return m.group(1) if m else text.rstrip(".):").strip()


def _group_of(row: _Row, following: str) -> TaskGroup | None:
    """The group this row opens, or None when it is a task (or part of one)."""
    if row.assigns:
        return None
    label, content = row.label, row.content
    if label and content:
        m = _GROUP_LABEL.match(label)
        if m:
            return TaskGroup(label=m.group(1), title=content)
        # "1" over "1.1", "1.2" (or over "a)", "b)"): a numbered heading, not a task.
        plain = _TASK_LABEL.match(label)
        under = following.startswith(f"{plain.group(1)}.") if plain else False
        if plain and plain.group(1).isdigit() and (under or _SUB_LETTER.match(following)):
            return TaskGroup(label=plain.group(1), title=content)
        return None
    title = label or content
    if not title or _TASK_LABEL.match(title):
        return None
    m = _GROUP_TITLED.match(title)
    if m:
        return TaskGroup(label=m.group(1), title=clean_text(m.group(2)))
    # A title alone on its row is a heading when set apart by bold, capitals or a span
    # across the table; otherwise it is text run on from a page break.
    letters = [ch for ch in title if ch.isalpha()]
    shouting = bool(letters) and all(ch.isupper() for ch in letters)
    if title[:1].isupper() and (row.bold or shouting or row.spanning):
        return TaskGroup(label="", title=title)
    return None
