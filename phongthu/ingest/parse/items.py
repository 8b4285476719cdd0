"""Tasks written as outline items, for a plan that has no task table.

Many plans list their tasks as numbered paragraphs under "II. NHIỆM VỤ" (or "NHIỆM VỤ
VÀ GIẢI PHÁP", "NỘI DUNG THỰC HIỆN"), each naming its units and its time in labelled
fields rather than in table cells:

    1. Tổ chức tuyên truyền … Chủ trì: Văn phòng Sở; phối hợp: các phòng. Thời gian: Quý II.
    2. Rà soát danh mục hồ sơ.
       - Đơn vị chủ trì: Phòng Hành chính.
       - Thời hạn hoàn thành: 30/9/2026.
    3. Tổ chức hội nghị sơ kết (chủ trì: Văn phòng Sở; thời gian: tháng 7).

An item is a task only when it carries a lead or a time field: the same outline in a
"Mục đích, yêu cầu" part, or a list of results, has none, and is not work assigned to
anyone. The item's text without its fields is the content; the fields are read as
the table cells with the same headings would be (units split as a "Chủ trì" cell,
the time through the timeframe parser). An item whose sub-items carry fields is a
group, like a group row of a task table.

The caller runs this only where no task table was found, so that a document with a
table never gains tasks from its prose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from phongthu.ingest.model import Paragraph, Task, TaskGroup
from phongthu.ingest.parse.columns import Role
from phongthu.ingest.parse.state import ParseState
from phongthu.ingest.parse.tasks import TaskDraft
from phongthu.ingest.parse.wording import fold, squash

__all__ = ["Field", "ItemText", "outline_tasks", "split_fields"]

# Field labels, on folded text (lower case, no diacritics; positions kept). Only a
# label printed as one ("Chủ trì:", a colon right after) counts: "do đơn vị chủ trì"
# in running text does not.
_UNIT_WORD = r"(?:(?:co\s+quan|don\s+vi|phong|bo\s+phan)(?:\s*,\s*(?:don\s+vi|co\s+quan))?\s+)"
_LABELS: tuple[tuple[Role, str], ...] = (
    ("lead", _UNIT_WORD + r"?chu\s+tri(?:\s*,?\s*thuc\s+hien)?"),
    ("lead", r"(?:co\s+quan|don\s+vi|bo\s+phan)\s+(?:thuc\s+hien|phu\s+trach)"),
    ("support", _UNIT_WORD + r"?phoi\s+hop(?:\s+thuc\s+hien)?"),
    (
        "time",
        r"(?:thoi\s+(?:gian|han)|tien\s+do)(?:\s+(?:thuc\s+hien|hoan\s+thanh|trien\s+khai))?"
        r"|han\s+hoan\s+thanh",
    ),
    (
        "output",
        r"(?:san\s+pham|ket\s+qua)(?:\s*(?:/|,|va)\s*(?:san\s+pham|ket\s+qua))?"
        r"(?:\s+(?:dau\s+ra|du\s+kien|can\s+dat))?",
    ),
)
# Where a label may stand: at the start of the item or of a line (after a bullet),
# after an opening parenthesis, or after the end of a clause.
_BULLET = r"[-–—+•*·▪●]"
_LABEL = re.compile(
    r"(?P<pre>^\s*(?:" + _BULLET + r"\s*)?|\n\s*(?:" + _BULLET + r"\s*)?|\(\s*|[.;,]\s+"
    r"|\s" + _BULLET + r"\s+)"
    r"(?P<label>" + "|".join(f"(?P<{role}{n}>{p})" for n, (role, p) in enumerate(_LABELS)) + r")"
    r"\s*:"
)
_ROLE_OF_GROUP = {f"{role}{n}": role for n, (role, _p) in enumerate(_LABELS)}
_TRIM = " \t\n.;,:-–"

# Outline parts that hold the tasks, and parts that never do (on folded titles).
_TASK_PART = re.compile(r"\b(?:nhiem\s+vu|giai\s+phap|noi\s+dung|hoat\s+dong|cong\s+viec)\b")
_NOT_TASKS = re.compile(
    r"^(?:muc\s+dich|yeu\s+cau|to\s+chuc\s+thuc\s+hien|trach\s+nhiem|kinh\s+phi|can\s+cu"
    r"|ket\s+qua|tinh\s+hinh|danh\s+gia|che\s+do\s+bao\s+cao)\b"
)


@dataclass(frozen=True, slots=True)
class Field:
    """One labelled field of an item: its role, the label as printed, the value."""

    role: Role
    label: str
    value: str


@dataclass(frozen=True, slots=True)
class ItemText:
    """An item's text split into what it says (content) and its labelled fields."""

    content: str
    fields: tuple[Field, ...]

    def values(self, role: Role) -> list[str]:
        return [f.value for f in self.fields if f.role == role and f.value]

    @property
    def assigns(self) -> bool:
        """Whether the item names a lead unit or a time: what makes it a task."""
        return bool(self.values("lead") or self.values("time"))


def split_fields(text: str) -> ItemText:
    """The item's content and its labelled fields.

    A field's value runs to the next label, the end of its line, or — for a field
    opened by a parenthesis — the closing parenthesis. What is not a label or a value
    is content; only separators (spaces, punctuation, parentheses) are dropped.
    """
    folded = fold(text)
    matches = list(_LABEL.finditer(folded))
    if not matches:
        return ItemText(content=_tidy(text), fields=())
    fields: list[Field] = []
    content: list[str] = [text[: matches[0].start()]]
    in_parens = False
    for n, m in enumerate(matches):
        in_parens = in_parens or "(" in m.group("pre")
        role = _ROLE_OF_GROUP[next(k for k in _ROLE_OF_GROUP if m.group(k) is not None)]
        stop = matches[n + 1].start() if n + 1 < len(matches) else len(text)
        end = m.end()
        newline = text.find("\n", end, stop)
        value_end = newline if newline >= 0 else stop
        value = text[end:value_end]
        if in_parens:
            close = text.find(")", end, value_end)
            if close >= 0:
                value, value_end, in_parens = text[end:close], close + 1, False
        fields.append(
            Field(
                role=role, label=squash(text[m.start("label") : m.end("label")]), value=_tidy(value)
            )
        )
        # What follows the value on its line, up to the next label, is content again.
        content.append(text[value_end:stop])
    return ItemText(content=_tidy(" ".join(content)), fields=tuple(fields))


def _tidy(text: str) -> str:
    text = re.sub(r"\(\s*[.;,:]*\s*\)", " ", text)  # a parenthesis emptied of its fields
    return squash(text).strip(_TRIM).strip()


# --- the outline -----------------------------------------------------------------------------


@dataclass(slots=True)
class _Node:
    block: int
    level: int
    label: str
    title: str
    lines: list[str] = field(default_factory=list)  # the heading's text and its paragraphs
    children: list[_Node] = field(default_factory=list)

    def subtree_lines(self) -> list[str]:
        return self.lines + [line for child in self.children for line in child.subtree_lines()]


def _tree(state: ParseState) -> list[_Node]:
    heads = sorted(state.headings.items())
    roots: list[_Node] = []
    stack: list[_Node] = []
    for n, (block, (level, title)) in enumerate(heads):
        node = _Node(
            block=block, level=level, label=state.heading_labels.get(block, ""), title=title
        )
        node.lines.append(title)
        end = heads[n + 1][0] if n + 1 < len(heads) else state.body_end
        for i in range(block + 1, end):
            item = state.blocks[i]
            if isinstance(item, Paragraph) and squash(item.text):
                node.lines.append(squash(item.text))
        _split_decimal(node)
        while stack and stack[-1].level >= level:
            stack.pop()
        (stack[-1].children if stack else roots).append(node)
        stack.append(node)
    return roots


_DECIMAL = re.compile(
    r"^(?P<label>\d{1,2}(?:\.\d{1,2})+)\s*[.)]?\s+(?P<title>[^\d\s].*)$", re.DOTALL
)


def _split_decimal(node: _Node) -> None:
    """Items numbered "1.1", "1.2" under an item: the outline does not keep them, but
    each may be a task of its own, so they become the item's children here (nested by
    their number of parts), with the paragraphs that follow each."""
    lines, node.lines = node.lines, node.lines[:1]
    stack: list[tuple[int, _Node]] = []
    for line in lines[1:]:
        m = _DECIMAL.match(line)
        if m is None:
            (stack[-1][1] if stack else node).lines.append(line)
            continue
        depth = m.group("label").count(".")
        child = _Node(block=node.block, level=node.level, label=m.group("label"), title="")
        child.title = m.group("title")
        child.lines.append(child.title)
        while stack and stack[-1][0] >= depth:
            stack.pop()
        (stack[-1][1] if stack else node).children.append(child)
        stack.append((depth, child))


def _scopes(nodes: list[_Node]) -> list[_Node]:
    """The parts whose items are tasks: named for tasks, the outermost on each path."""
    found: list[_Node] = []
    for node in nodes:
        title = fold(squash(node.title))
        if _TASK_PART.search(title) and not _NOT_TASKS.match(title):
            found.append(node)
        else:
            found.extend(_scopes(node.children))
    return found


def outline_tasks(state: ParseState) -> tuple[list[Task], list[str]]:
    """Tasks read from the outline items of the tasks part, and warnings about them."""
    roots = _tree(state)
    scopes = _scopes(roots)
    drafts: list[TaskDraft] = []
    for child in (child for scope in scopes for child in scope.children):
        _walk(child, None, drafts, year=state.year)
    if not drafts:
        # No part named for tasks holds any ("KẾ HOẠCH TRIỂN KHAI"): the top-level
        # items themselves, but never the parts that state aims, results or how the
        # plan is carried out.
        for node in roots:
            if all(node is not s for s in scopes) and not _NOT_TASKS.match(
                fold(squash(node.title))
            ):
                _walk(node, None, drafts, year=state.year)
    leads = any(draft.lead for draft in drafts)
    tasks: list[Task] = []
    warnings: list[str] = []
    for draft in drafts:
        draft.needs_lead = leads
        task, task_warnings = draft.build()
        tasks.append(task)
        warnings.extend(task_warnings)
    return tasks, warnings


def _walk(node: _Node, group: TaskGroup | None, out: list[TaskDraft], *, year: int | None) -> None:
    own = split_fields("\n".join(node.lines))
    below = any(_assigns_below(child) for child in node.children)
    if not below:
        whole = split_fields("\n".join(node.subtree_lines())) if node.children else own
        if whole.assigns and whole.content:
            out.append(_draft(node, whole, group, year))
        return
    if own.assigns and own.content:
        out.append(_draft(node, own, group, year))
    inner = TaskGroup(label=node.label, title=_title(own.content or node.title))
    for child in node.children:
        _walk(child, inner, out, year=year)


def _assigns_below(node: _Node) -> bool:
    return split_fields("\n".join(node.lines)).assigns or any(
        _assigns_below(child) for child in node.children
    )


def _draft(node: _Node, item: ItemText, group: TaskGroup | None, year: int | None) -> TaskDraft:
    draft = TaskDraft(group=group, label=node.label, year=year)
    draft.content.append(item.content)
    draft.lead.extend(item.values("lead"))
    draft.support.extend(item.values("support"))
    draft.times.extend(item.values("time"))
    draft.outputs.extend(item.values("output"))
    return draft


def _title(text: str) -> str:
    return squash(text).rstrip(" .:;")
