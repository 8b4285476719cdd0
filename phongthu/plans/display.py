"""How plans, documents and schedules are written on pages (dd/mm/yyyy, Vietnamese)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from phongthu.documents.models import Document
from phongthu.plans.models import Recurrence, Task, TimeframeKind
from phongthu.text import format_date

_RECURRENCE = {
    Recurrence.MONTHLY: lambda: _("monthly"),
    Recurrence.QUARTERLY: lambda: _("quarterly"),
    Recurrence.HALF_YEARLY: lambda: _("every six months"),
    Recurrence.YEARLY: lambda: _("yearly"),
}

_CADENCE = {
    "periodic": lambda: _("periodically"),
    "ad_hoc": lambda: _("ad hoc"),
    "monthly": lambda: _("monthly"),
    "quarterly": lambda: _("quarterly"),
    "half_yearly": lambda: _("every six months"),
    "yearly": lambda: _("yearly"),
}


def schedule_label(task: Task) -> str:
    """The schedule read from the timeframe, in words: a due date, ongoing, a cadence."""
    due = format_date(task.due) if task.due else ""
    if task.kind == TimeframeKind.ONGOING:
        return _("Ongoing; due %(date)s") % {"date": due} if due else _("Ongoing")
    if task.kind == TimeframeKind.RECURRING:
        every = _RECURRENCE.get(task.recurrence)  # type: ignore[call-overload]
        label = _("Recurring, %(every)s") % {"every": every()} if every else _("Recurring")
        return f"{label}; " + _("first due %(date)s") % {"date": due} if due else label
    if task.kind == TimeframeKind.DEADLINE:
        return _("Due %(date)s") % {"date": due} if due else _("Deadline without a date")
    if task.kind == TimeframeKind.PERIOD:
        if task.start and task.due:
            return _("From %(start)s to %(end)s") % {
                "start": format_date(task.start),
                "end": due,
            }
        return _("Due %(date)s") % {"date": due} if due else _("Period without dates")
    return _("No deadline stated")


def cadence_label(cadence: list[str]) -> str:
    words = [_CADENCE[c]() for c in cadence if c in _CADENCE]
    return ", ".join(words)


def document_date(document: Document) -> str:
    """The date as dd/mm/yyyy; a part left blank in a draft shows as dots ("…/03/2024")."""
    day, month, year = document.date_day, document.date_month, document.date_year
    if not (day or month or year):
        return ""
    return (
        f"{f'{day:02d}' if day else '…'}/{f'{month:02d}' if month else '…'}/"
        f"{f'{year:04d}' if year else '…'}"
    )


def document_reference(document: Document) -> str:
    """The reference ("Số: 15/KH-KHCN"); a draft not yet numbered shows its symbol after a blank."""
    reference = document.reference.strip()
    if document.number or (reference and not reference.startswith("/")):
        return reference
    return f"…/{document.symbol}" if document.symbol else "…"


def task_number(task: Task) -> str:
    """The task's number ("I.2"): the group's label and the task's, as the table numbers them."""
    group = task.group.label if task.group_id and task.group else ""
    return f"{group}.{task.label}" if group and task.label else task.label or group


def plan_name(document: Document) -> str:
    """How a plan is named in lists: "Kế hoạch 15/KH-KHCN", or its title while unnumbered."""
    if document.number or document.symbol:
        return f"{document.type} {document_reference(document)}".strip()
    return document.title or document.type
