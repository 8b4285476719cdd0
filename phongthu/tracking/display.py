"""How tracking facts are written on pages: labels of statuses, actions and changes.

Only presentation: which fact holds is decided in `tracking.status`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from phongthu.org.display import person_name
from phongthu.plans.models import AssignmentRole, AssignmentState
from phongthu.reporting.periods import parse_period
from phongthu.tracking.metrics import metric_label
from phongthu.tracking.models import AuditEntry
from phongthu.tracking.status import ReportState, TaskStatus

# The CSS class of each status (colours in tracking.css).
STATUS_CLASS = {
    TaskStatus.DONE_ON_TIME: "st-done",
    TaskStatus.DONE_LATE: "st-late",
    TaskStatus.OPEN_ON_TIME: "st-open",
    TaskStatus.OPEN_OVERDUE: "st-overdue",
}

ACTIONS: dict[str, str | Promise] = {
    "progress.submit": _("reported progress"),
    "progress.amend": _("amended this period's report"),
    "evidence.add": _("attached evidence"),
    "assignment.report": _("status changed by a report"),
    "assignment.edit": _("corrected by the Office"),
}

FIELDS: dict[str, str | Promise] = {
    "state": _("Status"),
    "status": _("Status"),
    "percent": _("Percent done"),
    "completed_on": _("Completed on"),
    "due": _("Due"),
    "last_reported_at": _("Last reported"),
    "version": _("Version"),
    "narrative": _("What was done"),
    "metrics": _("Figures"),
    "period_key": _("Reporting period"),
    "filename": _("File"),
    "size": _("Size"),
    "reason": _("Reason"),
}
_HIDDEN = {"sha256", "update"}


def status_label(value: str) -> str | Promise:
    try:
        return TaskStatus(value).label
    except ValueError:
        return value


def report_label(value: str) -> str | Promise:
    try:
        return ReportState(value).label
    except ValueError:
        return value


def state_label(value: str) -> str | Promise:
    try:
        return AssignmentState(value).label
    except ValueError:
        return value


def role_label(value: str) -> str | Promise:
    try:
        return AssignmentRole(value).label
    except ValueError:
        return value


def period_label(key: str) -> str:
    try:
        return parse_period(key).label
    except ValueError:
        return key


def _value(name: str, value: Any) -> str:
    if value is None or value == "" or value == {}:
        return "—"
    if name in {"state", "status"}:
        return str(state_label(str(value)))
    if name in {"completed_on", "due"}:
        try:
            return date_format(datetime.date.fromisoformat(str(value)), "SHORT_DATE_FORMAT")
        except ValueError:
            return str(value)
    if name == "last_reported_at":
        try:
            return date_format(datetime.datetime.fromisoformat(str(value)), "SHORT_DATETIME_FORMAT")
        except ValueError:
            return str(value)
    if name == "percent":
        return f"{value} %"
    if name == "period_key":
        return period_label(str(value))
    if name == "metrics" and isinstance(value, dict):
        return "; ".join(f"{metric_label(k)}: {v}" for k, v in value.items()) or "—"
    return str(value)


@dataclass(frozen=True)
class Change:
    field: str | Promise
    before: str
    after: str


@dataclass(frozen=True)
class AuditLine:
    entry: AuditEntry
    who: str
    action: str | Promise
    changes: list[Change]


def audit_line(entry: AuditEntry) -> AuditLine:
    """An audit entry as a page shows it: who, what, and each field that changed."""
    before = entry.before or {}
    after = entry.after or {}
    changes = []
    for name in [*after, *(k for k in before if k not in after)]:
        if name in _HIDDEN:
            continue
        old, new = before.get(name), after.get(name)
        if old == new:
            continue
        changes.append(Change(FIELDS.get(name, name), _value(name, old), _value(name, new)))
    return AuditLine(
        entry=entry,
        who=person_name(entry.actor) if entry.actor else str(_("the system")),
        action=ACTIONS.get(entry.action, entry.action),
        changes=changes,
    )
