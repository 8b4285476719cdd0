"""The columns of a task table: where each cell really stands, and what each column holds.

Readers give a table as rows of the cells that *start* in each row, with their spans
(`Table`). Merged cells therefore shift the cells after them; `build_grid` puts every
cell back on its column so that "the Chủ trì column of row 7" means one thing, and
tells a cell that starts in a row from one that only covers it from above.

`read_header` then finds the header row(s) and names each column by its heading,
compared folded (no diacritics, lower case) so any typing of "Cơ quan chủ trì" or
"PHÒNG, ĐƠN VỊ CHỦ TRÌ" is recognised. A heading spanning two rows ("Đơn vị thực
hiện" over "Chủ trì | Phối hợp") names a column by its lowest, most specific line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from phongthu.ingest.model import Cell, Table
from phongthu.ingest.parse.timeframe import fold

Role = Literal["label", "content", "lead", "support", "time", "output", "inspected", "other"]


@dataclass(frozen=True, slots=True)
class Slot:
    """A grid position: the cell covering it and where that cell starts."""

    cell: Cell
    row: int
    col: int


Grid = list[list[Slot | None]]


def build_grid(table: Table) -> Grid:
    """Every row as a list of slots, one per column, merged cells repeated where they cover."""
    taken: dict[tuple[int, int], Slot] = {}
    height = len(table.rows)
    width = 0
    for r, row in enumerate(table.rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            slot = Slot(cell, r, c)
            for dr in range(max(cell.row_span, 1)):
                if r + dr >= height:
                    break
                for dc in range(max(cell.col_span, 1)):
                    taken[(r + dr, c + dc)] = slot
            c += max(cell.col_span, 1)
        width = max(width, c)
    if taken:
        width = max(width, max(col for _, col in taken) + 1)
    return [[taken.get((r, c)) for c in range(width)] for r in range(height)]


# Headings, matched on folded text in this order: the first rule that matches names
# the column. Specific words come before generic ones, so "Thời gian thực hiện" is a
# time and "Nhiệm vụ thực hiện" a content column although both say "thực hiện".
_RULES: tuple[tuple[Role, re.Pattern[str]], ...] = (
    ("label", re.compile(r"^(?:s\s*\.?\s*)?t\s*\.?\s*t\s*\.?$|^so\s+(?:thu\s+tu|tt)\b|^tt\b")),
    ("other", re.compile(r"\btheo\s+doi\b|\bdon\s+doc\b|\bgiam\s+sat\b|\bghi\s+chu\b")),
    ("other", re.compile(r"\bkinh\s+phi\b|\bdu\s+toan\b|\bnguon\s+von\b|\bso\s+luong\b")),
    ("support", re.compile(r"\bphoi\s+hop\b")),
    ("lead", re.compile(r"\bchu\s+tri\b")),
    (
        "time",
        re.compile(
            r"\bthoi\s+(?:gian|han|diem)\b|\btien\s+do\b|\bmoc\b|\bhan\s+hoan"
            r"|\bngay\s+(?:hoan\s+thanh|thuc\s+hien|bat\s+dau|ket\s+thuc)\b|^nam\s+thuc\s+hien\b"
        ),
    ),
    ("output", re.compile(r"\bsan\s+pham\b|\bket\s+qua\b")),
    (
        "inspected",
        re.compile(
            r"\b(?:duoc|bi)\s+(?:kiem\s+tra|thanh\s+tra|giam\s+sat)\b"
            r"|\bdoi\s+tuong\s+(?:kiem\s+tra|thanh\s+tra)\b"
        ),
    ),
    (
        "content",
        re.compile(r"\bnoi\s+dung\b|\bnhiem\s+vu\b|\bcong\s+viec\b|\bde\s+an\b|\bhoat\s+dong\b"),
    ),
    (
        "lead",
        re.compile(
            r"\bthuc\s+hien\b|\btrach\s+nhiem\b|\bphu\s+trach\b|\bdam\s+nhiem\b"
            r"|\bduoc\s+giao\b|\bgiao\s+cho\b|\btham\s+muu\b"
        ),
    ),
)


def column_role(heading: str) -> Role | None:
    """What a column holds, judged by its heading; None for a heading we do not know."""
    key = fold(heading)
    key = re.sub(r"[()\[\]]", " ", key).strip(" .:")
    if not key:
        return None
    for role, pattern in _RULES:
        if pattern.search(key):
            return role
    return None


_YEAR_NOTE = re.compile(r"\bnam\s+((?:19|20|21)\d{2})\b")


@dataclass(slots=True)
class Header:
    """The header of a task table: where its data starts (`rows`) and what each column holds."""

    rows: int
    roles: list[Role | None]
    year: int | None = None  # "Thời gian (Năm 2026)": the year the dates of the table are in
    texts: list[str] = field(default_factory=list)

    def column(self, role: Role) -> int | None:
        return self.roles.index(role) if role in self.roles else None

    def columns(self, role: Role) -> list[int]:
        return [i for i, r in enumerate(self.roles) if r == role]

    @property
    def is_task_table(self) -> bool:
        has_work = "content" in self.roles or "inspected" in self.roles
        assigns = any(r in self.roles for r in ("lead", "support", "time"))
        return has_work and assigns

    @property
    def is_inspection(self) -> bool:
        return "inspected" in self.roles and "content" not in self.roles


_HEADER_SCAN = 4  # a header never starts below the fourth row (a title row may come first)


def read_header(grid: Grid) -> Header | None:
    """The header of a table that lists work, or None when no row reads as such a header."""
    for start in range(min(_HEADER_SCAN, len(grid))):
        own = _own_texts(grid, start)
        roles = [column_role(t) for t in own.values()]
        if not _looks_like_header(roles):
            continue
        end = start + 1
        while end < len(grid) and _continues_header(grid, start, end):
            end += 1
        header = _name_columns(grid, start, end)
        if header.is_task_table:
            return header
    return None


def _own_texts(grid: Grid, r: int) -> dict[int, str]:
    """Texts of the cells that start in row r, by their first column."""
    out: dict[int, str] = {}
    for c, slot in enumerate(grid[r]):
        if slot is not None and slot.row == r and slot.col == c and slot.cell.text.strip():
            out[c] = slot.cell.text
    return out


def _looks_like_header(roles: list[Role | None]) -> bool:
    known = [r for r in roles if r is not None]
    return len(known) >= 2 and any(r in ("content", "inspected", "label") for r in known)


def _continues_header(grid: Grid, start: int, r: int) -> bool:
    """A row under the header row that still names columns ("Chủ trì | Phối hợp")."""
    spanned = any(slot is not None and start <= slot.row < r for slot in grid[r])
    own = _own_texts(grid, r)
    if not own:
        return spanned
    named = [column_role(t) for t in own.values()]
    return spanned and all(role is not None for role in named)


def _name_columns(grid: Grid, start: int, end: int) -> Header:
    width = len(grid[0]) if grid else 0
    roles: list[Role | None] = []
    texts: list[str] = []
    year: int | None = None
    for c in range(width):
        lines = []
        for r in range(start, end):
            slot = grid[r][c]
            if slot is not None and slot.row == r and slot.cell.text.strip():
                lines.append(slot.cell.text)
        # The lowest heading is the most specific; a parent heading decides only when
        # the lower one says nothing we know.
        role = next((column_role(t) for t in reversed(lines) if column_role(t)), None)
        roles.append(role)
        texts.append(" / ".join(lines))
        if role == "time" and year is None:
            m = _YEAR_NOTE.search(fold(" ".join(lines)))
            year = int(m.group(1)) if m else None
    _split_shared_lead(grid, start, end, roles)
    _find_inspected(texts, roles)
    return Header(rows=end, roles=roles, year=year, texts=texts)


_NAMED_PLACE = re.compile(
    r"^(?:ten\s+)?(?:co\s+so|don\s+vi|doanh\s+nghiep|to\s+chuc|co\s+quan|dia\s+phuong)\b"
)
_INSPECTING = re.compile(r"\b(?:kiem\s+tra|thanh\s+tra|giam\s+sat)\b")


def _find_inspected(texts: list[str], roles: list[Role | None]) -> None:
    """An inspection schedule that heads its first column just "Tên cơ sở" / "Đơn vị".

    Such a column names the units inspected when another heading speaks of the
    inspection ("Thời gian kiểm tra"); in an address list nothing does.
    """
    if "content" in roles or "inspected" in roles:
        return
    if not any(_INSPECTING.search(fold(t)) for t in texts):
        return
    for c, text in enumerate(texts):
        if roles[c] is None and _NAMED_PLACE.match(fold(text)):
            roles[c] = "inspected"
            return


def _split_shared_lead(grid: Grid, start: int, end: int, roles: list[Role | None]) -> None:
    """One "Đơn vị thực hiện" heading over two unnamed columns: lead, then support.

    Some tables put the leading unit first and the others after it under one merged
    heading without a second header row; the first is the lead, the rest support.
    """
    seen: set[int] = set()
    for c, role in enumerate(roles):
        if role != "lead" or c in seen:
            continue
        slot = grid[end - 1][c]
        if slot is None or slot.row < start:
            continue
        spanned = [i for i in range(len(roles)) if grid[end - 1][i] is slot]
        seen.update(spanned)
        if len(spanned) == 2 and "support" not in roles:
            roles[spanned[1]] = "support"


_INDEX_CELL = re.compile(r"^\(?\s*\d{1,2}\s*\)?$")


def is_index_row(texts: list[str]) -> bool:
    """The "(1) | (2) | (3)" row that numbers the columns under some headers."""
    filled = [t.strip() for t in texts if t.strip()]
    return len(filled) >= 3 and all(_INDEX_CELL.match(t) for t in filled)
